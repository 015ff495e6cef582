/**
 * core/v1 Pod: defaults, validation (create and update), the `kubectl get pods` Table and the
 * field selectors upstream supports (`spec.nodeName`, `status.phase`, ...).
 */
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { validateContainersOnlyForPod } from './container-validation.js';
import { type FieldError } from './field-errors.js';
import { defaultPod } from './pod-defaults.js';
import { validatePodSpec } from './pod-spec-validation.js';
import { podStatusCells } from './pod-status.js';
import type { Pod } from './pod-types.js';
import { validatePodUpdate } from './pod-update-validation.js';
import { AGE_COLUMN, col, wide } from './table-columns.js';

export type { Pod };

function validatePod(pod: Pod): FieldError[] {
  const spec = pod.spec ?? {};
  return [
    ...validatePodSpec(spec, 'spec'),
    ...validateContainersOnlyForPod(spec.containers, 'spec.containers'),
    ...validateContainersOnlyForPod(spec.initContainers, 'spec.initContainers'),
  ];
}

function podIP(pod: Pod): string {
  return pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '';
}

/** `1/2` of the readiness gates whose condition is True, or `<none>`. */
function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const ok = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${ok}/${gates.length}`;
}

export const podStrategy = {
  nameRule: 'subdomain',
  defaults: defaultPod,
  validate: validatePod,
  validateUpdate: (pod: Pod, old: Pod) => [...validatePod(pod), ...validatePodUpdate(pod, old)],
  table: {
    columns: [
      col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'string', 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      AGE_COLUMN,
      wide('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
      wide('Node', 'string', 'NodeName indicates in which node this pod is scheduled.'),
      wide('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.'),
      wide('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.'),
    ],
    cells(pod: Pod, now: Date): unknown[] {
      const s = podStatusCells(pod, now);
      return [
        s.ready,
        s.status,
        s.restarts,
        formatAge(pod.metadata.creationTimestamp, now),
        podIP(pod) || '<none>',
        pod.spec?.nodeName || '<none>',
        pod.status?.nominatedNodeName || '<none>',
        readinessGates(pod),
      ];
    },
  },
  fieldSelectors: (pod: Pod) => ({
    'spec.nodeName': pod.spec?.nodeName ?? '',
    'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
    'spec.schedulerName': pod.spec?.schedulerName ?? '',
    'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': String(pod.spec?.hostNetwork ?? false),
    'status.phase': pod.status?.phase ?? '',
    'status.podIP': podIP(pod),
    'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
  }),
} satisfies KindStrategy<Pod>;

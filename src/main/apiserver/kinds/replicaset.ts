/**
 * apps/v1 ReplicaSet: 1 replica by default, upstream `ValidateReplicaSetSpec`, the immutable
 * selector, the `kubectl get rs` Table and the `status.replicas` field selector.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { validateWorkloadSelector, workloadSelectorCheck } from './deployment.js';
import { immutable, nonNegative, type FieldError } from './field-errors.js';
import { formatLabelSelector, type LabelSelectorSpec } from './label-selectors.js';
import { defaultPodTemplate, validateWorkloadTemplate } from './pod-template.js';
import type { PodTemplateSpec } from './pod-types.js';
import { AGE_COLUMN, col, containerCells, WORKLOAD_WIDE_COLUMNS } from './table-columns.js';

export interface ReplicaSet extends KubeObject {
  spec?: { replicas?: number; minReadySeconds?: number; selector?: LabelSelectorSpec; template?: PodTemplateSpec; [extra: string]: unknown };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number; [extra: string]: unknown };
}

function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  const spec = rs.spec ?? {};
  return [
    ...nonNegative('spec.replicas', spec.replicas),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...validateWorkloadSelector(spec.selector, 'spec.selector'),
    ...validateWorkloadTemplate(spec.template, 'spec.template', workloadSelectorCheck(spec.selector), 'ReplicaSet'),
  ];
}

/** DESIRED, CURRENT and READY, shared with ReplicationControllers. */
export const REPLICA_COLUMNS = [
  col('Desired', 'integer', 'Replicas is the number of desired replicas.'),
  col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
  col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
  AGE_COLUMN,
  ...WORKLOAD_WIDE_COLUMNS,
];

/** The row of a replica-keeping workload: desired, current, ready, age, containers, images, selector. */
export function replicaCells(
  obj: { metadata: { creationTimestamp?: string }; spec?: { replicas?: number; template?: PodTemplateSpec }; status?: { replicas?: number; readyReplicas?: number } },
  selector: string,
  now: Date,
): unknown[] {
  const [names, images] = containerCells(obj.spec?.template?.spec?.containers);
  return [
    obj.spec?.replicas ?? 0,
    obj.status?.replicas ?? 0,
    obj.status?.readyReplicas ?? 0,
    formatAge(obj.metadata.creationTimestamp, now),
    names,
    images,
    selector,
  ];
}

export const replicaSetStrategy = {
  nameRule: 'subdomain',
  defaults(rs: ReplicaSet): void {
    rs.spec ??= {};
    rs.spec.replicas ??= 1;
    defaultPodTemplate(rs.spec.template);
  },
  validate: validateReplicaSet,
  validateUpdate: (rs: ReplicaSet, old: ReplicaSet) => [
    ...validateReplicaSet(rs),
    ...immutable('spec.selector', rs.spec?.selector, old.spec?.selector),
  ],
  table: {
    columns: REPLICA_COLUMNS,
    cells: (rs: ReplicaSet, now: Date) => replicaCells(rs, formatLabelSelector(rs.spec?.selector), now),
  },
  fieldSelectors: (rs: ReplicaSet) => ({ 'status.replicas': String(rs.status?.replicas ?? 0) }),
} satisfies KindStrategy<ReplicaSet>;

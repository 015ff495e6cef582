/**
 * Field numbers of the remaining core/v1 kinds: ConfigMap, Secret, ServiceAccount, Event and
 * ReplicationController. Source: k8s.io/api/core/v1/generated.proto.
 */
import { core } from '../../schema/dsl.js';
import type { LayoutTable } from './types.js';

export const coreOtherLayouts: LayoutTable = {
  [core('ConfigMap')]: { fields: { metadata: 1, data: 2, binaryData: 3, immutable: 4 }, keepZero: ['immutable'] },
  [core('Secret')]: { fields: { metadata: 1, data: 2, type: 3, stringData: 4, immutable: 5 }, keepZero: ['immutable'] },
  [core('ServiceAccount')]: {
    fields: { metadata: 1, secrets: 2, imagePullSecrets: 3, automountServiceAccountToken: 4 },
    keepZero: ['automountServiceAccountToken'],
  },

  [core('Event')]: {
    fields: {
      metadata: 1, involvedObject: 2, reason: 3, message: 4, source: 5, firstTimestamp: 6, lastTimestamp: 7, count: 8,
      type: 9, eventTime: 10, series: 11, action: 12, related: 13, reportingComponent: 14, reportingInstance: 15,
    },
    keepZero: ['reportingComponent', 'reportingInstance'],
  },
  [core('EventSource')]: { fields: { component: 1, host: 2 } },
  [core('EventSeries')]: { fields: { count: 1, lastObservedTime: 2 } },

  [core('ReplicationController')]: { fields: { metadata: 1, spec: 2, status: 3 } },
  [core('ReplicationControllerSpec')]: {
    fields: { replicas: 1, selector: 2, template: 3, minReadySeconds: 4 }, keepZero: ['replicas'],
  },
  [core('ReplicationControllerStatus')]: {
    fields: { replicas: 1, fullyLabeledReplicas: 2, observedGeneration: 3, readyReplicas: 4, availableReplicas: 5, conditions: 6 },
    keepZero: ['replicas'],
  },
  [core('ReplicationControllerCondition')]: {
    fields: { type: 1, status: 2, lastTransitionTime: 3, reason: 4, message: 5 }, keepZero: ['type', 'status'],
  },
};

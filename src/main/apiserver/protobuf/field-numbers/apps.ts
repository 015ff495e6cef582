/**
 * Field numbers of apps/v1 Deployment and ReplicaSet. Source: k8s.io/api/apps/v1/generated.proto.
 */
import type { LayoutTable } from './types.js';

const apps = (type: string): string => `io.k8s.api.apps.v1.${type}`;

export const appsLayouts: LayoutTable = {
  [apps('Deployment')]: { fields: { metadata: 1, spec: 2, status: 3 } },
  [apps('DeploymentSpec')]: {
    fields: {
      replicas: 1, selector: 2, template: 3, strategy: 4, minReadySeconds: 5, revisionHistoryLimit: 6, paused: 7,
      progressDeadlineSeconds: 9,
    },
    keepZero: ['replicas', 'revisionHistoryLimit', 'progressDeadlineSeconds'],
  },
  [apps('DeploymentStrategy')]: { fields: { type: 1, rollingUpdate: 2 } },
  [apps('RollingUpdateDeployment')]: { fields: { maxUnavailable: 1, maxSurge: 2 } },
  [apps('DeploymentStatus')]: {
    fields: {
      observedGeneration: 1, replicas: 2, updatedReplicas: 3, availableReplicas: 4, unavailableReplicas: 5,
      conditions: 6, readyReplicas: 7, collisionCount: 8,
    },
    keepZero: ['collisionCount'],
  },
  [apps('DeploymentCondition')]: {
    fields: { type: 1, status: 2, reason: 4, message: 5, lastUpdateTime: 6, lastTransitionTime: 7 },
    keepZero: ['type', 'status'],
  },

  [apps('ReplicaSet')]: { fields: { metadata: 1, spec: 2, status: 3 } },
  [apps('ReplicaSetSpec')]: { fields: { replicas: 1, selector: 2, template: 3, minReadySeconds: 4 }, keepZero: ['replicas'] },
  [apps('ReplicaSetStatus')]: {
    fields: { replicas: 1, fullyLabeledReplicas: 2, observedGeneration: 3, readyReplicas: 4, availableReplicas: 5, conditions: 6 },
    keepZero: ['replicas'],
  },
  [apps('ReplicaSetCondition')]: {
    fields: { type: 1, status: 2, lastTransitionTime: 3, reason: 4, message: 5 }, keepZero: ['type', 'status'],
  },
};

/**
 * The shapes of the workload objects the replica and deployment controllers read and write.
 * Objects are plain JSON from the API; only the fields these controllers use are named.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { LabelSelectorSpec } from '../../../shared/api/label-selector.js';
import type { Pod, PodTemplateSpec } from '../../apiserver/kinds/pod-types.js';

export type { Pod, PodTemplateSpec };

/** A condition of a ReplicaSet, ReplicationController or Deployment. */
export interface WorkloadCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  /** Deployments only. */
  lastUpdateTime?: string;
}

export interface ReplicaStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: WorkloadCondition[];
}

/** A ReplicaSet (apps/v1) or a ReplicationController (v1); `selector` differs between the two. */
export interface ReplicaOwner extends KubeObject {
  spec?: { replicas?: number; minReadySeconds?: number; selector?: unknown; template?: PodTemplateSpec };
  status?: ReplicaStatus;
}

export interface ReplicaSet extends ReplicaOwner {
  spec?: { replicas?: number; minReadySeconds?: number; selector?: LabelSelectorSpec; template?: PodTemplateSpec };
}

/** `spec.strategy`: `maxSurge` / `maxUnavailable` are an int or a percentage string (`"25%"`). */
export interface DeploymentStrategy {
  type?: 'RollingUpdate' | 'Recreate' | string;
  rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  collisionCount?: number;
  conditions?: WorkloadCondition[];
  [extra: string]: unknown;
}

export interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelectorSpec;
    template?: PodTemplateSpec;
    strategy?: DeploymentStrategy;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    paused?: boolean;
  };
  status?: DeploymentStatus;
}

/** `spec.replicas` with the API default (1) for objects that somehow lack it. */
export function specReplicas(obj: { spec?: { replicas?: number } } | undefined): number {
  return obj?.spec?.replicas ?? 1;
}

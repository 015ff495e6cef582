/**
 * The shapes of the workload objects the replica and deployment controllers read and write.
 * Objects are plain JSON from the API; only the fields these controllers use are named.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { LabelSelectorSpec } from '../../../shared/api/label-selector.js';
import type { Pod, PodTemplateSpec } from '../../apiserver/kinds/pod-types.js';
import type { Deployment, DeploymentStatus, DeploymentStrategy, WorkloadCondition } from '../../apiserver/kinds/workload-types.js';

export type { Deployment, DeploymentStatus, DeploymentStrategy, Pod, PodTemplateSpec, WorkloadCondition };

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

/** `spec.replicas` with the API default (1) for objects that somehow lack it. */
export function specReplicas(obj: { spec?: { replicas?: number } } | undefined): number {
  return obj?.spec?.replicas ?? 1;
}

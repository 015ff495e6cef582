/**
 * The shapes of apps/v1 Deployments shared by the API server's kind strategy and the deployment
 * controller. Objects are plain JSON; only the fields either side uses are named.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { LabelSelectorSpec } from '../../../shared/api/label-selector.js';
import type { PodTemplateSpec } from './pod-types.js';

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
    [extra: string]: unknown;
  };
  status?: DeploymentStatus;
}

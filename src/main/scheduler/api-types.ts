/**
 * The parts of core/v1 Pod and Node that the scheduler reads. Objects are plain JSON as the API
 * server returns them; only the fields named here are looked at, and they are never mutated
 * (informer caches share them).
 */
import type { KubeObject } from '../../shared/api/object.js';

export type ResourceList = Record<string, string | number>;

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  /** `Equal` (also when empty) or `Exists`. */
  operator?: string;
  value?: string;
  /** Empty matches every effect. */
  effect?: string;
  tolerationSeconds?: number;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } | null;
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[] | null;
}

export interface ContainerPort {
  containerPort?: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: string;
}

export interface Container {
  name?: string;
  image?: string;
  ports?: ContainerPort[];
  resources?: { requests?: ResourceList; limits?: ResourceList };
  /** `Always` on an init container makes it a sidecar (restartable init container). */
  restartPolicy?: string;
}

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

export interface PodSpec {
  nodeName?: string;
  schedulerName?: string;
  containers?: Container[];
  initContainers?: Container[];
  overhead?: ResourceList;
  nodeSelector?: Record<string, string>;
  affinity?: { nodeAffinity?: NodeAffinity | null } | null;
  tolerations?: Toleration[];
  priority?: number;
  preemptionPolicy?: string;
  schedulingGates?: { name: string }[];
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: { phase?: string; conditions?: PodCondition[]; nominatedNodeName?: string };
}

export interface ContainerImage {
  names?: string[];
  sizeBytes?: number;
}

export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: Taint[] };
  status?: {
    capacity?: ResourceList;
    allocatable?: ResourceList;
    images?: ContainerImage[];
    conditions?: { type: string; status: string }[];
  };
}

export const PODS = { apiVersion: 'v1', resource: 'pods' } as const;
export const NODES = { apiVersion: 'v1', resource: 'nodes' } as const;

/** `namespace/name`, the key informers use. */
export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

/** The pod's uid (its key when the API server has not set one, as in hand-made test objects). */
export function podUid(pod: Pod): string {
  return pod.metadata.uid ?? podKey(pod);
}

/** A pod that has finished for good no longer holds node resources. */
export function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

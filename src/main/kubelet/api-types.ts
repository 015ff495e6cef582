/**
 * The core/v1 status shapes the kubelet writes (pod and container statuses, conditions), typed
 * exactly enough to build them; objects read from the API use the loose `Pod` of
 * `apiserver/kinds/pod-types.ts`.
 */
import type { Container, Pod } from '../apiserver/kinds/pod-types.js';

export type { Container, Pod };

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface ContainerStateWaiting {
  reason?: string;
  message?: string;
}

export interface ContainerStateRunning {
  startedAt: string;
}

export interface ContainerStateTerminated {
  exitCode: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}

/** Exactly one of the three is set (an empty object for `lastState` means "never terminated"). */
export interface ApiContainerState {
  waiting?: ContainerStateWaiting;
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
}

export interface ApiContainerStatus {
  name: string;
  state: ApiContainerState;
  lastState: ApiContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started?: boolean;
}

export interface ApiPodCondition {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  /** Upstream writes null; the API server stores no nulls, so the kubelet leaves it out. */
  lastProbeTime?: string;
  lastTransitionTime: string;
}

export interface ApiPodStatus {
  phase?: string;
  conditions?: ApiPodCondition[];
  message?: string;
  reason?: string;
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  initContainerStatuses?: ApiContainerStatus[];
  containerStatuses?: ApiContainerStatus[];
  qosClass?: string;
  [extra: string]: unknown;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** A sidecar: an init container with `restartPolicy: Always`. */
export function isSidecar(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

/** `name_namespace(uid)`, the way upstream's `format.Pod` names a pod in messages. */
export function formatPod(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

/** `namespace/name`, the informer key. */
export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

/** Go's `%s` of a []string: `[a b]`. */
export function goList(names: string[]): string {
  return `[${names.join(' ')}]`;
}

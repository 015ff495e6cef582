/**
 * The pod conditions the kubelet owns, after upstream pkg/kubelet/status/generate.go:
 * `PodReadyToStartContainers` (a ready sandbox exists), `Initialized` (init containers done),
 * `ContainersReady` (every app container and sidecar ready), `Ready` (that, plus readiness gates)
 * and `PodScheduled` (kept True). Reasons and messages are upstream's, e.g. `ContainersNotReady` /
 * `containers with unready status: [app]`.
 */
import { goList, isSidecar, type ApiContainerStatus, type ApiPodCondition, type ConditionStatus, type Pod, type PodPhase } from './api-types.js';

/** Condition types the kubelet writes; all others on the pod are kept as they are. */
export const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodScheduled']);

/** A condition without times; `withTimes` adds them. */
export interface ConditionCore {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
}

function find(statuses: ApiContainerStatus[], name: string | undefined): ApiContainerStatus | undefined {
  return statuses.find((s) => s.name === name);
}

export function podReadyToStartContainers(hasReadySandbox: boolean): ConditionCore {
  return { type: 'PodReadyToStartContainers', status: hasReadySandbox ? 'True' : 'False' };
}

/** Upstream `HasAnyRegularContainerStarted`: an app container is running or has terminated. */
export function hasAnyRegularContainerStarted(pod: Pod, statuses: ApiContainerStatus[]): boolean {
  const names = new Set((pod.spec?.containers ?? []).map((c) => c.name));
  return statuses.some((s) => names.has(s.name) && (s.state.running !== undefined || s.state.terminated !== undefined));
}

export function initializedCondition(pod: Pod, statuses: ApiContainerStatus[], phase: PodPhase): ConditionCore {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    const s = find(statuses, c.name);
    if (!s) unknown.push(c.name ?? '');
    else if (isSidecar(c) ? !s.started : !s.ready) incomplete.push(c.name ?? '');
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  if (hasAnyRegularContainerStarted(pod, statuses)) return { type: 'Initialized', status: 'True' };
  const messages: string[] = [];
  if (unknown.length) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (messages.length) return { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: messages.join(', ') };
  return { type: 'Initialized', status: 'True' };
}

export function containersReadyCondition(pod: Pod, statuses: ApiContainerStatus[], phase: PodPhase): ConditionCore {
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (name: string | undefined) => {
    const s = find(statuses, name);
    if (!s) unknown.push(name ?? '');
    else if (!s.ready) unready.push(name ?? '');
  };
  for (const c of pod.spec?.initContainers ?? []) if (isSidecar(c)) check(c.name);
  for (const c of pod.spec?.containers ?? []) check(c.name);
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  if (phase === 'Failed') return { type: 'ContainersReady', status: 'False', reason: 'PodFailed' };
  const messages: string[] = [];
  if (unknown.length) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) messages.push(`containers with unready status: ${goList(unready)}`);
  if (messages.length) return { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: messages.join(', ') };
  return { type: 'ContainersReady', status: 'True' };
}

/** `conditions`: the pod's other conditions, for its readiness gates. */
export function readyCondition(pod: Pod, conditions: { type: string; status: string }[], statuses: ApiContainerStatus[], phase: PodPhase): ConditionCore {
  const containersReady = containersReadyCondition(pod, statuses, phase);
  if (containersReady.status !== 'True') return { ...containersReady, type: 'Ready' };
  const messages: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  if (messages.length) return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: messages.join(', ') };
  return { type: 'Ready', status: 'True' };
}

/**
 * Adds times: `lastTransitionTime` carries over from the old condition of the same type while its
 * status is unchanged (upstream status manager `updateLastTransitionTime`); `lastProbeTime` is left out (upstream null).
 */
export function withTimes(core: ConditionCore, old: ApiPodCondition[] | undefined, now: string): ApiPodCondition {
  const prior = old?.find((c) => c.type === core.type);
  const lastTransitionTime = prior && prior.status === core.status && prior.lastTransitionTime ? prior.lastTransitionTime : now;
  const out: ApiPodCondition = { type: core.type, status: core.status, lastTransitionTime };
  if (core.reason) out.reason = core.reason;
  if (core.message) out.message = core.message;
  return out;
}

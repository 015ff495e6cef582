/**
 * `generatePodStatus`: the API status of a pod from what the runtime holds, after upstream
 * `generateAPIPodStatus` / `convertToAPIContainerStatuses` (pkg/kubelet/kubelet_pods.go). Pure:
 * the caller gathers runtime facts, cached waiting reasons and probe results.
 *
 * - Each container's newest runtime instance gives `state` (`running{startedAt}`,
 *   `terminated{exitCode, reason, startedAt, finishedAt, containerID}`, or `waiting{}` when only
 *   created), `restartCount`, `containerID` (`<runtime>://<id>`), `image`, `imageID`; the instance
 *   before it gives `lastState`.
 * - A container with no instance waits with `ContainerCreating` (`PodInitializing` when the pod has
 *   init containers); one that will be restarted and has a cached reason (`CrashLoopBackOff`,
 *   `ErrImagePull`, `ImagePullBackOff`, ...) waits with that reason, its terminated state moving
 *   to `lastState`.
 * - Phase by `getPhase`; a terminal phase (Succeeded/Failed) is never left again.
 * - Conditions: the kubelet's own (see conditions.ts) after the pod's other conditions.
 */
import type { ContainerStatus as RuntimeContainer, PodSandbox } from '../runtime/types.js';
import { rfc3339 } from '../util/time.js';
import {
  isSidecar,
  type ApiContainerState, type ApiContainerStatus, type ApiPodCondition, type ApiPodStatus, type Container, type Pod, type PodPhase,
} from './api-types.js';
import {
  KUBELET_CONDITIONS, containersReadyCondition, initializedCondition, podReadyToStartContainers, readyCondition, withTimes,
} from './conditions.js';
import { getPhase, shouldContainerBeRestarted } from './phase.js';

/** Why a container is waiting, remembered between syncs (upstream `ReasonCache`). */
export interface WaitingReason {
  reason: string;
  message?: string;
}

export interface PodStatusInput {
  pod: Pod;
  /** The status this kubelet last generated for the pod, else the API's. */
  oldStatus: ApiPodStatus;
  /** The pod's newest sandbox, if any. */
  sandbox?: PodSandbox;
  /** Every runtime instance of the pod's containers (current and previous). */
  containers: RuntimeContainer[];
  /** Cached reasons by container name. */
  waitingReasons: ReadonlyMap<string, WaitingReason>;
  /** Probe verdicts for a running container instance. */
  isReady(containerName: string, containerId: string): boolean;
  isStarted(containerName: string, containerId: string): boolean;
  /** The pod will run nothing more (being deleted, or done). */
  podIsTerminal: boolean;
  hostIP: string;
  /** Prefix of container IDs: `simulated`, `docker`. */
  runtimeName: string;
  now: Date;
}

const TERMINAL: ReadonlySet<string> = new Set(['Succeeded', 'Failed']);

export function isTerminalPhase(phase: string | undefined): boolean {
  return phase !== undefined && TERMINAL.has(phase);
}

/** Runtime instances of `name`, newest first. */
export function instancesOf(containers: RuntimeContainer[], name: string | undefined): RuntimeContainer[] {
  return containers.filter((c) => c.name === name).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.restartCount - a.restartCount);
}

function stamp(d: Date | undefined): string | undefined {
  return d ? rfc3339(d) : undefined;
}

function runtimeState(c: RuntimeContainer, containerID: string): ApiContainerState {
  if (c.state === 'running') return { running: { startedAt: stamp(c.startedAt ?? c.createdAt)! } };
  if (c.state === 'exited') {
    const exitCode = c.exitCode ?? 0;
    return {
      terminated: {
        exitCode,
        reason: c.reason ?? (exitCode === 0 ? 'Completed' : 'Error'),
        startedAt: stamp(c.startedAt),
        finishedAt: stamp(c.finishedAt),
        containerID,
      },
    };
  }
  return { waiting: {} };
}

function containerStatuses(input: PodStatusInput, specs: Container[], isInit: boolean): ApiContainerStatus[] {
  const { pod, oldStatus } = input;
  const hasInit = (pod.spec?.initContainers ?? []).length > 0;
  const old = new Map((isInit ? oldStatus.initContainerStatuses : oldStatus.containerStatuses)?.map((s) => [s.name, s]) ?? []);
  return specs.map((spec) => {
    const name = spec.name ?? '';
    const prior = old.get(name);
    const [current, previous] = instancesOf(input.containers, name);
    let status: ApiContainerStatus;
    if (current) {
      const containerID = `${input.runtimeName}://${current.id}`;
      status = {
        name, state: runtimeState(current, containerID), lastState: {}, ready: false,
        restartCount: current.restartCount, image: spec.image ?? current.image, imageID: current.imageId ?? '',
        containerID, started: false,
      };
      if (previous) status.lastState = runtimeState(previous, `${input.runtimeName}://${previous.id}`);
      else if (prior && prior.restartCount === current.restartCount && prior.lastState?.terminated) status.lastState = prior.lastState;
      if (current.state === 'running') {
        status.started = input.isStarted(name, current.id);
        status.ready = isInit && !isSidecar(spec) ? false : status.started && input.isReady(name, current.id);
      } else if (isInit && !isSidecar(spec) && current.state === 'exited' && (current.exitCode ?? 0) === 0) {
        status.ready = true;
      }
    } else if (prior?.state?.terminated) {
      status = prior; // the instance is gone; what we reported about it stays true
    } else {
      status = {
        name, state: { waiting: { reason: hasInit && !isInit ? 'PodInitializing' : 'ContainerCreating' } },
        lastState: prior?.lastState ?? {}, ready: false, restartCount: prior?.restartCount ?? 0,
        image: spec.image ?? '', imageID: '', started: false,
      };
    }
    const reason = input.waitingReasons.get(name);
    if (reason && shouldContainerBeRestarted(pod, spec, isInit, current) && !(isInit && current?.state === 'exited' && current.exitCode === 0)) {
      if (status.state.terminated) status = { ...status, lastState: status.state };
      status = { ...status, state: { waiting: reason.message ? { reason: reason.reason, message: reason.message } : { reason: reason.reason } } };
    }
    return status;
  });
}

export function generatePodStatus(input: PodStatusInput): ApiPodStatus {
  const { pod, oldStatus, now } = input;
  const nowStamp = rfc3339(now);
  const initStatuses = containerStatuses(input, pod.spec?.initContainers ?? [], true);
  const appStatuses = containerStatuses(input, pod.spec?.containers ?? [], false);
  const all = [...appStatuses, ...initStatuses];
  const appNames = new Set((pod.spec?.containers ?? []).map((c) => c.name));
  const hasInitialized = input.containers.some((c) => appNames.has(c.name) && c.startedAt !== undefined);
  let phase: PodPhase = getPhase(pod, all, input.podIsTerminal, hasInitialized);
  const apiPhase = pod.status?.phase;
  if (!isTerminalPhase(phase)) {
    if (isTerminalPhase(oldStatus.phase)) phase = oldStatus.phase as PodPhase;
    else if (isTerminalPhase(apiPhase)) phase = apiPhase as PodPhase;
  }

  const status: ApiPodStatus = { phase };
  if (phase === oldStatus.phase) {
    const reason = oldStatus.reason ?? pod.status?.reason;
    const message = oldStatus.message ?? pod.status?.message;
    if (reason) status.reason = reason;
    if (message) status.message = message;
  }

  // Conditions of other writers are kept as stored, minus nulls (the API server does not store them).
  const apiConditions = ((pod.status?.conditions ?? []) as unknown as ApiPodCondition[]).map(dropNulls);
  const foreign = apiConditions.filter((c) => !KUBELET_CONDITIONS.has(c.type));
  const oldConditions = (oldStatus.conditions ?? apiConditions) as ApiPodCondition[];
  const sandboxReady = input.sandbox?.state === 'ready' && !input.podIsTerminal && !isTerminalPhase(phase);
  const cores = [
    podReadyToStartContainers(sandboxReady),
    initializedCondition(pod, all, phase),
    readyCondition(pod, foreign, all, phase),
    containersReadyCondition(pod, all, phase),
    { type: 'PodScheduled', status: 'True' as const },
  ];
  const scheduled = apiConditions.find((c) => c.type === 'PodScheduled');
  status.conditions = [
    ...foreign,
    ...cores.map((c) => (c.type === 'PodScheduled' && scheduled?.status === 'True' ? scheduled : withTimes(c, oldConditions, nowStamp))),
  ];

  if (input.hostIP) {
    status.hostIP = input.hostIP;
    status.hostIPs = [{ ip: input.hostIP }];
  }
  const podIP = input.sandbox?.ip ?? oldStatus.podIP;
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  status.startTime = oldStatus.startTime ?? (pod.status?.startTime as string | undefined) ?? nowStamp;
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  status.containerStatuses = appStatuses;
  const qos = oldStatus.qosClass ?? pod.status?.qosClass;
  if (qos) status.qosClass = qos;
  return status;
}

function dropNulls<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

/**
 * The READY, STATUS and RESTARTS columns of `kubectl get pods`, computed the way upstream's
 * `printPod` does: the phase or reason, init-container progress (`Init:0/1`,
 * `Init:CrashLoopBackOff`), a container's waiting or terminated reason (`ContainerCreating`,
 * `CrashLoopBackOff`, `Completed`, `Error`), `Terminating` while deleting, and restarts with the
 * time of the last one (`3 (5m ago)`). Sidecars (`restartPolicy: Always` init containers) count
 * as containers.
 */
import { formatAge } from './age.js';
import type { Container, ContainerStatus, Pod } from './pod-types.js';

export interface PodStatusCells {
  ready: string;
  status: string;
  restarts: string;
}

/** Why upstream shows `Unknown` for a deleting pod on an unreachable node. */
const NODE_UNREACHABLE_REASON = 'NodeLost';

interface Tally {
  reason: string;
  restarts: number;
  ready: number;
  lastRestart: number;
}

export function podStatusCells(pod: Pod, now: Date): PodStatusCells {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const phase = status.phase ?? '';
  const t: Tally = { reason: status.reason || phase, restarts: 0, ready: 0, lastRestart: 0 };
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) t.reason = 'SchedulingGated';
  const inits = new Map((spec.initContainers ?? []).map((c) => [c.name ?? '', c]));
  const total = (spec.containers ?? []).length + [...inits.values()].filter(isSidecar).length;

  const sidecars = { restarts: 0, lastRestart: 0 };
  const initializing = tallyInitContainers(pod, inits, t, sidecars);
  const initializedTrue = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    t.restarts = sidecars.restarts;
    t.lastRestart = sidecars.lastRestart;
    tallyContainers(pod, t);
  }

  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_REASON) t.reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') t.reason = 'Terminating';

  const restarts = t.restarts !== 0 && t.lastRestart > 0 ? `${t.restarts} (${formatAge(new Date(t.lastRestart), now)} ago)` : `${t.restarts}`;
  return { ready: `${t.ready}/${total}`, status: t.reason, restarts };
}

function isSidecar(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function lastTermination(cs: ContainerStatus): number {
  const at = cs.lastState?.terminated?.finishedAt;
  const t = at ? Date.parse(at) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** Walks init container statuses in order; returns whether the pod is still initializing. */
function tallyInitContainers(pod: Pod, inits: Map<string, Container>, t: Tally, sidecars: { restarts: number; lastRestart: number }): boolean {
  const statuses = pod.status?.initContainerStatuses ?? [];
  const count = pod.spec?.initContainers?.length ?? 0;
  for (let i = 0; i < statuses.length; i++) {
    const cs = statuses[i];
    t.restarts += cs.restartCount ?? 0;
    t.lastRestart = Math.max(t.lastRestart, lastTermination(cs));
    const sidecar = isSidecar(inits.get(cs.name));
    if (sidecar) {
      sidecars.restarts += cs.restartCount ?? 0;
      sidecars.lastRestart = Math.max(sidecars.lastRestart, lastTermination(cs));
    }
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (sidecar && cs.started) {
      if (cs.ready) t.ready += 1;
      continue;
    }
    if (term) {
      t.reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      t.reason = `Init:${waiting.reason}`;
    } else {
      t.reason = `Init:${i}/${count}`;
    }
    return true;
  }
  return false;
}

/** Regular containers, last to first as upstream walks them, so the first container's reason wins. */
function tallyContainers(pod: Pod, t: Tally): void {
  const statuses = pod.status?.containerStatuses ?? [];
  let hasRunning = false;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const cs = statuses[i];
    t.restarts += cs.restartCount ?? 0;
    t.lastRestart = Math.max(t.lastRestart, lastTermination(cs));
    const waiting = cs.state?.waiting;
    const term = cs.state?.terminated;
    if (waiting?.reason) t.reason = waiting.reason;
    else if (term?.reason) t.reason = term.reason;
    else if (term) t.reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
    else if (cs.ready && cs.state?.running) {
      hasRunning = true;
      t.ready += 1;
    }
  }
  if (t.reason === 'Completed' && hasRunning) {
    const podReady = (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    t.reason = podReady ? 'Running' : 'NotReady';
  }
}

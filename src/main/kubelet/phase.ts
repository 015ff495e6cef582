/**
 * Pod phase and restart rules, after upstream `getPhase` (pkg/kubelet/kubelet_pods.go) and
 * `ShouldContainerBeRestarted` (pkg/kubelet/container/helpers.go), without the alpha
 * per-container restart rules:
 * - a pending init container, or a waiting container never run, keeps the pod Pending;
 * - any running container with none unknown makes it Running;
 * - all stopped: Succeeded/Failed when the pod is terminal; otherwise `Always` stays Running,
 *   all exit 0 is Succeeded, `Never` with a failure is Failed, `OnFailure` restarting is Running;
 * - a failed init container with `restartPolicy: Never` fails the pod.
 */
import type { ContainerStatus as RuntimeContainer } from '../runtime/types.js';
import { isSidecar, type ApiContainerStatus, type Container, type Pod, type PodPhase } from './api-types.js';

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export function podRestartPolicy(pod: Pod): RestartPolicy {
  const p = pod.spec?.restartPolicy;
  return p === 'OnFailure' || p === 'Never' ? p : 'Always';
}

/**
 * The policy that applies to one container: sidecars always restart; a regular init container
 * re-runs only after a failure, and never under `Never`; app containers follow the pod.
 */
export function containerRestartPolicy(pod: Pod, container: Container, isInit: boolean): RestartPolicy {
  if (isInit && isSidecar(container)) return 'Always';
  const policy = podRestartPolicy(pod);
  if (isInit) return policy === 'Never' ? 'Never' : 'OnFailure';
  return policy;
}

/** Whether a policy restarts a container that exited with `exitCode`. */
export function policyRestarts(policy: RestartPolicy, exitCode: number): boolean {
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/**
 * Whether the kubelet should (re)start `container`, given its newest runtime instance: never once
 * the pod is being deleted; yes when it never ran or is only created; no while it runs; for an
 * exited one, as the restart policy says.
 */
export function shouldContainerBeRestarted(pod: Pod, container: Container, isInit: boolean, latest: RuntimeContainer | undefined): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  if (!latest) return true;
  if (latest.state === 'running') return false;
  if (latest.state === 'created' || latest.state === 'unknown') return true;
  return policyRestarts(containerRestartPolicy(pod, container, isInit), latest.exitCode ?? 0);
}

function statusOf(statuses: ApiContainerStatus[], name: string | undefined): ApiContainerStatus | undefined {
  return statuses.find((s) => s.name === name);
}

/**
 * The pod's phase from its container statuses (init and app together). `podIsTerminal`: the pod
 * will run nothing more (it is being deleted, or the kubelet decided it is done).
 * `podHasInitialized`: an app container has started before.
 */
export function getPhase(pod: Pod, statuses: ApiContainerStatus[], podIsTerminal: boolean, podHasInitialized: boolean): PodPhase {
  const spec = pod.spec ?? {};
  let pendingRegularInit = 0;
  let pendingSidecars = 0;
  let failedInitialization = 0;
  for (const c of spec.initContainers ?? []) {
    if (isSidecar(c)) continue;
    const s = statusOf(statuses, c.name);
    if (!s) pendingRegularInit++;
    else if (s.state.running) pendingRegularInit++;
    else if (s.state.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInitialization++;
      } else pendingRegularInit++;
    } else pendingRegularInit++;
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec.initContainers ?? []) {
    if (!isSidecar(c)) continue;
    const s = statusOf(statuses, c.name);
    if (!s) unknown++;
    else if (s.state.running) {
      if (!s.started) pendingSidecars++;
      running++;
    } else if (s.state.terminated) {
      // terminated sidecars do not count towards the phase
    } else if (s.state.waiting) {
      if (!s.lastState.terminated) {
        pendingSidecars++;
        waiting++;
      }
    } else {
      pendingSidecars++;
      unknown++;
    }
  }
  for (const c of spec.containers ?? []) {
    const s = statusOf(statuses, c.name);
    if (!s) unknown++;
    else if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }

  if (failedInitialization > 0 && podRestartPolicy(pod) === 'Never') return 'Failed';
  if (pendingRegularInit > 0 || (pendingSidecars > 0 && !podHasInitialized) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    const policy = podRestartPolicy(pod);
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/**
 * Which container instance `kubectl logs` reads, from the pod's status, after upstream
 * `validateContainerLogStatus` (pkg/kubelet/kubelet_pods.go): `previous` reads the last
 * terminated instance; otherwise the running one is preferred, then the terminated one, then the
 * previous one; a container that never ran answers why it is waiting. Pure.
 */
import type { ApiContainerStatus, Pod } from '../api-types.js';
import { streamingErrors } from './streaming.js';

/** A status the kubelet has not written yet reads as its first one would: waiting to be created. */
function pendingStatus(pod: Pod, name: string): ApiContainerStatus {
  const isApp = (pod.spec?.containers ?? []).some((c) => c.name === name);
  const reason = isApp && (pod.spec?.initContainers ?? []).length > 0 ? 'PodInitializing' : 'ContainerCreating';
  return { name, state: { waiting: { reason } }, lastState: {}, ready: false, restartCount: 0, image: '', imageID: '' };
}

function statusOf(pod: Pod, name: string): ApiContainerStatus | undefined {
  const s = pod.status as { containerStatuses?: ApiContainerStatus[]; initContainerStatuses?: ApiContainerStatus[]; ephemeralContainerStatuses?: ApiContainerStatus[] } | undefined;
  for (const list of [s?.containerStatuses, s?.initContainerStatuses, s?.ephemeralContainerStatuses]) {
    const found = list?.find((c) => c.name === name);
    if (found) return found;
  }
  return undefined;
}

/**
 * The runtime id (without the `<runtime>://` prefix) of the instance whose logs to read.
 * Throws 400 BadRequest with upstream's message when there is none.
 */
export function logContainerId(pod: Pod, containerName: string, previous: boolean): string {
  const podName = pod.metadata.name ?? '';
  const status = statusOf(pod, containerName) ?? pendingStatus(pod, containerName);
  const { waiting, running, terminated } = status.state ?? {};
  const last = status.lastState?.terminated;
  const fail = (what: string) => streamingErrors.badRequest(`container "${containerName}" in pod "${podName}" ${what}`);
  let id: string | undefined;
  if (previous) {
    if (!last?.containerID) throw streamingErrors.badRequest(`previous terminated container "${containerName}" in pod "${podName}" not found`);
    id = last.containerID;
  } else if (running) {
    id = status.containerID;
  } else if (terminated) {
    id = terminated.containerID || last?.containerID;
    if (!id) throw fail('is terminated');
  } else if (last) {
    if (!last.containerID) throw fail('is terminated');
    id = last.containerID;
  } else if (waiting) {
    switch (waiting.reason) {
      case 'ErrImagePull':
        throw fail("is waiting to start: image can't be pulled");
      case 'ImagePullBackOff':
        throw fail('is waiting to start: trying and failing to pull image');
      default:
        throw fail(`is waiting to start: ${waiting.reason ?? ''}`);
    }
  }
  if (!id) throw fail('is waiting to start - no logs yet');
  return runtimeId(id);
}

/** `docker://abc` → `abc`. */
export function runtimeId(containerID: string): string {
  const i = containerID.indexOf('://');
  return i < 0 ? containerID : containerID.slice(i + 3);
}

/**
 * Docker's views of a container (inspect, list summary) as the runtime contract's
 * `ContainerStatus` and `PodSandbox`. Pure functions; everything comes from labels and state.
 */
import type Dockerode from 'dockerode';
import { LABELS, type ContainerState, type ContainerStatus, type PodSandbox } from '../types.js';

/** Docker's "never happened" time. */
function time(s: string | undefined): Date | undefined {
  if (!s || s.startsWith('0001-01-01')) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** created → created; running, paused, restarting → running; exited, dead → exited. */
export function containerState(status: string | undefined): ContainerState {
  switch (status) {
    case 'created': return 'created';
    case 'running':
    case 'paused':
    case 'restarting': return 'running';
    case 'exited':
    case 'dead': return 'exited';
    default: return 'unknown';
  }
}

/** Status of an app container from `docker inspect`. `reason`: `OOMKilled`, `Completed` (exit 0) or `Error`. */
export function toContainerStatus(info: Dockerode.ContainerInspectInfo): ContainerStatus {
  const labels = { ...(info.Config.Labels ?? {}) };
  const state = containerState(info.State.Status);
  const status: ContainerStatus = {
    id: info.Id,
    podUid: labels[LABELS.podUid] ?? '',
    name: labels[LABELS.containerName] ?? info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    imageId: info.Image,
    state,
    createdAt: time(info.Created) ?? new Date(0),
    startedAt: time(info.State.StartedAt),
    restartCount: Number(labels[LABELS.restartCount] ?? 0) || 0,
    labels,
  };
  if (state === 'exited') {
    status.finishedAt = time(info.State.FinishedAt);
    status.exitCode = info.State.ExitCode;
    status.reason = info.State.OOMKilled ? 'OOMKilled' : info.State.ExitCode === 0 ? 'Completed' : 'Error';
  }
  return status;
}

/** A sandbox from the list summary: ready while its container runs; its IP on `network`. */
export function toPodSandbox(c: Dockerode.ContainerInfo, network: string): PodSandbox {
  const labels = { ...(c.Labels ?? {}) };
  const networks = c.NetworkSettings?.Networks ?? {};
  const ip = networks[network]?.IPAddress || Object.values(networks).find((n) => n.IPAddress)?.IPAddress || undefined;
  return {
    id: c.Id,
    podUid: labels[LABELS.podUid] ?? '',
    podName: labels[LABELS.podName] ?? '',
    podNamespace: labels[LABELS.podNamespace] ?? '',
    state: c.State === 'running' ? 'ready' : 'notready',
    ip: c.State === 'running' ? ip : undefined,
    createdAt: new Date(c.Created * 1000),
    labels,
  };
}

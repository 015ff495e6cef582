/**
 * App containers on Docker: created inside a running pod sandbox, started, stopped with a grace
 * period (SIGTERM, then SIGKILL), removed, and found again by labels with their full status.
 * Errors from Docker are left to the caller to describe (`dockerCall`), except where a clearer
 * reason is known (sandbox gone or not running, image missing).
 */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import type { ContainerConfig, ContainerStatus } from '../types.js';
import { containerCreateOptions } from './container-spec.js';
import { toContainerStatus } from './container-status.js';
import { daemonMessage, isNotFound, statusCode } from './errors.js';
import { ownedBy } from './names.js';

export async function createContainer(docker: Dockerode, runtimeLabels: Record<string, string>, sandboxId: string, config: ContainerConfig): Promise<string> {
  let sandbox: Dockerode.ContainerInspectInfo;
  try {
    sandbox = await docker.getContainer(sandboxId).inspect();
  } catch (e) {
    if (isNotFound(e)) throw new Error(`pod sandbox ${sandboxId} not found: it must be created again before container ${config.name}`);
    throw e;
  }
  if (!sandbox.State.Running) {
    throw new Error(`pod sandbox ${sandboxId} is not running (${sandbox.State.Status}): it must be created again before container ${config.name}`);
  }
  const options = containerCreateOptions({ config, sandboxId: sandbox.Id, sandboxLabels: sandbox.Config.Labels ?? {}, runtimeLabels });
  try {
    return (await docker.createContainer(options)).id;
  } catch (e) {
    if (isNotFound(e) && /image/i.test(daemonMessage(e))) {
      throw new Error(`image "${config.image}" is not on the Docker engine: pull it before creating container ${config.name} (${daemonMessage(e)})`);
    }
    if (statusCode(e) !== 409) throw e;
    // A leftover with this name (e.g. from before a kubelet restart): keep it, use another name.
    return (await docker.createContainer({ ...options, name: `${options.name}_${randomBytes(2).toString('hex')}` })).id;
  }
}

/** Starts a created container; starting a running one is a no-op. */
export async function startContainer(docker: Dockerode, id: string): Promise<void> {
  try {
    await docker.getContainer(id).start();
  } catch (e) {
    if (statusCode(e) !== 304) throw e;
  }
}

/**
 * SIGTERM (or the image's stop signal), then SIGKILL after `timeoutSeconds`; resolves when the
 * container has stopped. Stopping a stopped or missing container is a no-op.
 */
export async function stopContainer(docker: Dockerode, id: string, timeoutSeconds: number): Promise<void> {
  try {
    await docker.getContainer(id).stop({ t: Math.max(0, Math.ceil(timeoutSeconds)) });
  } catch (e) {
    if (statusCode(e) !== 304 && !isNotFound(e)) throw e;
  }
}

/** Removes a container (running or not) and its anonymous volumes; a missing one is fine. */
export async function removeContainer(docker: Dockerode, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (e) {
    if (isNotFound(e) || (statusCode(e) === 409 && /already in progress/i.test(daemonMessage(e)))) return;
    throw e;
  }
}

export async function containerStatus(docker: Dockerode, id: string): Promise<ContainerStatus | undefined> {
  try {
    return toContainerStatus(await docker.getContainer(id).inspect());
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** The node's app containers (of one pod, with `podUid`), selected by labels on the daemon side. */
export async function listContainers(docker: Dockerode, filter: { node: string; podUid?: string }, runtimeLabels: Record<string, string> = {}): Promise<ContainerStatus[]> {
  const list = await docker.listContainers({ all: true, filters: { label: ownedBy('container', filter, runtimeLabels) } });
  const statuses = await Promise.all(list.map((c) => containerStatus(docker, c.Id)));
  return statuses.filter((s): s is ContainerStatus => s !== undefined);
}

/**
 * Pod sandboxes on Docker: one sleeping container per pod that owns the pod's network (on the
 * node bridge, with the pod's hostname, DNS and 127.0.0.1-published host ports). Found again by
 * labels only. Errors from Docker are left to the caller to describe (`dockerCall`).
 */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { LABELS, type PodSandbox, type PodSandboxConfig } from '../types.js';
import { sandboxCreateOptions } from './container-spec.js';
import { toPodSandbox } from './container-status.js';
import { daemonMessage, isConnectionError, isNotFound, statusCode } from './errors.js';
import { imageStatus, pullImage } from './images.js';
import { ownedBy, sandboxIdOf } from './names.js';
import type { NodeNetwork } from './network.js';

export interface SandboxDeps {
  docker: Dockerode;
  network: NodeNetwork;
  image: string;
  /** The sandbox's command, when the image's own would not keep running (busybox). */
  command?: string[];
  runtimeLabels: Record<string, string>;
  pullTimeoutMs: number;
}

/** Seconds a sandbox gets to stop (docker-init forwards SIGTERM, so it takes milliseconds). */
const SANDBOX_STOP_SECONDS = 2;

export async function listSandboxes(d: SandboxDeps, filter: { node: string; podUid?: string }): Promise<PodSandbox[]> {
  const list = await d.docker.listContainers({ all: true, filters: { label: ownedBy('sandbox', filter, d.runtimeLabels) } });
  return list.map((c) => toPodSandbox(c, d.network.name));
}

async function ensureSandboxImage(d: SandboxDeps): Promise<void> {
  if (await imageStatus(d.docker, d.image)) return;
  await pullImage(d.docker, d.image, d.pullTimeoutMs).catch((e: unknown) => {
    throw new Error(
      `the pod sandbox image ${d.image} is not on the Docker engine and could not be pulled (${(e as Error).message}); ` +
        'pull or build it, or configure the Docker runtime with another sandboxImage',
    );
  });
}

/** Creates the sandbox container, retrying once each for a missing image, a vanished network and a name clash. */
async function createSandbox(d: SandboxDeps, config: PodSandboxConfig): Promise<Dockerode.Container> {
  let attempt = config.attempt ?? (await listSandboxes(d, { node: config.node, podUid: config.podUid })).length;
  let retried = { image: false, network: false, name: 0 };
  for (;;) {
    await d.network.ensure();
    const options = sandboxCreateOptions({ config, image: d.image, command: d.command, network: d.network.name, runtimeLabels: d.runtimeLabels, attempt });
    try {
      return await d.docker.createContainer(options);
    } catch (e) {
      const message = daemonMessage(e);
      if (isNotFound(e) && /network/i.test(message) && !retried.network) {
        d.network.invalidate(); // removed behind our back: create it again
        retried = { ...retried, network: true };
      } else if (isNotFound(e) && !retried.image) {
        await ensureSandboxImage(d);
        retried = { ...retried, image: true };
      } else if (statusCode(e) === 409 && retried.name < 3) {
        attempt += 1 + (randomBytes(1)[0] % 8); // a leftover with this name: take another number
        retried = { ...retried, name: retried.name + 1 };
      } else {
        throw e;
      }
    }
  }
}

/**
 * Creates and starts the sandbox of a pod. A sandbox that cannot start (a host port already
 * taken, ...) is removed again and the daemon's reason is thrown.
 */
export async function runSandbox(d: SandboxDeps, config: PodSandboxConfig): Promise<PodSandbox> {
  const container = await createSandbox(d, config);
  try {
    await container.start();
  } catch (e) {
    if (isConnectionError(e)) throw e;
    await container.remove({ force: true }).catch(() => {});
    throw new Error(`pod sandbox for ${config.podNamespace}/${config.podName} could not start: ${daemonMessage(e)}`);
  }
  const [summary] = await d.docker.listContainers({ all: true, filters: { id: [container.id] } });
  if (!summary) throw new Error(`pod sandbox ${container.id} for ${config.podNamespace}/${config.podName} vanished right after it started`);
  return toPodSandbox(summary, d.network.name);
}

/** The app containers that joined sandbox `id` (`NetworkMode: container:<id>`), found through the pod's labels. */
async function membersOf(d: SandboxDeps, id: string, labels: Record<string, string>): Promise<Dockerode.ContainerInfo[]> {
  const podUid = labels[LABELS.podUid];
  const node = labels[LABELS.node];
  if (podUid === undefined || node === undefined) return [];
  const list = await d.docker.listContainers({ all: true, filters: { label: ownedBy('container', { node, podUid }, d.runtimeLabels) } });
  return list.filter((c) => sandboxIdOf(c.HostConfig?.NetworkMode) === id);
}

async function labelsOf(d: SandboxDeps, id: string): Promise<Record<string, string> | undefined> {
  try {
    return (await d.docker.getContainer(id).inspect()).Config.Labels ?? {};
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

function ignoreGone(e: unknown): void {
  const code = statusCode(e);
  if (code === 404 || code === 304 || (code === 409 && /already in progress/i.test(daemonMessage(e)))) return;
  throw e;
}

/** Kills the sandbox's remaining containers (CRI semantics: no grace), then stops the sandbox. Idempotent. */
export async function stopSandbox(d: SandboxDeps, id: string): Promise<void> {
  const labels = await labelsOf(d, id);
  if (!labels) return;
  const running = (await membersOf(d, id, labels)).filter((c) => c.State === 'running');
  await Promise.all(running.map((c) => d.docker.getContainer(c.Id).stop({ t: 0 }).catch(ignoreGone)));
  await d.docker.getContainer(id).stop({ t: SANDBOX_STOP_SECONDS }).catch(ignoreGone);
}

/** Removes the sandbox's containers and then the sandbox (forcefully). Idempotent. */
export async function removeSandbox(d: SandboxDeps, id: string): Promise<void> {
  const labels = await labelsOf(d, id);
  if (!labels) return;
  const members = await membersOf(d, id, labels);
  await Promise.all(members.map((c) => d.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignoreGone)));
  await d.docker.getContainer(id).remove({ force: true, v: true }).catch(ignoreGone);
}

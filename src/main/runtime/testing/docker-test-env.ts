/**
 * A per-test-file Docker environment: a run id, locally built busybox and sandbox images, a
 * node name and network of its own, and `DockerRuntime` instances that label everything they
 * create with `pilothouse.test-run=<id>`. `cleanup()` removes every container, network and
 * image carrying that label, so a failed test leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import Dockerode from 'dockerode';
import { DockerRuntime, type DockerRuntimeOptions } from '../docker/docker-runtime.js';
import { buildBusyboxImage, buildSandboxImage, removeImagesLabelled } from './images.js';

export const TEST_RUN_LABEL = 'pilothouse.test-run';
export const DOCKER_SOCKET = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice(7) : '/var/run/docker.sock';

export interface DockerTestEnv {
  docker: Dockerode;
  runId: string;
  /** Labels to put on anything a test creates by hand. */
  labels: Record<string, string>;
  /** Tags of the busybox image (`sh` by default) and the sandbox image (sleeps). */
  images: { busybox: string; sandbox: string };
  node: string;
  network: string;
  /** A runtime on this env's network, sandbox image and labels. */
  runtime(extra?: Partial<DockerRuntimeOptions>): DockerRuntime;
  cleanup(): Promise<void>;
}

/** True when a Docker engine answers at `DOCKER_SOCKET`; says why not otherwise. */
export async function dockerAvailable(): Promise<boolean> {
  try {
    await new Dockerode({ socketPath: DOCKER_SOCKET }).ping();
    return true;
  } catch (e) {
    console.warn(`Docker tests skipped: no Docker engine at ${DOCKER_SOCKET} (${(e as Error).message}); start dockerd to run them`);
    return false;
  }
}

export async function createDockerTestEnv(name: string): Promise<DockerTestEnv> {
  const docker = new Dockerode({ socketPath: DOCKER_SOCKET });
  const runId = `${name}-${randomBytes(4).toString('hex')}`;
  const labels = { [TEST_RUN_LABEL]: runId };
  const images = { busybox: `pilothouse-test/busybox:${runId}`, sandbox: `pilothouse-test/sandbox:${runId}` };
  const network = `pilothouse-test-${runId}`;
  const env: DockerTestEnv = {
    docker, runId, labels, images, network, node: `node-${runId}`,
    runtime: (extra = {}) => new DockerRuntime({ socketPath: DOCKER_SOCKET, sandboxImage: images.sandbox, network, labels, pullTimeoutMs: 10_000, ...extra }),
    cleanup: () => cleanupRun(docker, runId, network),
  };
  try {
    await buildBusyboxImage(docker, images.busybox, { labels });
    await buildSandboxImage(docker, images.sandbox, labels);
  } catch (e) {
    await env.cleanup();
    throw e;
  }
  return env;
}

/** Removes everything labelled with `runId`: containers, networks (and `network` by name), images. */
export async function cleanupRun(docker: Dockerode, runId: string, network?: string): Promise<void> {
  const filter = [`${TEST_RUN_LABEL}=${runId}`];
  const containers = await docker.listContainers({ all: true, filters: { label: filter } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {})));
  const networks = await docker.listNetworks({ filters: { label: filter } });
  const names = new Set([...networks.map((n) => n.Name), ...(network ? [network] : [])]);
  for (const n of names) await docker.getNetwork(n).remove().catch(() => {});
  await removeImagesLabelled(docker, TEST_RUN_LABEL, runId);
}

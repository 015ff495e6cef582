/**
 * Local test images for the Docker-backed suites (no registry is reachable): a busybox image for
 * workloads and a busybox sandbox image, both built from the machine's static busybox. Removed
 * again, with every container of the given Pilothouse data dir's nodes, by `cleanupDocker`.
 */
import Dockerode from 'dockerode';
import { buildBusyboxImage, buildSandboxImage, removeImage } from '../../src/main/runtime/testing/images.js';

export const docker = new Dockerode({ socketPath: process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice(7) : '/var/run/docker.sock' });

export interface TestImages {
  busybox: string;
  sandbox: string;
  remove(): Promise<void>;
}

export async function buildTestImages(suite: string): Promise<TestImages> {
  const busybox = `pilothouse-test/${suite}-busybox:1`;
  const sandbox = `pilothouse-test/${suite}-sandbox:1`;
  await buildBusyboxImage(docker, busybox);
  await buildSandboxImage(docker, sandbox);
  return {
    busybox,
    sandbox,
    async remove() {
      await removeImage(docker, busybox).catch(() => {});
      await removeImage(docker, sandbox).catch(() => {});
    },
  };
}

/** Container IDs of the given nodes (by the kubelet's node label), sandboxes included. */
export async function containersOf(nodes: string[], all = false): Promise<{ id: string; name: string; node: string; role: string }[]> {
  // Docker ANDs label filters, so list everything Pilothouse made and pick the nodes here.
  const mine = (await docker.listContainers({ all, filters: { label: ['pilothouse.node'] } })).filter((c) => nodes.includes(c.Labels['pilothouse.node']));
  return mine.map((c) => ({ id: c.Id, name: c.Names[0]?.replace(/^\//, '') ?? '', node: c.Labels['pilothouse.node'], role: c.Labels['pilothouse.role'] }));
}

/** Removes every container of these nodes (force), so a suite leaves nothing behind. */
export async function removeContainersOf(nodes: string[]): Promise<void> {
  for (const c of await containersOf(nodes, true)) await docker.getContainer(c.id).remove({ force: true }).catch(() => {});
}

/**
 * Local test images for the Docker-backed suites (no registry is reachable): a busybox image for
 * workloads, a busybox sandbox image, both built from the machine's static busybox, a Node image
 * for the service proxy and DNS add-on (this machine's node binary), and the
 * containers of one cluster (found by the `pilothouse.cluster` label its kubelets put on them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { buildBusyboxImage, buildNodeImage, buildSandboxImage, removeImage } from '../../src/main/runtime/testing/images.js';

export const docker = new Dockerode({ socketPath: process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice(7) : '/var/run/docker.sock' });

export interface TestImages {
  busybox: string;
  sandbox: string;
  /** Node + busybox: the service proxy and DNS add-on image (`serve --addon-image`). */
  node: string;
  remove(): Promise<void>;
}

export async function buildTestImages(suite: string): Promise<TestImages> {
  const busybox = `pilothouse-test/${suite}-busybox:1`;
  const sandbox = `pilothouse-test/${suite}-sandbox:1`;
  await buildBusyboxImage(docker, busybox);
  const node = `pilothouse-test/${suite}-node:1`;
  await buildSandboxImage(docker, sandbox);
  await buildNodeImage(docker, node);
  return {
    busybox,
    sandbox,
    node,
    async remove() {
      await removeImage(docker, busybox).catch(() => {});
      await removeImage(docker, sandbox).catch(() => {});
      await removeImage(docker, node).catch(() => {});
    },
  };
}

/** The cluster id a `pilothouse serve` data directory carries (its containers are labelled with it). */
export function clusterIdOf(dataDir: string): string {
  return readFileSync(join(dataDir, 'cluster-id'), 'utf8').trim();
}

/** Containers of the given nodes of one cluster (by the kubelet's labels), sandboxes included. */
export async function containersOf(clusterId: string, nodes: string[], all = false): Promise<{ id: string; name: string; node: string; role: string; namespace: string }[]> {
  const list = await docker.listContainers({ all, filters: { label: [`pilothouse.cluster=${clusterId}`] } });
  const mine = list.filter((c) => nodes.includes(c.Labels['pilothouse.node']));
  return mine.map((c) => ({ id: c.Id, name: c.Names[0]?.replace(/^\//, '') ?? '', node: c.Labels['pilothouse.node'], role: c.Labels['pilothouse.role'], namespace: c.Labels['pilothouse.pod-namespace'] }));
}

/** Removes every container of one cluster (force), so a suite leaves nothing behind. */
export async function removeClusterContainers(clusterId: string): Promise<void> {
  for (const c of await docker.listContainers({ all: true, filters: { label: [`pilothouse.cluster=${clusterId}`] } })) {
    await docker.getContainer(c.Id).remove({ force: true }).catch(() => {});
  }
}

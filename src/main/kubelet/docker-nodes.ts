/**
 * Worker nodes backed by the local Docker engine: one kubelet per node, each with its own
 * `DockerRuntime` view of the same engine (containers carry their node's label), sharing one pod
 * informer. `pilothouse serve --nodes N` and the desktop app start these.
 */
import type { ApiClient } from '../client/api-client.js';
import { DockerRuntime } from '../runtime/docker/docker-runtime.js';
import { Kubelet } from './kubelet.js';
import type { KubeletTimings } from './config.js';
import { SharedPodSource } from './shared-pod-source.js';
import type { NetworkIpam } from '../runtime/docker/network.js';
import type { ClusterDNS } from './pod-dns.js';
import { apiServiceLister } from './service-env.js';

/** `node.kubernetes.io/instance-type` of Docker-backed nodes (what needs real containers selects them by it). */
export const DOCKER_INSTANCE_TYPE = 'pilothouse-docker';

export interface DockerNodesOptions {
  client: ApiClient;
  count: number;
  /** Node names are `<prefix><n>`, from 1 (default `node-`). */
  namePrefix?: string;
  /** The pod sandbox ("pause") image; must hold a long sleep (and busybox wget/nc for network probes). */
  sandboxImage?: string;
  /** Docker socket (default from DOCKER_HOST, else /var/run/docker.sock). */
  socketPath?: string;
  /** The Docker network every pod joins (default `pilothouse`). */
  network?: string;
  /** Labels every container with `pilothouse.cluster=<id>`: kubelets only see their own cluster's containers. */
  clusterId?: string;
  /** Base directory of pod volumes, this cluster's alone (e.g. `<data dir>/kubelet`); see `KubeletOptions.volumesDir`. */
  volumesDir?: string;
  timings?: Partial<KubeletTimings>;
  /** The network's address plan (cluster-network.ts); with it pods can reach ClusterIPs. */
  networkIpam?: NetworkIpam;
  /** The cluster DNS `ClusterFirst` pods use. */
  clusterDNS?: ClusterDNS;
  /** Give containers the service-link env variables (`KUBERNETES_SERVICE_HOST`, ...). */
  serviceLinks?: boolean;
}

export interface DockerNodesHandle {
  readonly nodes: string[];
  kubelet(name: string): Kubelet | undefined;
  runtime(name: string): DockerRuntime | undefined;
  /** Stops the kubelets; containers keep running unless `stopPods` (a restart adopts them). */
  stop(options?: { stopPods?: boolean }): Promise<void>;
}

export async function startDockerNodes(options: DockerNodesOptions): Promise<DockerNodesHandle> {
  const prefix = options.namePrefix ?? 'node-';
  const podSource = new SharedPodSource(options.client);
  podSource.start();
  const entries = new Map<string, { kubelet: Kubelet; runtime: DockerRuntime }>();
  const services = apiServiceLister(options.client);
  for (let i = 1; i <= options.count; i++) {
    const name = `${prefix}${i}`;
    const runtime = new DockerRuntime({
      socketPath: options.socketPath,
      sandboxImage: options.sandboxImage,
      network: options.network,
      networkIpam: options.networkIpam,
      labels: options.clusterId ? { 'pilothouse.cluster': options.clusterId } : undefined,
    });
    const kubelet = new Kubelet({
      client: options.client,
      runtime,
      nodeName: name,
      instanceType: DOCKER_INSTANCE_TYPE,
      address: `172.30.0.${i + 1}`,
      podSource,
      timings: options.timings,
      volumesDir: options.volumesDir,
      clusterDNS: options.clusterDNS,
      services: options.serviceLinks ? services : undefined,
    });
    entries.set(name, { kubelet, runtime });
  }
  const stop = async (stopPods = false) => {
    await Promise.all([...entries.values()].map((e) => e.kubelet.stop({ stopPods })));
    podSource.stop();
  };
  try {
    for (const { kubelet } of entries.values()) await kubelet.start();
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
  return {
    nodes: [...entries.keys()],
    kubelet: (name) => entries.get(name)?.kubelet,
    runtime: (name) => entries.get(name)?.runtime,
    stop: (o = {}) => stop(o.stopPods),
  };
}

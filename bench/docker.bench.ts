/**
 * Docker-node benchmark (real containers on the local engine, locally built busybox images):
 * - pod startup latency: 20 pods created one after another on a Docker node, each timed from the
 *   create call to phase Running with its container started, seen through a watch. References in
 *   the same run, interleaved with it (so machine load hits all three alike): raw dockerode
 *   `create` + `start` of the same image and command, and a raw pod-equivalent (a sandbox
 *   container on a bridge network plus the app container joined to its namespaces), since a pod
 *   is two containers;
 * - time to a working cluster: `startCluster` on a fresh data dir with 3 Docker nodes until the
 *   3 nodes are Ready and one pod is Running (median of 3), with the control plane alone (no
 *   nodes) as the same-run reference.
 * `runDockerBench` prints nothing and removes every container, network and image it made. It
 * needs a Docker engine and a static busybox; about 1 minute on a 2-core machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Dockerode from 'dockerode';
import type { KubeObject } from '../src/shared/api/object.js';
import { startCluster, type ClusterHandle } from '../src/main/cluster/start-cluster.js';
import { DOCKER_SOCKET } from '../src/main/runtime/testing/docker-test-env.js';
import { buildBusyboxImage, buildSandboxImage, removeImagesLabelled } from '../src/main/runtime/testing/images.js';
import { LABELS } from '../src/main/runtime/types.js';
import { latency, type Latency } from './store.bench.js';

export interface DockerBenchOptions {
  /** Pods (and raw references) timed. Default 20. */
  pods?: number;
  /** Untimed rounds first (image and network caches, first sandbox). Default 2. */
  warmup?: number;
  /** Docker nodes in the pod-startup cluster. Default 1. */
  nodes?: number;
  /** Runs of the time-to-cluster measurement. Default 3. */
  clusterRuns?: number;
}

export interface DockerBenchResult {
  startup: {
    nodes: number;
    warmup: number;
    /** Create call → phase Running with the container started, seen through a watch. */
    pilothouse: Latency;
    /** Raw dockerode create + start of one container (same image and command). */
    rawContainer: Latency;
    /**
     * The same on a user-defined bridge network, as pods need (their own subnet; Docker then also
     * starts its embedded DNS resolver in the container's namespace, which the default bridge skips).
     */
    rawContainerOnNetwork: Latency;
    /** Raw sandbox container (bridge network, init) + app container joined to its namespaces. */
    rawPod: Latency;
  };
  cluster: {
    nodes: number;
    runs: number;
    /** startCluster call → 3 Ready nodes and one pod Running, ms, per run. */
    toWorkingMs: number[];
    /** startCluster call → startCluster resolved (kubelets registered), ms, per run. */
    startClusterMs: number[];
    /** Reference: startCluster with no nodes (control plane alone, fresh data dir), ms, per run. */
    controlPlaneOnlyMs: number[];
  };
  durationMs: number;
}

const PODS = { apiVersion: 'v1', resource: 'pods' };
const NODES = { apiVersion: 'v1', resource: 'nodes' };
const BENCH_LABEL = 'pilothouse.bench-run';
const SLEEP = ['sleep', '3600'];

interface PodStatusShape {
  phase?: string;
  containerStatuses?: { state?: { running?: unknown } }[];
}

const runningWithContainer = (p: KubeObject): boolean => {
  const s = p.status as PodStatusShape | undefined;
  return s?.phase === 'Running' && (s.containerStatuses ?? []).some((c) => c.state?.running !== undefined);
};

const nodeReady = (n: KubeObject): boolean =>
  ((n.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

function podManifest(name: string, image: string, runId: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { [BENCH_LABEL]: runId } },
    spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', command: SLEEP }] },
  };
}

/** Middle value (upper middle for an even count). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, intervalMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`docker benchmark: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Resolves when `name` has been seen Running; one watch serves every pod of the run. */
class RunningWatch {
  private readonly seen = new Map<string, number>();
  private readonly waiters = new Map<string, () => void>();
  private stopWatch?: () => void;

  async start(cluster: ClusterHandle, runId: string): Promise<void> {
    this.stopWatch = await cluster.client.watch(PODS, 'default', { labelSelector: `${BENCH_LABEL}=${runId}`, resourceVersion: '0' }, (e) => {
      const name = e.object.metadata.name!;
      if (this.seen.has(name) || !runningWithContainer(e.object)) return;
      this.seen.set(name, performance.now());
      this.waiters.get(name)?.();
    }, () => {});
  }

  /** Time `name` was seen Running (performance.now()); waits for it. */
  runningAt(name: string, timeoutMs: number): Promise<number> {
    const at = this.seen.get(name);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`docker benchmark: pod ${name} not Running within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(name, () => {
        clearTimeout(timer);
        this.waiters.delete(name);
        resolve(this.seen.get(name)!);
      });
    });
  }

  stop(): void {
    this.stopWatch?.();
  }
}

/** Raw Docker: one container of `image` running `sleep`, created and started; returns ms. */
async function rawContainer(docker: Dockerode, image: string, labels: Record<string, string>, network?: string): Promise<number> {
  const t = performance.now();
  const c = await docker.createContainer({ Image: image, Cmd: SLEEP, Labels: labels, HostConfig: network ? { NetworkMode: network } : {} });
  await c.start();
  return performance.now() - t;
}

/** Raw Docker pod-equivalent: sandbox on `network` (with init, shareable IPC), then the app container in its namespaces; returns ms. */
async function rawPod(docker: Dockerode, sandboxImage: string, image: string, network: string, labels: Record<string, string>, name: string): Promise<number> {
  const t = performance.now();
  const sandbox = await docker.createContainer({
    Image: sandboxImage, Hostname: name, Labels: labels,
    HostConfig: { Init: true, NetworkMode: network, IpcMode: 'shareable', RestartPolicy: { Name: 'no' } },
  });
  await sandbox.start();
  const app = await docker.createContainer({
    Image: image, Entrypoint: SLEEP, Labels: labels,
    HostConfig: { NetworkMode: `container:${sandbox.id}`, IpcMode: `container:${sandbox.id}`, RestartPolicy: { Name: 'no' } },
  });
  await app.start();
  return performance.now() - t;
}

async function podStartup(docker: Dockerode, images: { busybox: string; sandbox: string }, runId: string, o: Required<DockerBenchOptions>): Promise<DockerBenchResult['startup']> {
  const labels = { [BENCH_LABEL]: runId };
  const network = `pilothouse-bench-${runId}`;
  await docker.createNetwork({ Name: network, Driver: 'bridge', Labels: labels });
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-bench-docker-'));
  const cluster = await startCluster({ dataDir, port: 0, store: { backend: 'sqlite' }, stopPodsOnExit: true, dockerNodes: { count: o.nodes, sandboxImage: images.sandbox }, serviceNetworking: false });
  const watch = new RunningWatch();
  try {
    await waitFor(async () => (await cluster.client.list(NODES, undefined)).items.filter(nodeReady).length >= o.nodes, 30_000, 'the Docker nodes to be Ready');
    await watch.start(cluster, runId);
    const samples = { pilothouse: [] as number[], rawContainer: [] as number[], rawContainerOnNetwork: [] as number[], rawPod: [] as number[] };
    // Interleaved rounds: the three measurements see the same machine load.
    for (let i = 0; i < o.warmup + o.pods; i++) {
      const keep = i >= o.warmup;
      const c = await rawContainer(docker, images.busybox, labels);
      const n = await rawContainer(docker, images.busybox, labels, network);
      const p = await rawPod(docker, images.sandbox, images.busybox, network, labels, `raw-${i}`);
      const name = `bench-${runId}-${i}`;
      const t = performance.now();
      await cluster.client.create(PODS, 'default', podManifest(name, images.busybox, runId));
      const running = (await watch.runningAt(name, 30_000)) - t;
      if (keep) {
        samples.rawContainer.push(c);
        samples.rawContainerOnNetwork.push(n);
        samples.rawPod.push(p);
        samples.pilothouse.push(running);
      }
    }
    return { nodes: o.nodes, warmup: o.warmup, pilothouse: latency(samples.pilothouse), rawContainer: latency(samples.rawContainer), rawContainerOnNetwork: latency(samples.rawContainerOnNetwork), rawPod: latency(samples.rawPod) };
  } finally {
    watch.stop();
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await removeLabelled(docker, BENCH_LABEL, runId);
    await removePodsNamed(docker, `bench-${runId}-`);
    await docker.getNetwork(network).remove().catch(() => {});
  }
}

/** One run: fresh data dir → `nodes` Ready nodes and one pod Running. */
async function timeToWorkingCluster(docker: Dockerode, images: { busybox: string; sandbox: string }, runId: string, nodes: number, run: number): Promise<{ toWorkingMs: number; startClusterMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-bench-docker-'));
  const name = `first-${runId}-${run}`;
  const t = performance.now();
  const cluster = await startCluster({ dataDir, port: 0, stopPodsOnExit: true, dockerNodes: { count: nodes, sandboxImage: images.sandbox }, serviceNetworking: false });
  const startClusterMs = performance.now() - t;
  try {
    await cluster.client.create(PODS, 'default', podManifest(name, images.busybox, runId));
    await waitFor(async () => {
      const [nodeList, pod] = await Promise.all([cluster.client.list(NODES, undefined), cluster.client.get(PODS, 'default', name)]);
      return nodeList.items.filter(nodeReady).length >= nodes && runningWithContainer(pod);
    }, 60_000, `${nodes} Ready nodes and pod ${name} Running`);
    return { toWorkingMs: performance.now() - t, startClusterMs };
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await removePodsNamed(docker, `first-${runId}-`);
  }
}

async function controlPlaneOnly(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-bench-docker-'));
  const t = performance.now();
  const cluster = await startCluster({ dataDir, port: 0 });
  const ms = performance.now() - t;
  await cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return ms;
}

async function removeLabelled(docker: Dockerode, key: string, value: string): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${key}=${value}`] } });
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {})));
}

/** Containers of pods whose name starts with `prefix` (left over if a kubelet could not clean up). */
async function removePodsNamed(docker: Dockerode, prefix: string): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: { label: [LABELS.podName] } });
  const mine = list.filter((c) => c.Labels[LABELS.podName]?.startsWith(prefix));
  await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {})));
}

export async function runDockerBench(options: DockerBenchOptions = {}): Promise<DockerBenchResult> {
  const o: Required<DockerBenchOptions> = { pods: 20, warmup: 2, nodes: 1, clusterRuns: 3, ...options };
  const started = performance.now();
  const docker = new Dockerode({ socketPath: DOCKER_SOCKET });
  const runId = randomBytes(4).toString('hex');
  const labels = { [BENCH_LABEL]: runId };
  const images = { busybox: `pilothouse-bench/busybox:${runId}`, sandbox: `pilothouse-bench/sandbox:${runId}` };
  try {
    await buildBusyboxImage(docker, images.busybox, { labels });
    await buildSandboxImage(docker, images.sandbox, labels);
    const startup = await podStartup(docker, images, runId, o);
    const toWorkingMs: number[] = [];
    const startClusterMs: number[] = [];
    const controlPlaneOnlyMs: number[] = [];
    for (let run = 0; run < o.clusterRuns; run++) {
      const r = await timeToWorkingCluster(docker, images, runId, 3, run);
      toWorkingMs.push(r.toWorkingMs);
      startClusterMs.push(r.startClusterMs);
      controlPlaneOnlyMs.push(await controlPlaneOnly());
    }
    return { startup, cluster: { nodes: 3, runs: o.clusterRuns, toWorkingMs, startClusterMs, controlPlaneOnlyMs }, durationMs: performance.now() - started };
  } finally {
    await removeLabelled(docker, BENCH_LABEL, runId).catch(() => {});
    await removeImagesLabelled(docker, BENCH_LABEL, runId).catch(() => {});
  }
}


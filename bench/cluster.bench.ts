/**
 * Whole-cluster benchmark on simulated nodes (scheduler, controllers, kubelets, one process):
 * - pod scheduling latency (create → PodScheduled, seen through a watch) for pods arriving at a
 *   steady rate on 1,000 nodes;
 * - control-plane memory once 10,000 pods are Running on those 1,000 nodes;
 * - `kubectl apply` of a 100-replica Deployment until every pod is Running and Ready.
 * The scheduler's own throughput benchmark (10,000 pending pods on 1,000 nodes, with the
 * scheduling cycles alone as the same-run reference) is `runSchedulerBench`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../src/shared/api/object.js';
import { startCluster, type ClusterHandle } from '../src/main/cluster/start-cluster.js';
import { writeKubeconfig } from '../src/main/cluster/kubeconfig.js';
import { latency, type Latency } from './store.bench.js';

export interface ClusterBenchResult {
  nodes: number;
  schedulingLatency: Latency & { ratePerSecond: number };
  runningPods: number;
  secondsToAllRunning: number;
  heapMB: number;
  rssMB: number;
  deployment100: { seconds: number };
}

const PODS = { apiVersion: 'v1', resource: 'pods' };

function pod(name: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { bench: 'yes' } },
    spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  };
}

const isRunningReady = (p: KubeObject) =>
  (p.status as { phase?: string; conditions?: { type: string; status: string }[] } | undefined)?.phase === 'Running' &&
  ((p.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

async function countRunning(c: ClusterHandle, selector: string): Promise<number> {
  const list = await c.client.list(PODS, 'default', { labelSelector: selector });
  return list.items.filter(isRunningReady).length;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`benchmark: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function runClusterBench(options: { nodes?: number; pods?: number; latencyPods?: number; ratePerSecond?: number } = {}): Promise<ClusterBenchResult> {
  const nodes = options.nodes ?? 1000;
  const total = options.pods ?? 10_000;
  const latencyPods = options.latencyPods ?? 1000;
  const rate = options.ratePerSecond ?? 250;
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-bench-cluster-'));
  const cluster = await startCluster({ dataDir, port: 0, simulatedNodes: { count: nodes } });
  try {
    // 1. Scheduling latency at a steady arrival rate.
    const created = new Map<string, number>();
    const scheduledAt = new Map<string, number>();
    const stopWatch = await cluster.client.watch(PODS, 'default', { labelSelector: 'bench=yes', resourceVersion: '0' }, (e) => {
      const name = e.object.metadata.name!;
      if (scheduledAt.has(name)) return;
      const cond = ((e.object.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === 'PodScheduled');
      if (cond?.status === 'True') scheduledAt.set(name, performance.now());
    }, () => {});
    const interval = 1000 / rate;
    const startAt = performance.now();
    for (let i = 0; i < latencyPods; i++) {
      const due = startAt + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const name = `lat-${i}`;
      created.set(name, performance.now());
      await cluster.client.create(PODS, 'default', pod(name));
    }
    await waitFor(async () => scheduledAt.size >= latencyPods, 120_000, 'latency pods to be scheduled');
    stopWatch();
    const delays = [...created].map(([name, t]) => scheduledAt.get(name)! - t);

    // 2. Fill to `total` pods and wait until all are Running and Ready; then measure memory.
    const fillStart = performance.now();
    const batch = 50;
    for (let i = latencyPods; i < total; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, total - i) }, (_, j) => cluster.client.create(PODS, 'default', pod(`fill-${i + j}`))));
    }
    await waitFor(async () => (await countRunning(cluster, 'bench=yes')) >= total, 300_000, `${total} pods Running`);
    const secondsToAllRunning = (performance.now() - fillStart) / 1000;
    (globalThis as { gc?: () => void }).gc?.();
    const mem = process.memoryUsage();

    // 3. kubectl apply of a 100-replica Deployment until every replica is Running and Ready.
    const kubeconfig = join(dataDir, 'kubeconfig');
    writeKubeconfig(kubeconfig, { name: 'bench', server: cluster.url, caCert: cluster.credentials.ca.cert, token: cluster.credentials.adminToken });
    const manifest = JSON.stringify({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'hundred', namespace: 'default' },
      spec: { replicas: 100, selector: { matchLabels: { app: 'hundred' } }, template: { metadata: { labels: { app: 'hundred' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    const applyStart = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn('kubectl', ['--kubeconfig', kubeconfig, 'apply', '-f', '-'], { stdio: ['pipe', 'ignore', 'inherit'] });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kubectl apply exited ${code}`))));
      child.stdin.end(manifest);
    });
    await waitFor(async () => (await countRunning(cluster, 'app=hundred')) >= 100, 120_000, 'the 100-replica Deployment');
    const deploySeconds = (performance.now() - applyStart) / 1000;

    return {
      nodes,
      schedulingLatency: { ...latency(delays), ratePerSecond: rate },
      runningPods: total,
      secondsToAllRunning,
      heapMB: mem.heapUsed / 1e6,
      rssMB: mem.rss / 1e6,
      deployment100: { seconds: deploySeconds },
    };
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

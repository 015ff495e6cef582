/**
 * The scheduler benchmark (issue target: 10,000 pods on 1,000 nodes at >= 1,000 pods/s in one
 * process): creates the nodes and pending pods through the API of a real in-process cluster,
 * then starts a scheduler and times it until every pod is bound (bindings, `Scheduled` events
 * and informer updates included). The reference measured in the same run is the scheduling
 * cycles alone over an equal cache, without the API round trips.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startCluster } from '../../cluster/start-cluster.js';
import { NODES, PODS } from '../api-types.js';
import { newPodInfo } from '../framework/pod-info.js';
import { buildFramework } from '../framework/registry.js';
import { schedulePod } from '../schedule-one.js';
import { createScheduler, type SchedulerStats } from '../scheduler.js';
import { makeCache, makeNode, makePod } from './fixtures.js';

export interface SchedulerBenchOptions {
  nodes?: number;
  pods?: number;
  store?: 'memory' | 'sqlite';
}

export interface SchedulerBenchResult {
  nodes: number;
  pods: number;
  /** Pods bound per second, from informer sync to the last binding. */
  podsPerSecond: number;
  scheduleMs: number;
  /** Listing and watching the pods and nodes before scheduling starts. */
  syncMs: number;
  /** Reference: scheduling cycles per second without the API (same nodes and pods). */
  cycleOnlyPodsPerSecond: number;
  heapUsedMB: number;
  stats: SchedulerStats;
}

const nodeSpec = { cpu: '32', memory: '128Gi', pods: 110 };
const podSpec = { cpu: '100m', memory: '128Mi' };

export async function runSchedulerBench(options: SchedulerBenchOptions = {}): Promise<SchedulerBenchResult> {
  const nodes = options.nodes ?? 1000;
  const pods = options.pods ?? 10_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-scheduler-bench-'));
  const cluster = await startCluster({ dataDir, port: 0, store: options.store === 'sqlite' ? { backend: 'sqlite' } : { backend: 'memory' }, scheduler: false, controllerManager: false });
  try {
    await inBatches(nodes, 50, (i) => cluster.client.create(NODES, undefined, withoutUid(makeNode(`node-${i}`, nodeSpec))));
    await inBatches(pods, 100, (i) => cluster.client.create(PODS, 'default', { ...withoutUid(makePod(`pod-${i}`, podSpec)), status: undefined }));

    const scheduler = createScheduler({ client: cluster.client, apiServer: cluster.apiServer });
    const started = performance.now();
    scheduler.start();
    await scheduler.whenReady();
    const synced = performance.now();
    while (scheduler.stats().scheduled < pods) await new Promise((r) => setTimeout(r, 10));
    const done = performance.now();
    const stats = scheduler.stats();
    const heapUsedMB = process.memoryUsage().heapUsed / 1e6;
    await scheduler.stop();
    return {
      nodes, pods, scheduleMs: done - synced, syncMs: synced - started, podsPerSecond: (pods / (done - synced)) * 1000,
      cycleOnlyPodsPerSecond: cycleOnly(nodes, pods), heapUsedMB, stats,
    };
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Scheduling cycles (filter, score, assume) over an in-memory cache, per second. */
function cycleOnly(nodes: number, pods: number): number {
  const framework = buildFramework();
  const cache = makeCache(Array.from({ length: nodes }, (_, i) => makeNode(`node-${i}`, nodeSpec)));
  const infos = Array.from({ length: pods }, (_, i) => newPodInfo(makePod(`pod-${i}`, podSpec)));
  let start = 0;
  const t0 = performance.now();
  for (const pod of infos) {
    const r = schedulePod({ framework, nodes: cache.nodeList(), startIndex: start }, pod);
    start = r.nextStartIndex;
    cache.assumePod(pod, r.node!);
  }
  return (pods / (performance.now() - t0)) * 1000;
}

async function inBatches(count: number, batch: number, create: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < count; i += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, k) => create(i + k)));
  }
}

function withoutUid<T extends { metadata: { uid?: string } }>(obj: T): T {
  const { uid: _uid, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

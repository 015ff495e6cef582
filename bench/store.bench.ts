/**
 * Store benchmark: per-operation latency of a pod-sized (~2 KB) JSON value on the memory and
 * SQLite backends, sequential write throughput of SQLite against a real etcd in the same run,
 * the time to list 10 000 keys, and watch delivery latency with 100 watchers.
 *
 * `runStoreBench` prints nothing; it returns the figures (the `npm run bench` script formats
 * them). It starts etcd with the test helper and always stops it and removes its temp files.
 * With default options it takes about 20-30 s on a 2-core machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EtcdStore } from '../src/main/store/etcd-store.js';
import { MemoryStore } from '../src/main/store/memory-store.js';
import { SqliteStore } from '../src/main/store/sqlite-store.js';
import { startEtcdServer, type EtcdServer } from '../src/main/store/testing/etcd-server.js';
import type { Store, WatchEvent } from '../src/main/store/types.js';

export interface StoreBenchOptions {
  /** Sequential operations per latency measurement. Default 2000. */
  ops?: number;
  /** Sequential writes for the throughput comparison. Default 1000. */
  throughputWrites?: number;
  /** Keys in the list measurement. Default 10 000. */
  listKeys?: number;
  /** Concurrent watchers in the delivery measurement. Default 100. */
  watchers?: number;
  /** Writes observed by every watcher. Default 300. */
  watchWrites?: number;
  /** Include the real-etcd figures (needs the etcd binary). Default true. */
  etcd?: boolean;
}

export interface Latency {
  count: number;
  p50Ms: number;
  p99Ms: number;
}

export interface StoreBenchResult {
  valueBytes: number;
  /** Sequential create / get / update latency per backend. */
  operations: Record<'memory' | 'sqlite', { create: Latency; get: Latency; update: Latency }>;
  /** Sequential acknowledged writes per second (creates of distinct keys). */
  writesPerSecond: { sqliteFull: number; sqliteNormal: number; etcd?: number };
  /** Time to list all keys of one prefix, in ms. */
  list: { keys: number; memoryMs: number; sqliteMs: number; etcdMs?: number };
  /** From the write call to the handler, over every (watcher, event) pair, on SQLite. */
  watchDelivery: Latency & { watchers: number; writes: number };
  /** Total wall time of the run. */
  durationMs: number;
}

/** A pod-like JSON document of about 2 KB. */
function podValue(i: number): string {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${i}`, namespace: 'default', uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, labels: { app: 'web', tier: 'frontend' } },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: 'web', image: 'busybox:latest', command: ['httpd', '-f', '-p', '8080'], ports: [{ containerPort: 8080 }], env: Array.from({ length: 12 }, (_, e) => ({ name: `ENV_${e}`, value: 'v'.repeat(40) })) }],
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], podIP: '10.244.0.10' },
  };
  const json = JSON.stringify(pod);
  return JSON.stringify({ ...pod, metadata: { ...pod.metadata, annotations: { pad: 'x'.repeat(Math.max(0, 2048 - json.length - 30)) } } });
}

export function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, p50Ms: round(at(0.5)), p99Ms: round(at(0.99)) };
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function operationLatencies(store: Store, ops: number): Promise<{ create: Latency; get: Latency; update: Latency }> {
  const create: number[] = [];
  const get: number[] = [];
  const update: number[] = [];
  const revisions: number[] = [];
  for (let i = 0; i < ops; i++) create.push(await timed(async () => revisions.push(await store.create(`/registry/pods/default/web-${i}`, podValue(i)))));
  for (let i = 0; i < ops; i++) get.push(await timed(() => store.get(`/registry/pods/default/web-${i}`)));
  for (let i = 0; i < ops; i++) update.push(await timed(() => store.update(`/registry/pods/default/web-${i}`, podValue(i + 1), revisions[i] as number)));
  return { create: latency(create), get: latency(get), update: latency(update) };
}

async function writesPerSecond(store: Store, writes: number, prefix: string): Promise<number> {
  const value = podValue(0);
  const elapsed = await timed(async () => {
    for (let i = 0; i < writes; i++) await store.create(`${prefix}${i}`, value);
  });
  return Math.round((writes / elapsed) * 1000);
}

/** Fills `keys` keys (with `concurrency` writers) and times one full list of them. */
async function listTime(store: Store, keys: number, concurrency: number): Promise<number> {
  const value = podValue(0);
  let next = 0;
  const writer = async (): Promise<void> => {
    while (next < keys) {
      const i = next++;
      await store.create(`/registry/list/${String(i).padStart(6, '0')}`, value);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, writer));
  let listed = 0;
  const ms = await timed(async () => {
    listed = (await store.list('/registry/list/')).kvs.length;
  });
  if (listed !== keys) throw new Error(`listed ${listed} keys, expected ${keys}`);
  return round(ms);
}

async function watchDelivery(store: Store, watchers: number, writes: number): Promise<Latency & { watchers: number; writes: number }> {
  const sentAt = new Map<string, number>(); // by key: the revision is known only after delivery may have happened
  const samples: number[] = [];
  let received = 0;
  const onEvents = (events: WatchEvent[]): void => {
    const now = performance.now();
    for (const e of events) {
      const start = sentAt.get(e.kv.key);
      if (start === undefined) throw new Error(`event for unknown key ${e.kv.key}`);
      samples.push(now - start);
      received++;
    }
  };
  const from = await store.currentRevision();
  const handles = await Promise.all(Array.from({ length: watchers }, () => store.watch('/registry/watched/', from, { onEvents, onClose: () => undefined })));
  for (let i = 0; i < writes; i++) {
    const key = `/registry/watched/${i}`;
    sentAt.set(key, performance.now());
    await store.create(key, podValue(i));
    await new Promise((r) => setImmediate(r)); // a steady stream, not one burst
  }
  const deadline = Date.now() + 10_000;
  while (received < watchers * writes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  for (const h of handles) h.cancel();
  if (received < watchers * writes) throw new Error(`watchers received ${received} of ${watchers * writes} events`);
  return { ...latency(samples), watchers, writes };
}

export async function runStoreBench(options: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const ops = options.ops ?? 2000;
  const throughputWrites = options.throughputWrites ?? 1000;
  const listKeys = options.listKeys ?? 10_000;
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'pilothouse-bench-'));
  const open: Store[] = [];
  let etcd: EtcdServer | undefined;
  const sqlite = async (name: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Promise<SqliteStore> => {
    const store = await SqliteStore.open({ path: join(dir, `${name}.db`), synchronous, autoCompact: false });
    open.push(store);
    return store;
  };
  try {
    const memory = new MemoryStore();
    open.push(memory);
    const operations = { memory: await operationLatencies(memory, ops), sqlite: await operationLatencies(await sqlite('ops'), ops) };

    const writes: StoreBenchResult['writesPerSecond'] = {
      sqliteFull: await writesPerSecond(await sqlite('full'), throughputWrites, '/w/'),
      sqliteNormal: await writesPerSecond(await sqlite('normal', 'NORMAL'), throughputWrites, '/w/'),
    };
    const list: StoreBenchResult['list'] = {
      keys: listKeys,
      memoryMs: await listTime(memory, listKeys, 1),
      sqliteMs: await listTime(await sqlite('list'), listKeys, 1),
    };
    if (options.etcd ?? true) {
      etcd = await startEtcdServer();
      const store = await EtcdStore.open({ endpoints: [etcd.endpoint], prefix: '/bench' });
      open.push(store);
      writes.etcd = await writesPerSecond(store, Math.min(throughputWrites, 500), '/w/');
      list.etcdMs = await listTime(store, listKeys, 64);
    }
    const watched = await sqlite('watch');
    const watchResult = await watchDelivery(watched, options.watchers ?? 100, options.watchWrites ?? 300);
    return {
      valueBytes: Buffer.byteLength(podValue(0)),
      operations,
      writesPerSecond: writes,
      list,
      watchDelivery: watchResult,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    for (const store of open) await store.close().catch(() => undefined);
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

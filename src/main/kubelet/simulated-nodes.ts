/**
 * `startSimulatedNodes`: N in-process nodes, each a real `Kubelet` over its own `SimulatedRuntime`,
 * all sharing ONE pod informer (`SharedPodSource`), so 1,000 nodes cost one pod watch plus, per
 * node, a Lease renewal every 10s and a node status check every 10s (written only on change or
 * every 5 minutes). The factory `pilothouse serve --simulated-nodes N` and the tests use.
 *
 * Nodes are named `<prefix><i>` (`sim-0`, `sim-1`, ...) with InternalIP 172.31.x.y as data.
 * `stopHeartbeats(name)` silences one node's Lease and status without deleting anything (to
 * exercise the node lifecycle controller); `resumeHeartbeats(name)` brings it back.
 */
import { quantityValue } from '../../shared/api/quantity.js';
import type { ApiClient } from '../client/api-client.js';
import { SimulatedRuntime } from '../runtime/simulated/simulated-runtime.js';
import { systemTimerClock, type TimerClock } from './clock.js';
import type { KubeletTimings, NodeCapacity, Taint } from './config.js';
import { Kubelet } from './kubelet.js';
import { SharedPodSource } from './shared-pod-source.js';

export interface SimulatedNodeSettings {
  capacity: NodeCapacity;
  labels: Record<string, string>;
  taints: Taint[];
}

export interface SimulatedNodesOptions {
  client: ApiClient;
  count: number;
  /** Default `sim-`. */
  namePrefix?: string;
  /** Index of the first node (default 0), so more nodes can be added later without clashes. */
  firstIndex?: number;
  /** Default `{ cpu: '4', memory: '8Gi', pods: 110 }`. */
  capacity?: NodeCapacity;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** Per-node changes on top of the shared settings (e.g. a GPU pool, a tainted node). */
  configure?: (index: number, name: string) => Partial<SimulatedNodeSettings>;
  /** Images whose pulls fail on every node (ErrImagePull). */
  failingImages?: string[];
  clock?: TimerClock;
  timings?: Partial<KubeletTimings>;
  /** Record kubelet Events (default true). */
  recordEvents?: boolean;
  /** Share an existing pod source (one per process); by default one is made and owned here. */
  podSource?: SharedPodSource;
  /** Nodes registering at once (default 25). */
  startConcurrency?: number;
}

export interface SimulatedNodesHandle {
  readonly nodes: string[];
  readonly podSource: SharedPodSource;
  kubelet(name: string): Kubelet | undefined;
  runtime(name: string): SimulatedRuntime | undefined;
  /** Stops renewing the node's Lease and reporting its status; nothing is deleted. */
  stopHeartbeats(name: string): void;
  resumeHeartbeats(name: string): Promise<void>;
  /** Stops every kubelet (containers are left unless `stopPods`), then the owned pod source. */
  stop(options?: { stopPods?: boolean }): Promise<void>;
}

export const DEFAULT_SIMULATED_CAPACITY: NodeCapacity = { cpu: '4', memory: '8Gi', pods: 110 };
export const SIMULATED_INSTANCE_TYPE = 'pilothouse-simulated';

/** 172.31.0.2, 172.31.0.3, ... unique for the first 64,000 indexes (data only). */
export function simulatedNodeAddress(index: number): string {
  return `172.31.${Math.floor(index / 250) % 256}.${(index % 250) + 2}`;
}

export async function startSimulatedNodes(options: SimulatedNodesOptions): Promise<SimulatedNodesHandle> {
  if (!Number.isInteger(options.count) || options.count < 0) throw new Error(`simulated nodes: count must be a non-negative integer, got ${options.count}`);
  const prefix = options.namePrefix ?? 'sim-';
  const first = options.firstIndex ?? 0;
  const clock = options.clock ?? systemTimerClock;
  const ownSource = !options.podSource;
  const podSource = options.podSource ?? new SharedPodSource(options.client);
  podSource.start();
  const entries = new Map<string, { kubelet: Kubelet; runtime: SimulatedRuntime }>();
  const names: string[] = [];
  for (let i = first; i < first + options.count; i++) {
    const name = `${prefix}${i}`;
    const extra = options.configure?.(i, name) ?? {};
    const capacity = extra.capacity ?? options.capacity ?? DEFAULT_SIMULATED_CAPACITY;
    const runtime = new SimulatedRuntime({
      clock,
      failingImages: options.failingImages,
      info: { cpus: quantityValue(capacity.cpu), memoryBytes: quantityValue(capacity.memory) },
    });
    const kubelet = new Kubelet({
      client: options.client,
      runtime,
      nodeName: name,
      capacity,
      labels: { ...options.labels, ...extra.labels },
      taints: extra.taints ?? options.taints ?? [],
      address: simulatedNodeAddress(i),
      instanceType: SIMULATED_INSTANCE_TYPE,
      podSource,
      clock,
      timings: { housekeepingIntervalMs: 10_000, ...options.timings },
      recordEvents: options.recordEvents,
      stagger: true,
    });
    entries.set(name, { kubelet, runtime });
    names.push(name);
  }

  const stopAll = async (stopPods = false) => {
    await Promise.all([...entries.values()].map((e) => e.kubelet.stop({ stopPods })));
    if (ownSource) podSource.stop();
  };
  try {
    await inBatches(names, options.startConcurrency ?? 25, (name) => entries.get(name)!.kubelet.start());
  } catch (e) {
    await stopAll().catch(() => {});
    throw new Error(`simulated nodes: starting failed: ${(e as Error).message}`);
  }

  const must = (name: string) => {
    const e = entries.get(name);
    if (!e) throw new Error(`simulated nodes: no node named ${name}`);
    return e;
  };
  return {
    nodes: names,
    podSource,
    kubelet: (name) => entries.get(name)?.kubelet,
    runtime: (name) => entries.get(name)?.runtime,
    stopHeartbeats: (name) => must(name).kubelet.pauseHeartbeats(),
    resumeHeartbeats: (name) => must(name).kubelet.resumeHeartbeats(),
    stop: (o = {}) => stopAll(o.stopPods),
  };
}

/** Runs `fn` over `items` with at most `limit` at a time; rejects with the first failure. */
async function inBatches<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(lanes);
}

/**
 * `MetricsScraper`: what metrics-server does, in process. Every `resolutionMs` at most (15 s by
 * default, metrics-server's `--metric-resolution`) it asks each Node's kubelet for its stats
 * summary through `NodeConnections`, and keeps the result: node usage, and per-pod container
 * usage joined with the pods the API knows (labels, for selectors). Requests in between are
 * answered from that snapshot; concurrent requests share one scrape. A node whose kubelet does
 * not answer within `nodeTimeoutMs` is left out (kubectl prints `<unknown>` for it) and logged.
 */
import type { ApiClient } from '../../client/api-client.js';
import type { StatsSummary } from '../../kubelet/server/stats-summary.js';
import { systemClock, type Clock } from '../../util/time.js';
import type { Node } from '../kinds/node.js';
import type { Pod } from '../kinds/pod-types.js';
import type { NodeConnections } from '../node-proxy/node-connections.js';

export interface Usage {
  cpuNanoCores: number;
  memoryBytes: number;
}

export interface NodeUsage extends Usage {
  name: string;
  labels: Record<string, string>;
  /** When the kubelet measured it. */
  timestamp: string;
}

export interface PodUsage {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  timestamp: string;
  containers: (Usage & { name: string })[];
}

export interface MetricsSnapshot {
  /** The span each usage figure stands for (metrics-server's `window`). */
  windowSeconds: number;
  nodes: Map<string, NodeUsage>;
  /** By `namespace/name`. */
  pods: Map<string, PodUsage>;
}

export interface MetricsScraperOptions {
  /** Lists nodes and pods (the in-process admin client). */
  client: ApiClient;
  connections: Pick<NodeConnections, 'get'>;
  resolutionMs?: number;
  nodeTimeoutMs?: number;
  clock?: Clock;
  log?: (line: string) => void;
}

export class MetricsScraper {
  private readonly resolutionMs: number;
  private readonly nodeTimeoutMs: number;
  private readonly clock: Clock;
  private last?: { at: number; snapshot: MetricsSnapshot };
  private inFlight?: Promise<MetricsSnapshot>;

  constructor(private readonly options: MetricsScraperOptions) {
    this.resolutionMs = options.resolutionMs ?? 15_000;
    this.nodeTimeoutMs = options.nodeTimeoutMs ?? 5_000;
    this.clock = options.clock ?? systemClock;
  }

  /** The latest snapshot, scraping anew once it is older than the resolution. */
  snapshot(): Promise<MetricsSnapshot> {
    const now = this.clock.now().getTime();
    if (this.last && now - this.last.at < this.resolutionMs) return Promise.resolve(this.last.snapshot);
    this.inFlight ??= this.scrape().then(
      (snapshot) => {
        this.last = { at: this.clock.now().getTime(), snapshot };
        this.inFlight = undefined;
        return snapshot;
      },
      (e: unknown) => {
        this.inFlight = undefined;
        throw e;
      },
    );
    return this.inFlight;
  }

  private async scrape(): Promise<MetricsSnapshot> {
    const { client } = this.options;
    const [nodeList, podList] = await Promise.all([
      client.list<Node>({ apiVersion: 'v1', resource: 'nodes' }),
      client.list<Pod>({ apiVersion: 'v1', resource: 'pods' }),
    ]);
    const podsByUid = new Map(podList.items.map((p) => [p.metadata.uid, p]));
    const snapshot: MetricsSnapshot = { windowSeconds: this.resolutionMs / 1000, nodes: new Map(), pods: new Map() };
    const summaries = await Promise.all(nodeList.items.map((n) => this.summaryOf(n.metadata.name!)));
    nodeList.items.forEach((node, i) => {
      const summary = summaries[i];
      if (!summary) return;
      const name = node.metadata.name!;
      snapshot.nodes.set(name, {
        name, labels: node.metadata.labels ?? {}, timestamp: summary.node.cpu.time,
        cpuNanoCores: summary.node.cpu.usageNanoCores, memoryBytes: summary.node.memory.workingSetBytes,
      });
      for (const p of summary.pods) {
        const pod = podsByUid.get(p.podRef.uid);
        if (!pod || pod.metadata.name !== p.podRef.name || pod.metadata.namespace !== p.podRef.namespace) continue;
        snapshot.pods.set(`${p.podRef.namespace}/${p.podRef.name}`, {
          namespace: p.podRef.namespace, name: p.podRef.name, labels: pod.metadata.labels ?? {}, timestamp: p.cpu.time,
          containers: p.containers.map((c) => ({ name: c.name, cpuNanoCores: c.cpu.usageNanoCores, memoryBytes: c.memory.workingSetBytes })),
        });
      }
    });
    return snapshot;
  }

  /** The node's summary, or undefined (logged) when its kubelet cannot be reached in time. */
  private async summaryOf(nodeName: string): Promise<StatsSummary | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.nodeTimeoutMs} ms`)), this.nodeTimeoutMs);
    });
    try {
      const conn = await this.options.connections.get(nodeName);
      return await Promise.race([conn.summary(), timeout]);
    } catch (e) {
      this.options.log?.(`metrics: scraping node failed: node=${nodeName} error=${(e as Error).message}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The record of each pod's latest scheduling decision: every evaluated node's filter verdict,
 * every score per plugin, the weighted totals and the chosen node. Kept in memory, bounded both
 * by the number of pods (`maxRecords`) and by the number of per-node entries (`maxNodeEntries`,
 * so large clusters do not grow memory without bound); the oldest decisions go first. A pod's
 * new decision replaces its previous one and becomes the newest.
 *
 * Recording is cheap: it keeps the arrays the cycle produced (no copies of per-node data).
 */
import type { PodInfo } from './framework/pod-info.js';
import type { CycleResult } from './schedule-one.js';

/** A cycle's outcome and per-node detail (`CycleResult`, without its round-robin cursor) plus who and when. */
export interface DecisionRecord extends Omit<CycleResult, 'nextStartIndex'> {
  /** The pod's uid, namespace and name. */
  uid: string;
  namespace: string;
  name: string;
  schedulerName: string;
  /** When the cycle ran. */
  time: Date;
  /** The pod's scheduling attempts so far, this one included. */
  attempts: number;
  /** Set when the API server rejected the binding after the node was chosen. */
  bindingError?: string;
  /** Score plugins of the profile with their weights. */
  scorePlugins: { name: string; weight: number }[];
}

export interface DecisionStoreOptions {
  /** Pods remembered at most (default 5000). */
  maxRecords?: number;
  /** Evaluated-node entries remembered at most, over all pods (default 200,000: about 40 MB; on 1,000 nodes the last ~500 pods keep full detail). */
  maxNodeEntries?: number;
}

/** Builds the record of one cycle. */
export function decisionRecord(
  pod: PodInfo,
  result: CycleResult,
  meta: { schedulerName: string; time: Date; attempts: number; scorePlugins: { name: string; weight: number }[] },
): DecisionRecord {
  return {
    uid: pod.uid,
    namespace: pod.pod.metadata.namespace ?? '',
    name: pod.pod.metadata.name ?? '',
    ...meta,
    outcome: result.outcome,
    node: result.node,
    score: result.score,
    message: result.message,
    totalNodes: result.totalNodes,
    nodesToFind: result.nodesToFind,
    evaluated: result.evaluated,
    verdicts: result.verdicts,
    preFilter: result.preFilter,
    skipped: result.skipped,
    feasible: result.feasible,
    scores: result.scores,
  };
}

export class DecisionStore {
  private readonly maxRecords: number;
  private readonly maxNodeEntries: number;
  /** By pod uid, oldest first (Map insertion order). */
  private readonly records = new Map<string, DecisionRecord>();
  /** `namespace/name` -> uid of the newest record for that name. */
  private readonly byName = new Map<string, string>();
  private nodeEntries = 0;

  constructor(options: DecisionStoreOptions = {}) {
    this.maxRecords = options.maxRecords ?? 5000;
    this.maxNodeEntries = options.maxNodeEntries ?? 200_000;
  }

  get size(): number {
    return this.records.size;
  }

  record(r: DecisionRecord): void {
    this.drop(r.uid);
    this.records.set(r.uid, r);
    this.byName.set(`${r.namespace}/${r.name}`, r.uid);
    this.nodeEntries += entries(r);
    while (this.records.size > 1 && (this.records.size > this.maxRecords || this.nodeEntries > this.maxNodeEntries)) {
      this.drop(this.records.keys().next().value as string);
    }
  }

  /** Notes that the binding of the pod's recorded decision failed. */
  markBindingFailed(uid: string, message: string): void {
    const r = this.records.get(uid);
    if (r) r.bindingError = message;
  }

  get(namespace: string, name: string): DecisionRecord | undefined {
    const uid = this.byName.get(`${namespace}/${name}`);
    return uid === undefined ? undefined : this.records.get(uid);
  }

  getByUid(uid: string): DecisionRecord | undefined {
    return this.records.get(uid);
  }

  /** Newest record per pod name, oldest first; all namespaces when `namespace` is undefined. */
  list(namespace?: string): DecisionRecord[] {
    const out: DecisionRecord[] = [];
    for (const r of this.records.values()) {
      if (namespace !== undefined && r.namespace !== namespace) continue;
      if (this.byName.get(`${r.namespace}/${r.name}`) === r.uid) out.push(r);
    }
    return out;
  }

  private drop(uid: string): void {
    const r = this.records.get(uid);
    if (!r) return;
    this.records.delete(uid);
    this.nodeEntries -= entries(r);
    const key = `${r.namespace}/${r.name}`;
    if (this.byName.get(key) === uid) this.byName.delete(key);
  }
}

function entries(r: DecisionRecord): number {
  return Math.max(1, r.evaluated.length);
}

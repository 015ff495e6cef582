/**
 * In-memory MVCC store: the reference backend for tests. Each key keeps its version history
 * (including tombstones) until compaction; keys are kept sorted in UTF-8 byte order; an event
 * log serves watches from old revisions. Every method is synchronous inside, so each write is
 * atomic and a watch's catch-up and live registration happen in one step (no gap, no duplicate).
 */
import { Broadcaster, type BroadcasterOptions } from './broadcaster.js';
import { encodeContinue, planList, resolveReadRevision } from './continue-token.js';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  KeyNotFoundError,
  StoreUnavailableError,
} from './errors.js';
import { compareKeys, keyAfter, lowerBound } from './keys.js';
import type { KeyValue, ListOptions, ListResult, Store, Watch, WatchEvent, WatchHandler } from './types.js';

/** One version of a key; a tombstone marks a deletion at `modRevision`. */
interface Version {
  kv: KeyValue;
  deleted: boolean;
}

export interface MemoryStoreOptions {
  /** Watch fan-out tuning (buffer bound, progress interval). */
  watch?: Omit<BroadcasterOptions, 'currentRevision'>;
}

export class MemoryStore implements Store {
  readonly backend = 'memory';
  /** Versions per key in increasing `modRevision`; never empty. */
  private readonly history = new Map<string, Version[]>();
  /** Every key of `history`, sorted with `compareKeys`. */
  private readonly sortedKeys: string[] = [];
  /** Events with revision > `compacted`, in revision order (one event per revision). */
  private events: WatchEvent[] = [];
  private revision = 0;
  private compacted = 0;
  private closed = false;
  private readonly broadcaster: Broadcaster;

  constructor(options: MemoryStoreOptions = {}) {
    this.broadcaster = new Broadcaster({ ...options.watch, currentRevision: () => this.revision });
  }

  async create(key: string, value: string): Promise<number> {
    this.checkOpen();
    const latest = this.latest(key);
    if (latest && !latest.deleted) throw new KeyExistsError(key);
    const revision = this.revision + 1;
    const kv: KeyValue = { key, value, createRevision: revision, modRevision: revision };
    this.append(key, { kv, deleted: false }, { type: 'put', kv, revision });
    return revision;
  }

  async update(key: string, value: string, expectedRevision: number): Promise<number> {
    this.checkOpen();
    const prev = this.current(key, expectedRevision);
    const revision = this.revision + 1;
    const kv: KeyValue = { key, value, createRevision: prev.createRevision, modRevision: revision };
    this.append(key, { kv, deleted: false }, { type: 'put', kv, prevKv: prev, revision });
    return revision;
  }

  async delete(key: string, expectedRevision?: number): Promise<{ revision: number; prevKv: KeyValue }> {
    this.checkOpen();
    const prev = this.current(key, expectedRevision);
    const revision = this.revision + 1;
    const kv: KeyValue = { ...prev, modRevision: revision };
    this.append(key, { kv, deleted: true }, { type: 'delete', kv, prevKv: prev, revision });
    return { revision, prevKv: prev };
  }

  async get(key: string, revision?: number): Promise<KeyValue | undefined> {
    this.checkOpen();
    const at = resolveReadRevision(revision, this.revision, this.compacted);
    const version = this.versionAt(key, at);
    return version && !version.deleted ? version.kv : undefined;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const plan = planList(prefix, options, this.revision, this.compacted);
    const kvs: KeyValue[] = [];
    let remaining = 0;
    let more = false;
    for (let i = lowerBound(this.sortedKeys, plan.start); i < this.sortedKeys.length; i++) {
      const key = this.sortedKeys[i] as string;
      if (plan.end !== undefined && compareKeys(key, plan.end) >= 0) break;
      const version = this.versionAt(key, plan.revision);
      if (!version || version.deleted) continue;
      if (options.countOnly || plan.limit === 0 || kvs.length < plan.limit) kvs.push(version.kv);
      else {
        more = true;
        remaining++;
      }
    }
    if (options.countOnly) return { kvs: [], revision: plan.revision, remaining: kvs.length };
    if (!more) return { kvs, revision: plan.revision };
    const last = kvs[kvs.length - 1] as KeyValue;
    const token = encodeContinue({ start: keyAfter(last.key), revision: plan.revision });
    return { kvs, revision: plan.revision, continue: token, remaining };
  }

  async watch(prefix: string, after: number, handler: WatchHandler): Promise<Watch> {
    this.checkOpen();
    if (after < this.compacted) throw new CompactedError(after, this.compacted);
    const first = this.events.length > 0 ? (this.events[0] as WatchEvent).revision : this.revision + 1;
    const backlog = this.events.slice(Math.max(0, after + 1 - first)).filter((e) => e.kv.key.startsWith(prefix));
    return this.broadcaster.subscribe(prefix, after, handler, backlog);
  }

  /**
   * Forgets versions older than `revision`: per key, the version visible at `revision` is kept
   * (dropped if it is a tombstone), older ones go, and so do events <= `revision`. Compacting at
   * or below the compacted revision does nothing.
   */
  async compact(revision: number): Promise<void> {
    this.checkOpen();
    if (revision > this.revision) throw new FutureRevisionError(revision, this.revision);
    if (revision <= this.compacted) return;
    for (const [key, versions] of this.history) {
      let keep = versions.length;
      while (keep > 0 && (versions[keep - 1] as Version).kv.modRevision > revision) keep--;
      // versions[keep - 1] is visible at `revision`: drop what precedes it, and it too if a tombstone.
      const visible = versions[keep - 1];
      const drop = visible === undefined ? 0 : visible.deleted ? keep : keep - 1;
      if (drop === 0) continue;
      versions.splice(0, drop);
      if (versions.length === 0) this.forget(key);
    }
    this.events = this.events.filter((e) => e.revision > revision);
    this.compacted = revision;
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    return this.revision;
  }

  async compactedRevision(): Promise<number> {
    this.checkOpen();
    return this.compacted;
  }

  /** Closes every watch with `StoreUnavailableError`; later calls fail the same way. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.broadcaster.closeAll(new StoreUnavailableError('the memory store was closed'));
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the memory store is closed; open a new one');
  }

  private latest(key: string): Version | undefined {
    const versions = this.history.get(key);
    return versions?.[versions.length - 1];
  }

  /** The live value of `key`, checked against `expectedRevision` when given. */
  private current(key: string, expectedRevision: number | undefined): KeyValue {
    const latest = this.latest(key);
    if (!latest || latest.deleted) throw new KeyNotFoundError(key);
    if (expectedRevision !== undefined && latest.kv.modRevision !== expectedRevision) {
      throw new ConflictError(key, expectedRevision, latest.kv.modRevision);
    }
    return latest.kv;
  }

  /** The version of `key` visible at `revision` (binary search over its history). */
  private versionAt(key: string, revision: number): Version | undefined {
    const versions = this.history.get(key);
    if (!versions) return undefined;
    let lo = 0;
    let hi = versions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((versions[mid] as Version).kv.modRevision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return versions[lo - 1];
  }

  private append(key: string, version: Version, event: WatchEvent): void {
    let versions = this.history.get(key);
    if (!versions) {
      versions = [];
      this.history.set(key, versions);
      this.sortedKeys.splice(lowerBound(this.sortedKeys, key), 0, key);
    }
    versions.push(version);
    this.revision = event.revision;
    this.events.push(event);
    this.broadcaster.publish([event]);
  }

  private forget(key: string): void {
    this.history.delete(key);
    const i = lowerBound(this.sortedKeys, key);
    if (this.sortedKeys[i] === key) this.sortedKeys.splice(i, 1);
  }
}

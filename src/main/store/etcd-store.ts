/**
 * The etcd v3 backend (for bigger setups): every verb is one etcd request, revisions are etcd's.
 *
 * Contracts beyond `Store`:
 * - Keys live under `prefix` in etcd, so several stores (or tests) can share one etcd; revisions
 *   are etcd's global ones, so they advance on writes outside the prefix too.
 * - Compaction is etcd-wide: `compact(rev)` compacts every prefix.
 * - A lost connection fails calls (and ends watches) with `StoreUnavailableError` naming the
 *   endpoints; a watch never reconnects on its own, so it cannot silently skip events.
 */
import { Etcd3, type IRangeResponse, type IRequestOp, type ICompare } from 'etcd3';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { EtcdErrorMapper } from './etcd-errors.js';
import { KeySpace } from './etcd-codec.js';
import { openEtcdWatch, type EtcdWatch } from './etcd-watch.js';
import { CompactedError, ConflictError, FutureRevisionError, KeyExistsError, KeyNotFoundError, StoreUnavailableError } from './errors.js';
import { keyAfter } from './keys.js';
import type { KeyValue, ListOptions, ListResult, Store, Watch, WatchHandler } from './types.js';

export interface EtcdStoreOptions {
  /** Client URLs, e.g. `['http://127.0.0.1:2379']`. */
  endpoints: string[];
  /**
   * Root of this store's keys in etcd (default none: the whole key space). A `/` is appended when
   * missing, so store key `/pods/a` under prefix `/t-1` is etcd key `/t-1//pods/a`, and the
   * prefixes `/t-1` and `/t-10` stay apart.
   */
  prefix?: string;
  /** Deadline of each request, in ms. Default 10 000. */
  requestTimeoutMs?: number;
}

export class EtcdStore implements Store {
  readonly backend = 'etcd';
  private readonly keys: KeySpace;
  private readonly errors: EtcdErrorMapper;
  /** Highest revision known to be compacted (etcd's compaction only moves forward). */
  private knownCompacted = 0;
  private readonly watches = new Set<EtcdWatch>();
  private closed = false;

  private constructor(
    private readonly client: Etcd3,
    readonly options: EtcdStoreOptions,
  ) {
    this.keys = new KeySpace(options.prefix ?? '');
    this.errors = new EtcdErrorMapper(options.endpoints, {
      current: () => this.currentRevision(),
      compacted: () => this.compactedRevision(),
    });
  }

  /** Connects and checks that etcd answers; fails with `StoreUnavailableError` naming the endpoints. */
  static async open(options: EtcdStoreOptions): Promise<EtcdStore> {
    if (options.endpoints.length === 0) throw new StoreUnavailableError('no etcd endpoints given; pass at least one client URL');
    const timeout = options.requestTimeoutMs ?? 10_000;
    const client = new Etcd3({
      hosts: options.endpoints,
      dialTimeout: timeout,
      // Large lists come back in one response (as kube-apiserver does, accept up to 2 GiB).
      grpcOptions: { 'grpc.max_receive_message_length': 2 ** 31 - 1 },
      // Deadlines for unary calls only: the watch stream lives as long as its watches.
      defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + timeout }),
    });
    const store = new EtcdStore(client, options);
    try {
      await store.currentRevision();
    } catch (e) {
      client.close();
      throw e;
    }
    return store;
  }

  async create(key: string, value: string): Promise<number> {
    const k = this.keys.toEtcd(key);
    const res = await this.call('create', key, () =>
      this.client.kv.txn({
        compare: [{ key: k, target: 'Mod', result: 'Equal', mod_revision: 0 }],
        success: [{ request_put: { key: k, value: Buffer.from(value, 'utf8') } }],
      }),
    );
    if (!res.succeeded) throw new KeyExistsError(key);
    return Number(res.header.revision);
  }

  async update(key: string, value: string, expectedRevision: number): Promise<number> {
    const k = this.keys.toEtcd(key);
    const res = await this.guarded('update', key, expectedRevision, { request_put: { key: k, value: Buffer.from(value, 'utf8') } });
    return Number(res.header.revision);
  }

  async delete(key: string, expectedRevision?: number): Promise<{ revision: number; prevKv: KeyValue }> {
    const k = this.keys.toEtcd(key);
    const res = await this.guarded('delete', key, expectedRevision, { request_delete_range: { key: k, prev_kv: true } });
    const prev = res.responses[0]?.response_delete_range?.prev_kvs?.[0];
    if (!prev) throw new KeyNotFoundError(key);
    return { revision: Number(res.header.revision), prevKv: this.keys.kv(prev) };
  }

  async get(key: string, revision?: number): Promise<KeyValue | undefined> {
    const res = await this.call('get', key, () => this.client.kv.range({ key: this.keys.toEtcd(key), revision: revision ?? 0 }), revision);
    const kv = res.kvs[0];
    return kv ? this.keys.kv(kv) : undefined;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const limit = Math.max(0, Math.floor(options.limit ?? 0));
    const position = options.continue ? decodeContinue(options.continue, prefix) : undefined;
    const revision = position?.revision ?? options.revision ?? 0;
    const range = position ? this.keys.rangeFrom(position.start, prefix) : this.keys.range(prefix);
    const res: IRangeResponse = await this.call(
      'list',
      prefix,
      () => this.client.kv.range({ ...range, revision, limit, count_only: options.countOnly ?? false }),
      revision,
    );
    const readAt = revision || Number(res.header.revision);
    if (options.countOnly) return { kvs: [], revision: readAt, remaining: Number(res.count) };
    const kvs = res.kvs.map((kv) => this.keys.kv(kv));
    if (!res.more || kvs.length === 0) return { kvs, revision: readAt };
    const next = keyAfter((kvs[kvs.length - 1] as KeyValue).key);
    return {
      kvs,
      revision: readAt,
      continue: encodeContinue({ start: next, revision: readAt }),
      remaining: Number(res.count) - kvs.length,
    };
  }

  /**
   * Checks up front that `after` is not compacted (so the promise rejects with `CompactedError`,
   * as on the other backends), then opens an etcd watch from `after + 1` with previous values.
   */
  async watch(prefix: string, after: number, handler: WatchHandler): Promise<Watch> {
    this.checkOpen();
    // Revision `after` readable <=> after >= compacted; for after = 0, revision 1 tells.
    const probe = Math.max(1, after);
    try {
      await this.call('watch', prefix, () => this.client.kv.range({ ...this.keys.range(prefix), revision: probe, count_only: true }), after);
    } catch (e) {
      if (!(e instanceof FutureRevisionError)) throw e; // a watch may start in the future
    }
    const watch = await openEtcdWatch({
      client: this.client,
      keys: this.keys,
      prefix,
      after,
      handler,
      errors: this.errors,
      onEnd: (w) => this.watches.delete(w),
      compactedRevision: () => this.compactedRevision(),
    });
    this.watches.add(watch);
    return watch;
  }

  /** Compacts etcd (every prefix) at `revision`, waiting until it is physically applied. */
  async compact(revision: number): Promise<void> {
    try {
      await this.call('compact', '', () => this.client.kv.compact({ revision, physical: true }), revision);
    } catch (e) {
      if (e instanceof CompactedError) return; // already compacted at or beyond `revision`
      throw e;
    }
    this.knownCompacted = Math.max(this.knownCompacted, revision);
  }

  async currentRevision(): Promise<number> {
    const res = await this.call('current revision', '', () =>
      this.client.kv.range({ ...this.keys.range(''), count_only: true, limit: 1 }),
    );
    return Number(res.header.revision);
  }

  /**
   * etcd does not report its compacted revision directly, so this finds the oldest readable
   * revision by binary search over count-only reads (O(log revisions) requests, rarely needed).
   */
  async compactedRevision(): Promise<number> {
    const current = await this.currentRevision();
    let lo = Math.max(1, this.knownCompacted);
    let hi = current;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (await this.readableAt(mid)) hi = mid;
      else lo = mid + 1;
    }
    this.knownCompacted = Math.max(this.knownCompacted, lo);
    return lo > 1 ? lo : 0;
  }

  /** Ends every watch with `StoreUnavailableError` and disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new StoreUnavailableError(`the etcd store for ${this.options.endpoints.join(', ')} was closed`);
    for (const watch of [...this.watches]) watch.end(error);
    this.client.close();
  }

  private async readableAt(revision: number): Promise<boolean> {
    try {
      await this.client.kv.range({ key: this.keys.toEtcd(''), revision, count_only: true });
      return true;
    } catch (e) {
      if (this.errors.isCompacted(e)) return false;
      throw this.errors.unavailable(e, 'compacted revision lookup');
    }
  }

  /** A put or delete that applies only when the key exists and, if given, has `expectedRevision`. */
  private async guarded(operation: string, key: string, expectedRevision: number | undefined, op: IRequestOp) {
    const k = this.keys.toEtcd(key);
    const compare: ICompare[] = [{ key: k, target: 'Version', result: 'Greater', version: 0 }];
    if (expectedRevision !== undefined) compare.push({ key: k, target: 'Mod', result: 'Equal', mod_revision: expectedRevision });
    const res = await this.call(operation, key, () => this.client.kv.txn({ compare, success: [op], failure: [{ request_range: { key: k } }] }));
    if (res.succeeded) return res;
    const current = res.responses[0]?.response_range?.kvs?.[0];
    if (!current) throw new KeyNotFoundError(key);
    throw new ConflictError(key, expectedRevision ?? 0, Number(current.mod_revision));
  }

  /** Runs one request and maps etcd failures to store errors (`revision` = the revision asked for). */
  private async call<T>(operation: string, key: string, fn: () => Promise<T>, revision?: number): Promise<T> {
    this.checkOpen();
    try {
      return await fn();
    } catch (e) {
      throw await this.errors.map(e, `${operation}${key ? ` of ${key}` : ''}`, revision ?? 0);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreUnavailableError(`the etcd store for ${this.options.endpoints.join(', ')} is closed; open it again`);
  }
}

/**
 * The embedded default backend: a kine-like append-only log in one SQLite file (better-sqlite3,
 * WAL, `synchronous=FULL` unless told otherwise).
 *
 * Contracts beyond `Store`:
 * - A write is acknowledged only after its transaction committed; a failed write (disk full,
 *   I/O error) rolls back completely and surfaces as `StoreUnavailableError`.
 * - This store must be the only process using the file: it holds an exclusive lock, caches the
 *   revision and delivers watch events in-process right after each commit (no polling).
 * - With `autoCompact` (on by default) history older than the newest `retainRevisions` is
 *   compacted every `intervalMs`, then the WAL is truncated and free pages are returned, so the
 *   file stays bounded under update churn.
 */
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
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
import { keyAfter, prefixEnd } from './keys.js';
import { KineLog, liveKv, openDatabase, rowEvent, rowKv, type LogRow } from './sqlite-log.js';
import { openError, toStoreError } from './sqlite-errors.js';
import type { KeyValue, ListOptions, ListResult, Store, Watch, WatchEvent, WatchHandler } from './types.js';

export interface AutoCompactOptions {
  /** How often to compact, in ms. Default 300 000 (5 minutes). */
  intervalMs?: number;
  /** How many of the newest revisions stay readable and watchable. Default 1000. */
  retainRevisions?: number;
}

export interface SqliteStoreOptions {
  /** Database file; its directory must exist (the caller owns the data directory). */
  path: string;
  /** `FULL` (default) survives power loss; `NORMAL` is faster and survives a process crash. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long to wait for a lock before failing, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /** Automatic compaction and file trimming; `false` turns it off. */
  autoCompact?: AutoCompactOptions | false;
  /** Watch fan-out tuning (buffer bound, progress interval). */
  watch?: Omit<BroadcasterOptions, 'currentRevision'>;
  /** Caps the file at this many pages (tests use it to simulate a full disk). */
  maxPageCount?: number;
  /** Where background failures (automatic compaction) are reported. Default `console.warn`. */
  onBackgroundError?: (error: unknown, fields: Record<string, unknown>) => void;
}

/** Sizes reported by `stats()`. */
export interface SqliteStoreStats {
  rows: number;
  fileBytes: number;
  walBytes: number;
  freePages: number;
  /** Automatic or explicit `runMaintenance()` passes completed. */
  maintenanceRuns: number;
}

const COMPACT_BATCH = 1000;
const COMPACT_META_KEY = 'compact_revision';

export class SqliteStore implements Store {
  readonly backend = 'sqlite';
  private readonly log: KineLog;
  private readonly broadcaster: Broadcaster;
  /** Id of the newest committed row; updated only after a commit succeeded. */
  private revision: number;
  private compacted: number;
  private closed = false;
  private maintenanceRuns = 0;
  private compacting: Promise<void> | undefined;
  private autoTimer: NodeJS.Timeout | undefined;
  /** Appends the row `build` returns, in one IMMEDIATE transaction; returns it with its id. */
  private readonly append: (build: () => Omit<LogRow, 'id'>) => LogRow;

  private constructor(
    private readonly db: Database.Database,
    private readonly options: SqliteStoreOptions,
  ) {
    this.log = new KineLog(db);
    const append = db.transaction((build: () => Omit<LogRow, 'id'>): LogRow => {
      const values = build();
      return { ...values, id: this.log.insert(values) };
    });
    this.append = (build) => append.immediate(build);
    this.revision = this.log.lastId();
    this.compacted = this.log.getMeta(COMPACT_META_KEY) ?? 0;
    this.broadcaster = new Broadcaster({ ...options.watch, currentRevision: () => this.revision });
  }

  /** Opens or creates the store; fails with an actionable `StoreUnavailableError`. */
  static async open(options: SqliteStoreOptions): Promise<SqliteStore> {
    validateOptions(options);
    let db: Database.Database | undefined;
    let store: SqliteStore;
    try {
      db = openDatabase(options.path, {
        synchronous: options.synchronous ?? 'FULL',
        busyTimeoutMs: options.busyTimeoutMs ?? 5000,
        maxPageCount: options.maxPageCount,
      });
      store = new SqliteStore(db, options);
    } catch (e) {
      if (db?.open) db.close();
      throw openError(e, options.path);
    }
    store.startAutoCompaction();
    return store;
  }

  async create(key: string, value: string): Promise<number> {
    return this.write('create', key, () => {
      const latest = this.log.latest(key);
      if (latest && !latest.deleted) throw new KeyExistsError(key);
      return { name: key, created: 1, deleted: 0, create_revision: 0, prev_revision: latest?.id ?? 0, value, old_value: null };
    }).then((e) => e.revision);
  }

  async update(key: string, value: string, expectedRevision: number): Promise<number> {
    return this.write('update', key, () => {
      const prev = this.live(key, expectedRevision);
      return { name: key, created: 0, deleted: 0, create_revision: prev.createRevision, prev_revision: prev.modRevision, value, old_value: prev.value };
    }).then((e) => e.revision);
  }

  async delete(key: string, expectedRevision?: number): Promise<{ revision: number; prevKv: KeyValue }> {
    const event = await this.write('delete', key, () => {
      const prev = this.live(key, expectedRevision);
      return { name: key, created: 0, deleted: 1, create_revision: prev.createRevision, prev_revision: prev.modRevision, value: null, old_value: prev.value };
    });
    return { revision: event.revision, prevKv: event.prevKv as KeyValue };
  }

  async get(key: string, revision?: number): Promise<KeyValue | undefined> {
    return this.read('get', () => {
      const at = resolveReadRevision(revision, this.revision, this.compacted);
      const row = this.log.at(key, at);
      return row && !row.deleted ? rowKv(row) : undefined;
    });
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    return this.read('list', () => {
      const plan = planList(prefix, options, this.revision, this.compacted);
      if (options.countOnly) {
        return { kvs: [], revision: plan.revision, remaining: this.log.count(plan.start, plan.end, plan.revision) };
      }
      const rows = this.log.list(plan.start, plan.end, plan.revision, plan.limit > 0 ? plan.limit + 1 : 0, options.valueKnown);
      if (plan.limit === 0 || rows.length <= plan.limit) return { kvs: rows.map(liveKv), revision: plan.revision };
      const kvs = rows.slice(0, plan.limit).map(liveKv);
      const next = keyAfter((kvs[kvs.length - 1] as KeyValue).key);
      return {
        kvs,
        revision: plan.revision,
        continue: encodeContinue({ start: next, revision: plan.revision }),
        remaining: this.log.count(next, plan.end, plan.revision),
      };
    });
  }

  /** Reads the backlog and registers the live watcher in one synchronous step: no gap, no duplicate. */
  async watch(prefix: string, after: number, handler: WatchHandler): Promise<Watch> {
    return this.read('watch', () => {
      if (after < this.compacted) throw new CompactedError(after, this.compacted);
      const backlog = this.log.after(Math.max(0, after), prefix, prefixEnd(prefix)).map(rowEvent);
      return this.broadcaster.subscribe(prefix, after, handler, backlog);
    });
  }

  /**
   * Forgets history older than `revision` in batches of 1000 revisions, yielding to the event
   * loop between batches. The compacted revision is recorded first, so reads below it fail with
   * `CompactedError` before any row goes. Compacting at or below it does nothing.
   */
  async compact(revision: number): Promise<void> {
    this.checkOpen();
    if (revision > this.revision) throw new FutureRevisionError(revision, this.revision);
    while (this.compacting) await this.compacting.catch(() => undefined); // one compaction at a time
    if (revision <= this.compacted) return;
    const run = this.compactRows(this.compacted, revision);
    this.compacting = run;
    try {
      await run;
    } finally {
      this.compacting = undefined;
    }
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    return this.revision;
  }

  async compactedRevision(): Promise<number> {
    this.checkOpen();
    return this.compacted;
  }

  /**
   * One pass of automatic compaction: compacts all but the newest `retainRevisions`, truncates
   * the WAL and returns free pages to the file system. The timer runs it; tests may call it.
   */
  async runMaintenance(retainRevisions = this.autoCompactSettings().retainRevisions): Promise<void> {
    this.checkOpen();
    const target = this.revision - retainRevisions;
    if (target > this.compacted) await this.compact(target);
    if (this.closed) return;
    try {
      this.db.pragma('incremental_vacuum');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (e) {
      throw toStoreError(e, this.options.path, 'maintenance');
    }
    this.maintenanceRuns++;
  }

  /** Row count and file sizes (for tests, benchmarks and diagnostics). */
  stats(): SqliteStoreStats {
    this.checkOpen();
    const rows = (this.db.prepare('SELECT COUNT(*) AS n FROM kine').get() as { n: number }).n;
    const freePages = this.db.pragma('freelist_count', { simple: true }) as number;
    return {
      rows,
      fileBytes: fileSize(this.options.path),
      walBytes: fileSize(`${this.options.path}-wal`),
      freePages,
      maintenanceRuns: this.maintenanceRuns,
    };
  }

  /** Stops automatic compaction, closes every watch with `StoreUnavailableError`, closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.autoTimer) clearInterval(this.autoTimer);
    if (this.compacting) await this.compacting.catch(() => undefined);
    this.broadcaster.closeAll(new StoreUnavailableError(`the SQLite store at ${this.options.path} was closed`));
    this.db.close();
  }

  /** Runs one write transaction; the new revision and watch event exist only once it committed. */
  private async write(operation: string, key: string, build: () => Omit<LogRow, 'id'>): Promise<WatchEvent> {
    this.checkOpen();
    let row: LogRow;
    try {
      row = this.append(build);
    } catch (e) {
      throw toStoreError(e, this.options.path, `${operation} of ${key}`);
    }
    this.revision = row.id;
    const event = rowEvent(row);
    this.broadcaster.publish([event]);
    return event;
  }

  private async read<T>(operation: string, fn: () => T): Promise<T> {
    this.checkOpen();
    try {
      return fn();
    } catch (e) {
      throw toStoreError(e, this.options.path, operation);
    }
  }

  /** The live value of `key`, checked against `expectedRevision` when given. */
  private live(key: string, expectedRevision: number | undefined): KeyValue {
    const latest = this.log.latest(key);
    if (!latest || latest.deleted) throw new KeyNotFoundError(key);
    if (expectedRevision !== undefined && latest.id !== expectedRevision) {
      throw new ConflictError(key, expectedRevision, latest.id);
    }
    return rowKv(latest);
  }

  private async compactRows(from: number, to: number): Promise<void> {
    const path = this.options.path;
    try {
      this.db.transaction(() => this.log.setMeta(COMPACT_META_KEY, to)).immediate();
    } catch (e) {
      throw toStoreError(e, path, `compaction to revision ${to}`);
    }
    this.compacted = to;
    for (let start = from; start < to && !this.closed; start += COMPACT_BATCH) {
      const end = Math.min(to, start + COMPACT_BATCH);
      try {
        this.db.transaction(() => this.log.deleteSuperseded(start, end)).immediate();
      } catch (e) {
        throw toStoreError(e, path, `compaction of revisions ${start + 1}..${end}`);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private autoCompactSettings(): Required<AutoCompactOptions> {
    const auto = this.options.autoCompact || {};
    return { intervalMs: auto.intervalMs ?? 300_000, retainRevisions: auto.retainRevisions ?? 1000 };
  }

  private startAutoCompaction(): void {
    if (this.options.autoCompact === false) return;
    const { intervalMs, retainRevisions } = this.autoCompactSettings();
    const report = this.options.onBackgroundError ?? ((error, fields) => console.warn('store: automatic compaction failed', fields, error));
    let running = false;
    this.autoTimer = setInterval(() => {
      if (running || this.closed) return;
      running = true;
      this.runMaintenance(retainRevisions)
        .catch((error: unknown) => report(error, { path: this.options.path, revision: this.revision, retainRevisions }))
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    this.autoTimer.unref();
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreUnavailableError(`the SQLite store at ${this.options.path} is closed; open it again`);
  }
}

function validateOptions(options: SqliteStoreOptions): void {
  const positive = (value: number | undefined, name: string, min: number): void => {
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
      throw new RangeError(`SqliteStore option ${name} must be an integer >= ${min}, got ${value}`);
    }
  };
  if (!options.path) throw new RangeError('SqliteStore needs a database path (option path)');
  if (options.synchronous !== undefined && options.synchronous !== 'FULL' && options.synchronous !== 'NORMAL') {
    throw new RangeError(`SqliteStore option synchronous must be FULL or NORMAL, got ${String(options.synchronous)}`);
  }
  positive(options.busyTimeoutMs, 'busyTimeoutMs', 0);
  positive(options.maxPageCount, 'maxPageCount', 1);
  if (options.autoCompact) {
    positive(options.autoCompact.intervalMs, 'autoCompact.intervalMs', 1);
    positive(options.autoCompact.retainRevisions, 'autoCompact.retainRevisions', 0);
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

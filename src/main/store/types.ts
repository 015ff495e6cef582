/**
 * The watchable, revision-based key-value store that holds every API object (the etcd role).
 *
 * Contract shared by every backend (memory, SQLite, etcd) and checked by one suite,
 * `store.contract.ts`:
 * - Every successful write returns a new revision, strictly greater than all earlier ones.
 * - `create` fails with `KeyExistsError` when the key exists.
 * - `update` and `delete` with an `expectedRevision` fail with `ConflictError` (and write nothing)
 *   unless the key's current `modRevision` equals it.
 * - `list` is consistent at one revision: every page of a paginated list is read at the revision
 *   of the first page.
 * - `watch(prefix, after)` delivers every event with revision > `after` exactly once, in revision
 *   order, each with the previous value; `after` older than the compacted revision fails with
 *   `CompactedError`.
 */
export interface KeyValue {
  key: string;
  /** Serialized object (JSON for the API server). */
  value: string;
  /** Revision at which this key was (last) created. */
  createRevision: number;
  /** Revision of the last write to this key. */
  modRevision: number;
}

export type WatchEventType = 'put' | 'delete';

export interface WatchEvent {
  type: WatchEventType;
  /** The key after the event; for `delete`, the value is the last value before deletion. */
  kv: KeyValue;
  /** The key before the event, absent for a create. */
  prevKv?: KeyValue;
  /** Revision of this event (equals `kv.modRevision` for puts, the deletion revision for deletes). */
  revision: number;
}

export interface ListOptions {
  /** Page size; 0 or undefined means everything. */
  limit?: number;
  /** Token from a previous page's `continue`. */
  continue?: string;
  /** Read at this revision (0/undefined = latest). Ignored when `continue` is given. */
  revision?: number;
  /** Only count; `kvs` is empty. */
  countOnly?: boolean;
  /**
   * The caller already holds the value of `key` as written at `modRevision` (a decoded cache).
   * A backend may then leave that entry's `value` empty instead of copying it again; backends
   * that gain nothing from it ignore the hint. Called synchronously, at most once per key.
   */
  valueKnown?: (key: string, modRevision: number) => boolean;
}

export interface ListResult {
  kvs: KeyValue[];
  /** The revision the list was read at. */
  revision: number;
  /** Set when more keys remain: pass it back as `ListOptions.continue`. */
  continue?: string;
  /** Keys remaining after this page (only when `continue` is set). */
  remaining?: number;
}

export interface WatchHandler {
  /** Events in revision order, each delivered exactly once. Must not throw. */
  onEvents(events: WatchEvent[]): void;
  /**
   * The store promises no event with revision <= `revision` is still to come for this watch
   * (etcd's progress notification). Optional for backends.
   */
  onProgress?(revision: number): void;
  /** The watch ended on its own (backend lost, watcher too slow, compaction). No more calls follow. */
  onClose(error: Error): void;
}

export interface Watch {
  /** Stop delivering events. Idempotent. */
  cancel(): void;
}

export interface Store {
  /** Human-readable backend name (`memory`, `sqlite`, `etcd`). */
  readonly backend: string;
  create(key: string, value: string): Promise<number>;
  /** Compare-and-swap: succeeds only when the key's modRevision equals `expectedRevision`. */
  update(key: string, value: string, expectedRevision: number): Promise<number>;
  /** Deletes a key; with `expectedRevision`, only when its modRevision equals it. Returns the deletion revision and the deleted value. */
  delete(key: string, expectedRevision?: number): Promise<{ revision: number; prevKv: KeyValue }>;
  /** `revision` reads the key as it was at that revision. Returns undefined when absent. */
  get(key: string, revision?: number): Promise<KeyValue | undefined>;
  /** Keys that start with `prefix`, in byte order. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Watches keys that start with `prefix`, delivering every event after revision `after`. */
  watch(prefix: string, after: number, handler: WatchHandler): Promise<Watch>;
  /** Forgets history older than `revision`; the state at `revision` stays readable. */
  compact(revision: number): Promise<void>;
  /** The latest revision (0 for an empty store). */
  currentRevision(): Promise<number>;
  /** The oldest revision still readable (0 if never compacted). */
  compactedRevision(): Promise<number>;
  close(): Promise<void>;
}

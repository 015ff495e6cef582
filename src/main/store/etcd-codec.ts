/**
 * Translation between the store's string keys and etcd's byte keys under a key prefix, and
 * from etcd3's wire objects (revisions as strings) to `KeyValue` / `WatchEvent`.
 */
import type { IEvent, IKeyValue } from 'etcd3';
import type { KeyValue, WatchEvent } from './types.js';

/** etcd's "no upper bound" / "everything" marker. */
const ZERO = Buffer.from([0]);

/** The byte range `[key, rangeEnd)` of every key that starts with `prefix` (etcd's convention). */
export function prefixRange(prefix: Buffer): { key: Buffer; range_end: Buffer } {
  if (prefix.length === 0) return { key: ZERO, range_end: ZERO };
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if ((end[i] as number) < 0xff) {
      end[i] = (end[i] as number) + 1;
      return { key: prefix, range_end: end.subarray(0, i + 1) };
    }
  }
  return { key: prefix, range_end: ZERO };
}

/**
 * Maps store keys into one etcd key space under a root. A non-empty root always ends with `/`
 * (added when missing), so the roots `/t-1` and `/t-10` can never see each other's keys.
 */
export class KeySpace {
  readonly root: string;
  private readonly rootBytes: Buffer;

  constructor(prefix: string) {
    this.root = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    this.rootBytes = Buffer.from(this.root, 'utf8');
  }

  /** The etcd key of store key `key`. */
  toEtcd(key: string): Buffer {
    return Buffer.from(this.root + key, 'utf8');
  }

  /** The store key of etcd key `key` (which lies under the root). */
  fromEtcd(key: Buffer): string {
    return key.subarray(this.rootBytes.length).toString('utf8');
  }

  /** The etcd range of store keys that start with `prefix`. */
  range(prefix: string): { key: Buffer; range_end: Buffer } {
    return prefixRange(this.toEtcd(prefix));
  }

  /** The etcd range of store keys in `[start, end of prefix)` (a later page of a list). */
  rangeFrom(start: string, prefix: string): { key: Buffer; range_end: Buffer } {
    return { key: this.toEtcd(start), range_end: this.range(prefix).range_end };
  }

  kv(kv: IKeyValue): KeyValue {
    return {
      key: this.fromEtcd(kv.key),
      value: kv.value.toString('utf8'),
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
    };
  }

  /**
   * A watch event. For a delete, etcd's `kv` carries only the key and the deletion revision; the
   * store contract wants the last value there, which comes from `prev_kv`.
   */
  event(ev: IEvent): WatchEvent {
    const prevKv = ev.prev_kv ? this.kv(ev.prev_kv) : undefined;
    const revision = Number(ev.kv.mod_revision);
    if (ev.type === 'Delete') {
      const kv: KeyValue = prevKv
        ? { ...prevKv, modRevision: revision }
        : { key: this.fromEtcd(ev.kv.key), value: '', createRevision: 0, modRevision: revision };
      return prevKv ? { type: 'delete', kv, prevKv, revision } : { type: 'delete', kv, revision };
    }
    const kv = this.kv(ev.kv);
    // A (re)create has version 1; etcd sends no prev_kv then, and neither does the contract.
    return prevKv && Number(ev.kv.version) > 1 ? { type: 'put', kv, prevKv, revision } : { type: 'put', kv, revision };
  }
}

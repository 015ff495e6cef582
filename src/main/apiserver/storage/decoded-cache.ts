/**
 * Decoded objects shared by every reader of the same revision of a key (the role of upstream's
 * watch cache and `cachingObject`): a list or a watch fan-out to 100 clients parses each stored
 * value once and serialises it once.
 *
 * Contract: objects handed out by `decodeShared` are shared between readers and are deeply
 * frozen (a write to one throws in strict mode), as client-go's rule "never modify objects from
 * an informer's cache" is enforced here. Code that modifies an object works on its own copy
 * (`structuredClone`, or a fresh `get`).
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { KeyValue } from '../../store/types.js';

interface Entry {
  revision: number;
  object: KubeObject;
}

/** The JSON bytes of shared objects, encoded on first use. */
const jsonOf = new WeakMap<object, Buffer>();

export class DecodedCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 100_000) {}

  /** The object stored at `kv` (with `resourceVersion` = `revision`), parsed at most once. */
  decodeShared(kv: KeyValue, revision = kv.modRevision): KubeObject {
    const hit = this.entries.get(kv.key);
    if (hit && hit.revision === revision) return hit.object;
    const object = JSON.parse(kv.value) as KubeObject;
    object.metadata.resourceVersion = String(revision);
    deepFreeze(object);
    if (hit) this.entries.delete(kv.key); // re-insert: Map order is the eviction order
    this.entries.set(kv.key, { revision, object });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return object;
  }

  /** The shared object of `key` at `revision`, if decoded already. */
  peek(key: string, revision: number): KubeObject | undefined {
    const hit = this.entries.get(key);
    return hit && hit.revision === revision ? hit.object : undefined;
  }

  /** Drops a key (after a delete), so memory follows the live set. */
  forget(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * `JSON.stringify` as UTF-8 bytes, remembered for shared (frozen) objects, which lists and watch
 * fan-out serialise many times: a list of 10,000 cached pods is then one copy of their bytes.
 */
export function jsonBytes(value: unknown): Buffer {
  if (value === null || typeof value !== 'object') return Buffer.from(JSON.stringify(value));
  const known = jsonOf.get(value);
  if (known !== undefined) return known;
  const bytes = Buffer.from(JSON.stringify(value));
  if (Object.isFrozen(value)) jsonOf.set(value, bytes);
  return bytes;
}

const COMMA = Buffer.from(',');
const LIST_END = Buffer.from(']}');

/** Serialises a response body; a list's items reuse their remembered bytes. */
export function encodeBody(body: unknown): Buffer {
  if (body !== null && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) {
    const { items, ...rest } = body as { items: unknown[] };
    const head = JSON.stringify(rest);
    const parts: Buffer[] = [Buffer.from(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"items":[`)];
    items.forEach((item, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(jsonBytes(item));
    });
    parts.push(LIST_END);
    return Buffer.concat(parts);
  }
  return jsonBytes(body);
}

export function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

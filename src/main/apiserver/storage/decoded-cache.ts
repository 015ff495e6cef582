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

/** The JSON text of shared objects, computed on first use. */
const jsonOf = new WeakMap<object, string>();

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

  /** Drops a key (after a delete), so memory follows the live set. */
  forget(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** `JSON.stringify`, remembered for objects that are serialised many times (lists, watch fan-out). */
export function toJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const known = jsonOf.get(value);
  if (known !== undefined) return known;
  const text = JSON.stringify(value);
  if (Object.isFrozen(value)) jsonOf.set(value, text);
  return text;
}

/** Serialises a response body; a list's items reuse their remembered JSON. */
export function stringifyBody(body: unknown): string {
  if (body !== null && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) {
    const { items, ...rest } = body as { items: unknown[] };
    const head = JSON.stringify(rest);
    return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"items":[${items.map(toJson).join(',')}]}`;
  }
  return toJson(body);
}

export function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

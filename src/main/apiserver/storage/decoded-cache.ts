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
/**
 * The stored JSON of listed objects not serialised yet. Their bytes are derived from it by
 * inserting `resourceVersion` (the only field the store does not keep), which costs a copy
 * instead of a `JSON.stringify` of the whole object: the first list after many writes is then
 * about as fast as the next ones. Only lists leave text here (their response is serialised right
 * away), so objects that are only watched in process do not keep a second copy of themselves.
 */
const storedJsonOf = new WeakMap<object, string>();

export class DecodedCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 100_000) {}

  /**
   * The object stored at `kv` (with `resourceVersion` = `revision`), parsed at most once. With
   * `forList`, the stored JSON is kept until the object is first serialised (see `storedJsonOf`).
   */
  decodeShared(kv: KeyValue, revision = kv.modRevision, forList = false): KubeObject {
    const hit = this.entries.get(kv.key);
    if (hit && hit.revision === revision) return hit.object;
    const object = JSON.parse(kv.value) as KubeObject;
    const storedWithoutVersion = object.metadata.resourceVersion === undefined;
    object.metadata.resourceVersion = String(revision);
    deepFreeze(object);
    if (forList && storedWithoutVersion) storedJsonOf.set(object, kv.value);
    if (hit) this.entries.delete(kv.key); // re-insert: Map order is the eviction order
    this.entries.set(kv.key, { revision, object });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return object;
  }

  /** Whether `object`'s JSON bytes are ready (a list then needs nothing from the store for it). */
  static isSerialised(object: object): boolean {
    return jsonOf.has(object);
  }

  /**
   * `stored` is what the store holds for shared `object` (the same revision): its bytes will be
   * derived from it instead of from `JSON.stringify`.
   */
  static adoptStoredJson(object: object, stored: string): void {
    // A stored resourceVersion anywhere (a legacy value, or an object reference inside) leaves
    // the object to JSON.stringify: inserting one could duplicate the key.
    if (jsonOf.has(object) || storedJsonOf.has(object) || stored === '' || stored.includes('"resourceVersion":')) return;
    storedJsonOf.set(object, stored);
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
  const stored = storedJsonOf.get(value);
  const text = (stored !== undefined && withResourceVersion(stored, value as KubeObject)) || JSON.stringify(value);
  const bytes = Buffer.from(text);
  if (Object.isFrozen(value)) {
    jsonOf.set(value, bytes);
    storedJsonOf.delete(value);
  }
  return bytes;
}

const METADATA_KEY = '"metadata":{';

/**
 * `stored` (the JSON the store holds for `object`, which equals `object` without
 * `metadata.resourceVersion`) with the resourceVersion put first in `metadata`, or undefined when
 * that cannot be done safely. The first `"metadata":{` in the text is the top-level one when only
 * string fields (apiVersion, kind) come before it: inside a JSON string every quote is escaped,
 * so the marker cannot occur there.
 */
export function withResourceVersion(stored: string, object: KubeObject): string | undefined {
  const keys = Object.keys(object);
  const metadataAt = keys.indexOf('metadata');
  if (metadataAt < 0) return undefined;
  for (const key of keys.slice(0, metadataAt)) {
    if ((key !== 'apiVersion' && key !== 'kind') || typeof (object as Record<string, unknown>)[key] !== 'string') return undefined;
  }
  const at = stored.indexOf(METADATA_KEY);
  const rv = object.metadata?.resourceVersion;
  if (at < 0 || rv === undefined) return undefined;
  const end = at + METADATA_KEY.length;
  const field = `"resourceVersion":${JSON.stringify(rv)}`;
  return `${stored.slice(0, end)}${field}${stored[end] === '}' ? '' : ','}${stored.slice(end)}`;
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

/**
 * Typed object access over the revision store: encodes objects as JSON, sets
 * `metadata.resourceVersion` from the store revision on the way out, and maps store errors to
 * Kubernetes API errors (404, 409, 410, 503).
 */
import type { KubeObject } from '../../../shared/api/object.js';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  InvalidContinueTokenError,
  KeyExistsError,
  KeyNotFoundError,
  StoreUnavailableError,
} from '../../store/errors.js';
import type { KeyValue, Store, Watch, WatchEvent } from '../../store/types.js';
import { errors } from '../errors.js';
import type { ResourceDef } from '../registry/resource-def.js';
import { DecodedCache, deepFreeze } from './decoded-cache.js';
import { collectionPrefix, objectKey } from './keys.js';

export interface ObjectEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  /** The object before the event (for MODIFIED and DELETED). */
  previous?: KubeObject;
  revision: number;
}

export function decode(kv: KeyValue, revision = kv.modRevision): KubeObject {
  const obj = JSON.parse(kv.value) as KubeObject;
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

export function encode(obj: KubeObject): string {
  const rv = obj.metadata.resourceVersion;
  delete obj.metadata.resourceVersion;
  try {
    return JSON.stringify(obj);
  } finally {
    if (rv !== undefined) obj.metadata.resourceVersion = rv;
  }
}

export class ObjectStore {
  /** Shared, frozen decodings for lists and watches (see `decoded-cache.ts`). */
  private readonly shared = new DecodedCache();
  /** One decoding per store event, whichever number of watchers receive it. */
  private readonly eventCache = new WeakMap<WatchEvent, ObjectEvent>();

  constructor(readonly store: Store) {}

  async get(r: ResourceDef, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const kv = await this.call(r, name, () => this.store.get(objectKey(r, namespace, name)));
    return kv ? decode(kv) : undefined;
  }

  async mustGet(r: ResourceDef, namespace: string | undefined, name: string): Promise<KubeObject> {
    const obj = await this.get(r, namespace, name);
    if (!obj) throw errors.notFound({ group: r.group, resource: r.plural, name });
    return obj;
  }

  async create(r: ResourceDef, obj: KubeObject): Promise<KubeObject> {
    const name = obj.metadata.name!;
    const rev = await this.call(r, name, () => this.store.create(objectKey(r, obj.metadata.namespace, name), encode(obj)));
    obj.metadata.resourceVersion = String(rev);
    return obj;
  }

  /** Compare-and-swap on `expectedRevision` (the resourceVersion the update was computed from). */
  async update(r: ResourceDef, obj: KubeObject, expectedRevision: number): Promise<KubeObject> {
    const name = obj.metadata.name!;
    const rev = await this.call(r, name, () =>
      this.store.update(objectKey(r, obj.metadata.namespace, name), encode(obj), expectedRevision),
    );
    obj.metadata.resourceVersion = String(rev);
    return obj;
  }

  async delete(r: ResourceDef, obj: KubeObject, expectedRevision?: number): Promise<KubeObject> {
    const name = obj.metadata.name!;
    const { revision, prevKv } = await this.call(r, name, () =>
      this.store.delete(objectKey(r, obj.metadata.namespace, name), expectedRevision),
    );
    return decode(prevKv, revision);
  }

  async list(
    r: ResourceDef,
    namespace: string | undefined,
    options: { limit?: number; continue?: string; revision?: number } = {},
  ): Promise<{ items: KubeObject[]; revision: number; continue?: string; remaining?: number }> {
    // Objects already decoded and serialised are not read from the store again. Decoded ones
    // not serialised yet are, since their stored JSON makes their bytes cheaply (`jsonBytes`).
    // They are held here from the moment the store sees them, since a delete may drop them from
    // the shared cache meanwhile.
    const held = new Map<string, KubeObject>();
    const valueKnown = (key: string, modRevision: number): boolean => {
      const object = this.shared.peek(key, modRevision);
      if (object) held.set(key, object);
      return object !== undefined && DecodedCache.isSerialised(object);
    };
    const result = await this.call(r, '', () => this.store.list(collectionPrefix(r, namespace), { ...options, valueKnown }));
    return {
      items: result.kvs.map((kv) => {
        const object = held.get(kv.key);
        if (!object) return this.shared.decodeShared(kv, kv.modRevision, true);
        DecodedCache.adoptStoredJson(object, kv.value);
        return object;
      }),
      revision: result.revision,
      continue: result.continue,
      remaining: result.remaining,
    };
  }

  async watch(
    r: ResourceDef,
    namespace: string | undefined,
    after: number,
    handler: { onEvents(events: ObjectEvent[]): void; onProgress?(revision: number): void; onClose(error: Error): void },
  ): Promise<Watch> {
    return this.call(r, '', () =>
      this.store.watch(collectionPrefix(r, namespace), after, {
        onEvents: (events) => handler.onEvents(events.map((e) => this.toObjectEvent(e))),
        onProgress: handler.onProgress,
        onClose: handler.onClose,
      }),
    );
  }

  private toObjectEvent(e: WatchEvent): ObjectEvent {
    let event = this.eventCache.get(e);
    if (event) return event;
    if (e.type === 'delete') {
      this.shared.forget(e.kv.key);
      const object = decode(e.kv, e.revision);
      deepFreeze(object);
      event = { type: 'DELETED', object, revision: e.revision };
    } else if (e.prevKv) {
      // The previous object matters only to watches with a selector (did the object enter or
      // leave it?): it is parsed when one first asks, not for every change.
      const prevKv = e.prevKv;
      let previous: KubeObject | undefined;
      event = {
        type: 'MODIFIED',
        object: this.shared.decodeShared(e.kv),
        get previous() {
          return (previous ??= decode(prevKv));
        },
        revision: e.revision,
      };
    } else {
      event = { type: 'ADDED', object: this.shared.decodeShared(e.kv), revision: e.revision };
    }
    this.eventCache.set(e, event);
    return event;
  }

  currentRevision(): Promise<number> {
    return this.store.currentRevision();
  }

  /** Runs a store call and translates store errors into API errors for resource `r`. */
  private async call<T>(r: ResourceDef, name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw translateStoreError(e, { group: r.group, resource: r.plural, name });
    }
  }
}


export function translateStoreError(e: unknown, target: { group: string; resource: string; name: string }): unknown {
  if (e instanceof KeyExistsError) return errors.alreadyExists(target);
  if (e instanceof KeyNotFoundError) return errors.notFound(target);
  if (e instanceof ConflictError) return errors.staleResourceVersion(target);
  if (e instanceof CompactedError) {
    return errors.gone(`too old resource version: ${e.requestedRevision} (${e.compactedRevision})`);
  }
  if (e instanceof FutureRevisionError) {
    return errors.timeout(
      `Too large resource version: ${e.requestedRevision}, current: ${e.currentRevision}`,
    );
  }
  if (e instanceof InvalidContinueTokenError) return errors.badRequest(e.message);
  if (e instanceof StoreUnavailableError) return errors.unavailable(`storage is unavailable: ${e.message}`);
  return e;
}

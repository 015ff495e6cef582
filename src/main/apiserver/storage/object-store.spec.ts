import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import type { ListOptions, ListResult, Store } from '../../store/types.js';
import { findResource } from '../registry/resources.js';
import { jsonBytes } from './decoded-cache.js';
import { ObjectStore, type ObjectEvent } from './object-store.js';

const pods = findResource('', 'v1', 'pods')!;
const pod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns' }, spec: { containers: [] } }) as KubeObject;

/** `store` with its `list` replaced. */
function withList(store: Store, list: (prefix: string, options?: ListOptions) => Promise<ListResult>): Store {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'list') return list;
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('ObjectStore list over SQLite', () => {
  let dir: string;
  let store: SqliteStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pilothouse-object-store-'));
    store = await SqliteStore.open({ path: join(dir, 'state.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads values only for objects it has not decoded yet, and returns the same objects', async () => {
    const objects = new ObjectStore(store);
    for (const name of ['a', 'b', 'c']) await objects.create(pods, pod(name));
    let copied = 0;
    const counting = withList(store, async (prefix, options) => {
      const result = await store.list(prefix, options);
      copied = result.kvs.filter((kv) => kv.value !== '').length;
      return result;
    });
    const viaCounting = new ObjectStore(counting);
    const first = await viaCounting.list(pods, 'ns');
    expect(copied).toBe(3);
    // Decoded but not serialised yet: read again, and their bytes come from the stored JSON.
    await viaCounting.list(pods, 'ns');
    expect(copied).toBe(3);
    expect(jsonBytes(first.items[0]).toString()).toMatch(/^\{"apiVersion":"v1","kind":"Pod","metadata":\{"resourceVersion":"\d+","name":"a"/);
    for (const item of first.items) jsonBytes(item);
    const b = await viaCounting.get(pods, 'ns', 'b');
    await viaCounting.update(pods, { ...b!, metadata: { ...b!.metadata, labels: { x: 'y' } } }, Number(b!.metadata.resourceVersion));
    const second = await viaCounting.list(pods, 'ns');
    expect(copied).toBe(1); // only b changed
    expect(second.items.map((o) => o.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(second.items[0]).toBe(first.items[0]);
    expect(second.items[1].metadata.labels).toEqual({ x: 'y' });
    expect(second.items[1].metadata.resourceVersion).toBe(String(second.revision));
  });

  it('keeps an object it listed without its value even when a delete drops it from the cache before the list returns', async () => {
    let afterList: ((result: ListResult) => Promise<void>) | undefined;
    const hooked = withList(store, async (prefix, options) => {
      const result = await store.list(prefix, options);
      await afterList?.(result);
      return result;
    });
    const objects = new ObjectStore(hooked);
    for (const name of ['a', 'b']) await objects.create(pods, pod(name));
    const deletes: ObjectEvent[] = [];
    const watch = await objects.watch(pods, 'ns', await store.currentRevision(), {
      onEvents: (events) => deletes.push(...events.filter((e) => e.type === 'DELETED')),
      onClose: () => {},
    });
    for (const item of (await objects.list(pods, 'ns')).items) jsonBytes(item); // decodes and serialises a and b
    afterList = async (result) => {
      expect(result.kvs.map((kv) => kv.value)).toEqual(['', '']); // both known: values not copied
      await store.delete('/registry/core/pods/ns/a'); // the watch's decoding forgets a
      await expect.poll(() => deletes.length).toBe(1);
    };
    const listed = await objects.list(pods, 'ns');
    watch.cancel();
    expect(listed.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });
});

/**
 * The one contract every `Store` backend must meet (see `types.ts`), run by each backend's spec.
 *
 * Written to hold on a shared etcd too: a fresh store per test (the etcd spec gives each its own
 * key prefix), revisions compared only relative to each other, never to fixed numbers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  InvalidContinueTokenError,
  KeyExistsError,
  KeyNotFoundError,
  StoreUnavailableError,
} from './errors.js';
import { recordWatch, settle, waitFor } from './testing/watch-recorder.js';
import type { KeyValue, Store } from './types.js';

/** The rejection of `promise` (fails the test when it resolves). */
async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

const keysOf = (kvs: KeyValue[]): string[] => kvs.map((kv) => kv.key);

export function describeStoreContract(
  name: string,
  makeStore: () => Promise<Store>,
  cleanup?: (store: Store) => Promise<void>,
): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
      await cleanup?.(store);
    });

    it('returns strictly increasing revisions and tracks create and mod revisions', async () => {
      const r1 = await store.create('/r/a', 'v1');
      const r2 = await store.update('/r/a', 'v2', r1);
      const r3 = await store.create('/r/b', 'b1');
      const { revision: r4 } = await store.delete('/r/a', r2);
      const r5 = await store.create('/r/a', 'v3');
      expect([r1, r2, r3, r4, r5]).toEqual([...new Set([r1, r2, r3, r4, r5])].sort((x, y) => x - y));
      expect(r1).toBeLessThan(r2);
      expect(r4).toBeLessThan(r5);
      expect(await store.currentRevision()).toBe(r5);
      expect(await store.get('/r/a')).toEqual({ key: '/r/a', value: 'v3', createRevision: r5, modRevision: r5 });
      expect(await store.get('/r/a', r2)).toEqual({ key: '/r/a', value: 'v2', createRevision: r1, modRevision: r2 });
    });

    it('fails create on an existing key with KeyExistsError and writes nothing', async () => {
      const r1 = await store.create('/e/k', 'first');
      const err = await errorOf(store.create('/e/k', 'second'));
      expect(err).toBeInstanceOf(KeyExistsError);
      expect((err as KeyExistsError).key).toBe('/e/k');
      expect((await store.get('/e/k'))?.value).toBe('first');
      expect(await store.currentRevision()).toBe(r1);
    });

    it('fails update with a stale revision with ConflictError and writes nothing', async () => {
      const r1 = await store.create('/u/k', 'v1');
      const r2 = await store.update('/u/k', 'v2', r1);
      const err = await errorOf(store.update('/u/k', 'stale', r1));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).toMatchObject({ key: '/u/k', expectedRevision: r1, actualRevision: r2 });
      expect(await store.get('/u/k')).toMatchObject({ value: 'v2', modRevision: r2 });
      expect(await store.currentRevision()).toBe(r2);
      expect(await errorOf(store.update('/u/missing', 'x', r2))).toBeInstanceOf(KeyNotFoundError);
    });

    it('deletes with compare-and-swap and returns the deleted value', async () => {
      const r1 = await store.create('/d/k', 'v1');
      const r2 = await store.update('/d/k', 'v2', r1);
      expect(await errorOf(store.delete('/d/k', r1))).toBeInstanceOf(ConflictError);
      expect((await store.get('/d/k'))?.value).toBe('v2');
      expect(await store.currentRevision()).toBe(r2);
      const deleted = await store.delete('/d/k', r2);
      expect(deleted.revision).toBeGreaterThan(r2);
      expect(deleted.prevKv).toEqual({ key: '/d/k', value: 'v2', createRevision: r1, modRevision: r2 });
      expect(await store.get('/d/k')).toBeUndefined();
      expect(await errorOf(store.delete('/d/k'))).toBeInstanceOf(KeyNotFoundError);
      expect(await errorOf(store.update('/d/k', 'v3', deleted.revision))).toBeInstanceOf(KeyNotFoundError);
      const r4 = await store.create('/d/k', 'again');
      expect((await store.delete('/d/k')).prevKv).toMatchObject({ value: 'again', createRevision: r4 });
    });

    it('reads a key as it was at an older revision', async () => {
      const r1 = await store.create('/g/k', 'v1');
      const r2 = await store.update('/g/k', 'v2', r1);
      const { revision: r3 } = await store.delete('/g/k', r2);
      expect(await store.get('/g/k', r1 - 1)).toBeUndefined();
      expect((await store.get('/g/k', r1))?.value).toBe('v1');
      expect((await store.get('/g/k', r2))?.value).toBe('v2');
      expect(await store.get('/g/k', r3)).toBeUndefined();
      const page = await store.list('/g/', { revision: r2 });
      expect(page).toMatchObject({ revision: r2, kvs: [{ key: '/g/k', value: 'v2' }] });
    });

    it('lists in byte order and keeps prefixes apart', async () => {
      const keys = ['/a/x', '/ab', '/a', '/a/Z', '/b/x', '/a/\u00e9', '/a/\uFFFD', '/a/\u{1F600}', '/a/y'];
      for (const key of keys) await store.create(key, key);
      expect(keysOf((await store.list('/a/')).kvs)).toEqual(['/a/Z', '/a/x', '/a/y', '/a/\u00e9', '/a/\uFFFD', '/a/\u{1F600}']);
      expect(keysOf((await store.list('/a')).kvs)).toEqual(['/a', '/a/Z', '/a/x', '/a/y', '/a/\u00e9', '/a/\uFFFD', '/a/\u{1F600}', '/ab']);
      expect((await store.list('/a/', { countOnly: true })).remaining).toBe(6);
      expect((await store.list('/c/')).kvs).toEqual([]);
      const recording = await recordWatch(store, '/a/', await store.currentRevision());
      await store.update('/ab', 'changed', (await store.get('/ab'))?.modRevision ?? 0);
      const last = await store.update('/a/x', 'changed', (await store.get('/a/x'))?.modRevision ?? 0);
      await recording.waitForRevision(last);
      expect(recording.events.map((e) => e.kv.key)).toEqual(['/a/x']);
      recording.watch.cancel();
    });

    it('lists with a valueKnown hint: every key and revision, the value of every key the caller does not know', async () => {
      for (let i = 1; i <= 4; i++) await store.create(`/h/k${i}`, `v${i}`);
      const k2 = await store.update('/h/k2', 'v2b', (await store.get('/h/k2'))?.modRevision ?? 0);
      const full = await store.list('/h/');
      const asked: [string, number][] = [];
      // The caller claims to know k2 at its current revision and k3 at a revision it never had.
      const hinted = await store.list('/h/', {
        valueKnown: (key, rev) => {
          asked.push([key, rev]);
          return (key === '/h/k2' && rev === k2) || (key === '/h/k3' && rev === 1);
        },
      });
      expect(hinted.revision).toBe(full.revision);
      expect(hinted.kvs.map((kv) => [kv.key, kv.modRevision, kv.createRevision])).toEqual(
        full.kvs.map((kv) => [kv.key, kv.modRevision, kv.createRevision]),
      );
      for (const kv of hinted.kvs) {
        if (kv.key === '/h/k2') expect(['', 'v2b']).toContain(kv.value); // may be left out
        else expect(kv.value).toBe(full.kvs.find((f) => f.key === kv.key)?.value);
      }
      if (asked.length > 0) expect(new Set(asked.map(([k]) => k)).size).toBe(asked.length); // at most once per key
      const page = await store.list('/h/', { limit: 2, valueKnown: () => false });
      expect(page.kvs.map((kv) => [kv.key, kv.value])).toEqual([['/h/k1', 'v1'], ['/h/k2', 'v2b']]);
      // Tombstones and older revisions: the same keys with and without the hint, and in counts.
      const before = await store.currentRevision();
      await store.delete('/h/k3');
      await store.update('/h/k1', 'v1b', (await store.get('/h/k1'))?.modRevision ?? 0);
      await store.create('/h/k0', 'v0');
      for (const revision of [before, 0]) {
        const plain = await store.list('/h/', { revision });
        const quick = await store.list('/h/', { revision, valueKnown: () => false });
        expect(quick.kvs).toEqual(plain.kvs);
        expect((await store.list('/h/', { revision, countOnly: true })).remaining).toBe(plain.kvs.length);
      }
      expect(keysOf((await store.list('/h/', { revision: before })).kvs)).toEqual(['/h/k1', '/h/k2', '/h/k3', '/h/k4']);
      expect(keysOf((await store.list('/h/')).kvs)).toEqual(['/h/k0', '/h/k1', '/h/k2', '/h/k4']);
    });

    it('pages a list at one revision even when writes happen between pages', async () => {
      for (let i = 1; i <= 5; i++) await store.create(`/p/k${i}`, `v${i}`);
      const first = await store.list('/p/', { limit: 2 });
      expect(keysOf(first.kvs)).toEqual(['/p/k1', '/p/k2']);
      expect(first.remaining).toBe(3);
      expect(first.continue).toBeTypeOf('string');
      const k3 = await store.get('/p/k3');
      await store.update('/p/k3', 'changed', k3?.modRevision ?? 0);
      await store.delete('/p/k4');
      await store.create('/p/k6', 'v6');
      const second = await store.list('/p/', { limit: 2, continue: first.continue });
      expect(second.revision).toBe(first.revision);
      expect(second.kvs.map((kv) => [kv.key, kv.value])).toEqual([['/p/k3', 'v3'], ['/p/k4', 'v4']]);
      expect(second.remaining).toBe(1);
      const third = await store.list('/p/', { limit: 2, continue: second.continue });
      expect(keysOf(third.kvs)).toEqual(['/p/k5']);
      expect(third.continue).toBeUndefined();
      const now = await store.list('/p/');
      expect(now.kvs.map((kv) => [kv.key, kv.value])).toEqual([['/p/k1', 'v1'], ['/p/k2', 'v2'], ['/p/k3', 'changed'], ['/p/k5', 'v5'], ['/p/k6', 'v6']]);
      expect(now.revision).toBe(await store.currentRevision());
      expect(await errorOf(store.list('/p/', { continue: 'not-a-token' }))).toBeInstanceOf(InvalidContinueTokenError);
      expect(await errorOf(store.list('/q/', { limit: 2, continue: first.continue }))).toBeInstanceOf(InvalidContinueTokenError);
    });

    it('watches from a revision: every later event once, in order, with previous values', async () => {
      const r1 = await store.create('/w/k', 'v1');
      const r2 = await store.update('/w/k', 'v2', r1);
      const r3 = await store.update('/w/k', 'v3', r2);
      const { revision: r4 } = await store.delete('/w/k', r3);
      const r5 = await store.create('/w/k', 'v5');
      const recording = await recordWatch(store, '/w/', r2);
      const r6 = await store.update('/w/k', 'v6', r5);
      await recording.waitForRevision(r6);
      await settle(100);
      expect(recording.events).toEqual([
        { type: 'put', revision: r3, kv: { key: '/w/k', value: 'v3', createRevision: r1, modRevision: r3 }, prevKv: { key: '/w/k', value: 'v2', createRevision: r1, modRevision: r2 } },
        { type: 'delete', revision: r4, kv: { key: '/w/k', value: 'v3', createRevision: r1, modRevision: r4 }, prevKv: { key: '/w/k', value: 'v3', createRevision: r1, modRevision: r3 } },
        { type: 'put', revision: r5, kv: { key: '/w/k', value: 'v5', createRevision: r5, modRevision: r5 } },
        { type: 'put', revision: r6, kv: { key: '/w/k', value: 'v6', createRevision: r5, modRevision: r6 }, prevKv: { key: '/w/k', value: 'v5', createRevision: r5, modRevision: r5 } },
      ]);
      expect(recording.closedWith).toBeUndefined();
      recording.watch.cancel();
    });

    it('joins catch-up and live events with no gap and no duplicate under concurrent writes', async () => {
      const acknowledged: number[] = [];
      let watchFrom = 0;
      let recordingPromise: ReturnType<typeof recordWatch> | undefined;
      const writer = async (w: number): Promise<void> => {
        for (let i = 0; i < 40; i++) {
          acknowledged.push(await store.create(`/c/${w}/${i}`, 'x'));
          if (acknowledged.length === 30 && !recordingPromise) {
            watchFrom = Math.max(...acknowledged);
            recordingPromise = recordWatch(store, '/c/', watchFrom);
          }
        }
      };
      await Promise.all([writer(1), writer(2), writer(3)]);
      const recording = await (recordingPromise as ReturnType<typeof recordWatch>);
      const expected = acknowledged.filter((r) => r > watchFrom).sort((a, b) => a - b);
      await recording.waitForRevision(expected[expected.length - 1] as number);
      await settle(100);
      expect(recording.events.map((e) => e.revision)).toEqual(expected);
      recording.watch.cancel();
    });

    it('stops delivering after cancel', async () => {
      const recording = await recordWatch(store, '/x/', await store.currentRevision());
      const r1 = await store.create('/x/1', 'a');
      await recording.waitForRevision(r1);
      recording.watch.cancel();
      recording.watch.cancel(); // idempotent
      await store.create('/x/2', 'b');
      await store.create('/x/3', 'c');
      await settle(200);
      expect(recording.events.map((e) => e.kv.key)).toEqual(['/x/1']);
      expect(recording.closeCount).toBe(0);
    });

    it('forgets history at compaction: old reads, lists, watches and continue tokens fail with CompactedError', async () => {
      const r1 = await store.create('/k/a', 'v1');
      const r2 = await store.update('/k/a', 'v2', r1);
      const rb = await store.create('/k/b', 'b');
      const page = await store.list('/k/', { limit: 1 });
      const r3 = await store.update('/k/a', 'v3', r2);
      await store.compact(r2);
      expect(await store.compactedRevision()).toBe(r2);
      const getErr = await errorOf(store.get('/k/a', r1));
      expect(getErr).toBeInstanceOf(CompactedError);
      expect(getErr).toMatchObject({ requestedRevision: r1, compactedRevision: r2 });
      expect((await store.get('/k/a', r2))?.value).toBe('v2');
      expect(await errorOf(store.list('/k/', { revision: r1 }))).toBeInstanceOf(CompactedError);
      const ignore = { onEvents: () => undefined, onClose: () => undefined };
      expect(await errorOf(store.watch('/k/', r1, ignore))).toBeInstanceOf(CompactedError);
      expect(await errorOf(store.watch('/k/', 0, ignore))).toBeInstanceOf(CompactedError);
      const recording = await recordWatch(store, '/k/', r2);
      await recording.waitForRevision(r3);
      expect(recording.events.map((e) => [e.revision, e.kv.key, e.prevKv?.value])).toEqual([
        [rb, '/k/b', undefined],
        [r3, '/k/a', 'v2'],
      ]);
      recording.watch.cancel();
      await store.compact(r1); // older than the compacted revision: nothing to do
      expect(await store.compactedRevision()).toBe(r2);
      await store.compact(await store.currentRevision());
      expect(await errorOf(store.list('/k/', { limit: 1, continue: page.continue }))).toBeInstanceOf(CompactedError);
      expect((await store.list('/k/')).kvs.map((kv) => kv.value)).toEqual(['v3', 'b']);
    });

    it('rejects reads and compaction in the future with FutureRevisionError', async () => {
      const current = await store.create('/f/k', 'v');
      const err = await errorOf(store.get('/f/k', current + 1000));
      expect(err).toBeInstanceOf(FutureRevisionError);
      expect(err).toMatchObject({ requestedRevision: current + 1000, currentRevision: current });
      expect(await errorOf(store.list('/f/', { revision: current + 1000 }))).toBeInstanceOf(FutureRevisionError);
      expect(await errorOf(store.compact(current + 1000))).toBeInstanceOf(FutureRevisionError);
    });

    it('loses no update when 8 writers read-modify-write one counter with retries', async () => {
      await store.create('/n/counter', '0');
      let conflicts = 0;
      const writer = async (): Promise<void> => {
        for (let done = 0; done < 25; ) {
          const kv = (await store.get('/n/counter')) as KeyValue;
          try {
            await store.update('/n/counter', String(Number(kv.value) + 1), kv.modRevision);
            done++;
          } catch (e) {
            if (!(e instanceof ConflictError)) throw e;
            conflicts++;
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, writer));
      expect((await store.get('/n/counter'))?.value).toBe('200');
      expect(conflicts).toBeGreaterThanOrEqual(0);
    });

    it('ends open watches with StoreUnavailableError on close and refuses calls afterwards', async () => {
      const recording = await recordWatch(store, '/z/', await store.currentRevision());
      await store.close();
      expect(recording.closedWith).toBeInstanceOf(StoreUnavailableError);
      expect(recording.closeCount).toBe(1);
      expect(await errorOf(store.get('/z/k'))).toBeInstanceOf(StoreUnavailableError);
      expect(await errorOf(store.create('/z/k', 'v'))).toBeInstanceOf(StoreUnavailableError);
      await store.close(); // idempotent
    });

    it('delivers a watch started in the future once the store reaches it', async () => {
      const current = await store.currentRevision();
      const recording = await recordWatch(store, '/h/', current + 2);
      await store.create('/h/1', 'a');
      await store.create('/h/2', 'b');
      const r3 = await store.create('/h/3', 'c');
      await waitFor(() => recording.events.length > 0, 'the first event after the future revision');
      await settle(50);
      expect(recording.events.map((e) => e.revision)).toEqual([r3]);
      recording.watch.cancel();
    });
  });
}

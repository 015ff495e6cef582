import { describe, expect, it } from 'vitest';
import { WatchTooSlowError } from './errors.js';
import { MemoryStore } from './memory-store.js';
import { describeStoreContract } from './store.contract.js';
import { recordWatch, waitFor } from './testing/watch-recorder.js';

describeStoreContract('memory', async () => new MemoryStore());

describe('MemoryStore', () => {
  it('starts empty at revision 0', async () => {
    const store = new MemoryStore();
    expect(await store.currentRevision()).toBe(0);
    expect(await store.compactedRevision()).toBe(0);
    expect(await store.list('')).toEqual({ kvs: [], revision: 0 });
  });

  it('keeps the state at the compacted revision and drops older versions and tombstones', async () => {
    const store = new MemoryStore();
    const r1 = await store.create('/a', '1');
    const r2 = await store.update('/a', '2', r1);
    const r3 = await store.create('/gone', 'x');
    const { revision: r4 } = await store.delete('/gone');
    await store.compact(r4);
    expect((await store.get('/a', r4))?.value).toBe('2');
    expect(await store.get('/gone', r4)).toBeUndefined();
    expect((await store.list('')).kvs.map((kv) => kv.key)).toEqual(['/a']);
    // A recreated key after compaction starts a fresh life.
    const r5 = await store.create('/gone', 'again');
    expect(await store.get('/gone')).toEqual({ key: '/gone', value: 'again', createRevision: r5, modRevision: r5 });
    expect([r2, r3]).toEqual([2, 3]);
  });

  it('closes a watcher that falls behind without slowing the writer', async () => {
    const store = new MemoryStore({ watch: { maxPendingEvents: 10 } });
    const recording = await recordWatch(store, '/s/', 0);
    // Writes issued in one synchronous burst never give the watcher a chance to drain.
    const revisions = await Promise.all(Array.from({ length: 50 }, (_, i) => store.create(`/s/${i}`, 'v')));
    expect(revisions).toHaveLength(50);
    await waitFor(() => recording.closedWith !== undefined, 'the slow watcher to be closed');
    expect(recording.closedWith).toBeInstanceOf(WatchTooSlowError);
    expect(recording.events).toEqual([]);
    // A new watch from the last seen revision catches up in full.
    const again = await recordWatch(store, '/s/', 0);
    await again.waitForRevision(50);
    expect(again.events).toHaveLength(50);
    again.watch.cancel();
  });
});

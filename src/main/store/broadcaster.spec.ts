import { describe, expect, it } from 'vitest';
import { Broadcaster } from './broadcaster.js';
import { StoreUnavailableError, WatchTooSlowError } from './errors.js';
import { waitFor } from './testing/watch-recorder.js';
import type { WatchEvent, WatchHandler } from './types.js';

const put = (key: string, revision: number): WatchEvent => ({
  type: 'put',
  kv: { key, value: `v${revision}`, createRevision: revision, modRevision: revision },
  revision,
});

interface Recorder extends WatchHandler {
  events: WatchEvent[];
  progress: number[];
  closed: Error[];
}

const recorder = (): Recorder => {
  const r: Recorder = {
    events: [],
    progress: [],
    closed: [],
    onEvents: (batch) => r.events.push(...batch),
    onProgress: (rev) => r.progress.push(rev),
    onClose: (e) => r.closed.push(e),
  };
  return r;
};

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('Broadcaster', () => {
  it('delivers matching events in order, after the writer returns', async () => {
    const b = new Broadcaster({ currentRevision: () => 3 });
    const pods = recorder();
    const all = recorder();
    b.subscribe('/pods/', 0, pods);
    b.subscribe('', 0, all);
    b.publish([put('/pods/a', 1)]);
    b.publish([put('/podsx', 2)]);
    b.publish([put('/pods/b', 3)]);
    expect(pods.events).toEqual([]); // nothing is delivered inside publish
    await flush();
    expect(pods.events.map((e) => e.revision)).toEqual([1, 3]);
    expect(all.events.map((e) => e.revision)).toEqual([1, 2, 3]);
  });

  it('delivers the backlog before live events and skips revisions up to `after`', async () => {
    const b = new Broadcaster({ currentRevision: () => 5 });
    const r = recorder();
    b.subscribe('/a/', 3, r, [put('/a/x', 4)]);
    b.publish([put('/a/x', 5)]);
    await flush();
    expect(r.events.map((e) => e.revision)).toEqual([4, 5]);
    const late = recorder();
    b.subscribe('/a/', 7, late);
    b.publish([put('/a/y', 6)]);
    b.publish([put('/a/y', 8)]);
    await flush();
    expect(late.events.map((e) => e.revision)).toEqual([8]);
  });

  it('closes a watcher that falls behind, never the writer, and not for its backlog', async () => {
    const b = new Broadcaster({ currentRevision: () => 0, maxPendingEvents: 3 });
    const slow = recorder();
    const fine = recorder();
    const backlog = Array.from({ length: 10 }, (_, i) => put('/s/b', i + 1));
    b.subscribe('/s/', 0, slow, backlog);
    b.subscribe('/other/', 0, fine);
    for (let rev = 11; rev <= 14; rev++) b.publish([put('/s/live', rev)]);
    b.publish([put('/other/x', 15)]);
    expect(slow.closed).toHaveLength(1);
    expect(slow.closed[0]).toBeInstanceOf(WatchTooSlowError);
    expect(slow.closed[0]?.message).toMatch(/watch again from the last revision/);
    await flush();
    expect(slow.events).toEqual([]); // nothing after the close
    expect(fine.events.map((e) => e.revision)).toEqual([15]);
    expect(b.size).toBe(1);
  });

  it('closes a watcher whose handler throws and keeps serving the others', async () => {
    const b = new Broadcaster({ currentRevision: () => 0 });
    const good = recorder();
    const closed: Error[] = [];
    b.subscribe('', 0, { onEvents: () => { throw new Error('boom'); }, onClose: (e) => closed.push(e) });
    b.subscribe('', 0, good);
    b.publish([put('/k', 1)]);
    await flush();
    b.publish([put('/k', 2)]);
    await flush();
    expect(closed.map((e) => e.message)).toEqual(['boom']);
    expect(good.events.map((e) => e.revision)).toEqual([1, 2]);
  });

  it('stops at cancel without calling onClose, and closeAll ends the rest', async () => {
    const b = new Broadcaster({ currentRevision: () => 0 });
    const cancelled = recorder();
    const open = recorder();
    const watch = b.subscribe('', 0, cancelled);
    b.subscribe('', 0, open);
    b.publish([put('/k', 1)]);
    watch.cancel();
    watch.cancel();
    await flush();
    expect(cancelled.events).toEqual([]);
    expect(cancelled.closed).toEqual([]);
    b.closeAll(new StoreUnavailableError('closing'));
    expect(open.closed.map((e) => e.message)).toEqual(['closing']);
    expect(b.size).toBe(0);
  });

  it('sends progress notifications with the current revision to idle watchers only while any exist', async () => {
    let current = 7;
    const b = new Broadcaster({ currentRevision: () => current, progressIntervalMs: 10 });
    const r = recorder();
    const watch = b.subscribe('', 0, r);
    await waitFor(() => r.progress.length > 0, 'a first progress notification');
    expect(r.progress[0]).toBe(7);
    current = 8;
    await waitFor(() => r.progress.includes(8), 'a progress notification at the new revision');
    watch.cancel();
    const count = r.progress.length;
    await new Promise((res) => setTimeout(res, 30));
    expect(r.progress).toHaveLength(count);
  });
});

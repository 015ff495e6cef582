import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from './errors.js';
import { MemoryStore } from './memory-store.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
import { describeStoreContract } from './store.contract.js';
import { recordWatch, settle, waitFor } from './testing/watch-recorder.js';
import type { Store } from './types.js';

let dir: string;
let counter = 0;
const nextPath = (): string => join(dir, `store-${++counter}.db`);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pilothouse-sqlite-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('sqlite', () => SqliteStore.open({ path: nextPath() }));

describe('SqliteStore', () => {
  const open: SqliteStore[] = [];
  const openStore = async (options: Partial<SqliteStoreOptions> = {}): Promise<SqliteStore> => {
    const store = await SqliteStore.open({ path: nextPath(), ...options });
    open.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });

  it('keeps data, revisions and the compacted revision across a reopen', async () => {
    const path = nextPath();
    const first = await SqliteStore.open({ path });
    const r1 = await first.create('/k/a', 'v1');
    const r2 = await first.update('/k/a', 'v2', r1);
    const r3 = await first.create('/k/gone', 'x');
    const { revision: r4 } = await first.delete('/k/gone', r3);
    await first.compact(r4); // removes the newest row (the tombstone) too
    await first.close();

    const second = await SqliteStore.open({ path });
    open.push(second);
    expect(await second.currentRevision()).toBe(r4);
    expect(await second.compactedRevision()).toBe(r4);
    expect(await second.get('/k/a')).toEqual({ key: '/k/a', value: 'v2', createRevision: r1, modRevision: r2 });
    expect(await second.get('/k/gone')).toBeUndefined();
    expect(await second.create('/k/gone', 'again')).toBe(r4 + 1);
  });

  it('keeps the file bounded under heartbeat churn with automatic compaction', async () => {
    const store = await openStore({ synchronous: 'NORMAL', autoCompact: { intervalMs: 20, retainRevisions: 200 } });
    const value = JSON.stringify({ kind: 'Lease', spec: { holder: 'node-1', pad: 'x'.repeat(2000) } });
    let revision = await store.create('/leases/node-1', value);
    let maxRows = 0;
    for (let i = 0; i < 6000; i++) {
      revision = await store.update('/leases/node-1', value, revision);
      if (i % 100 === 0) {
        await new Promise((r) => setTimeout(r, 1)); // let the compaction timer run, as a real app would
        maxRows = Math.max(maxRows, store.stats().rows);
      }
    }
    await store.runMaintenance();
    const stats = store.stats();
    expect(stats.maintenanceRuns).toBeGreaterThan(1);
    expect(maxRows).toBeLessThan(3000); // without compaction it reaches 6001
    expect(stats.rows).toBeLessThanOrEqual(201);
    expect(stats.walBytes).toBe(0); // truncated by the checkpoint
    expect(stats.fileBytes).toBeLessThan(2_000_000); // 6001 versions of 2 KB would be 12 MB+
    expect(await store.compactedRevision()).toBe(revision - 200);
    expect((await store.get('/leases/node-1'))?.modRevision).toBe(revision);
  });

  it('turns a full disk into StoreUnavailableError without a half write', async () => {
    const store = await openStore({ maxPageCount: 40, autoCompact: false });
    const big = 'x'.repeat(4000);
    let last = 0;
    let failure: unknown;
    for (let i = 0; i < 200 && !failure; i++) {
      try {
        last = await store.create(`/full/${i}`, big);
      } catch (e) {
        failure = e;
      }
    }
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect((failure as Error).message).toMatch(/SQLITE_FULL/);
    expect((failure as Error).message).toMatch(/free some space/);
    expect((failure as Error).message).toContain(dir);
    expect(await store.currentRevision()).toBe(last);
    const listed = await store.list('/full/');
    expect(listed.kvs).toHaveLength(last);
    expect(listed.revision).toBe(last);
    // The store stays readable, and the failed key left no trace.
    expect((await store.get('/full/0'))?.value).toBe(big);
    expect(await store.get(`/full/${last}`)).toBeUndefined();
  });

  it('explains why a database cannot be opened', async () => {
    const missing = join(dir, 'no-such-dir', 'state.db');
    await expect(SqliteStore.open({ path: missing })).rejects.toThrow(
      new RegExp(`cannot open the SQLite database at ${missing}.*create the parent directory`),
    );
    const asDir = join(dir, 'a-directory');
    mkdirSync(asDir);
    await expect(SqliteStore.open({ path: asDir })).rejects.toThrow(/not a directory/);
    // A directory nobody may create files in (root ignores permission bits, /proc refuses anyway).
    await expect(SqliteStore.open({ path: '/proc/pilothouse-test.db' })).rejects.toThrow(
      /cannot open the SQLite database at \/proc\/pilothouse-test.db.*SQLITE_CANTOPEN.*writable by this user/,
    );
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'this is not a database, just some text that is long enough'.repeat(100));
    await expect(SqliteStore.open({ path: garbage })).rejects.toThrow(/not a SQLite database|not a database/);
  });

  it('refuses a second store on a file that is in use', async () => {
    const path = nextPath();
    open.push(await SqliteStore.open({ path }));
    await expect(SqliteStore.open({ path, busyTimeoutMs: 50 })).rejects.toThrow(/locked.*another running Pilothouse/);
  });

  it('agrees with the memory store on a random history with compactions', async () => {
    const sqlite = await openStore({ autoCompact: false });
    const memory = new MemoryStore();
    let seed = Number(process.env.STORE_MODEL_SEED ?? 7);
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    /** Runs `fn` on both stores; both must succeed with equal results or fail with the same error class. */
    const both = async <T>(fn: (s: Store) => Promise<T>): Promise<T | undefined> => {
      const [m, q] = await Promise.allSettled([fn(memory), fn(sqlite)]);
      if (m.status === 'fulfilled' && q.status === 'fulfilled') {
        expect(q.value).toEqual(m.value);
        return m.value;
      }
      expect([m.status, m.status === 'rejected' ? (m.reason as Error).name : '']).toEqual([
        q.status,
        q.status === 'rejected' ? (q.reason as Error).name : '',
      ]);
      return undefined;
    };
    const keys = Array.from({ length: 12 }, (_, i) => `/m/${i % 3}/${i}`);
    for (let step = 1; step <= 800; step++) {
      const key = keys[rand(keys.length)] as string;
      const current = await memory.get(key);
      const op = rand(20);
      // Draw every random choice before `both`, so the two stores get the same call.
      const stale = rand(2);
      const unconditional = rand(3) === 0;
      const [low, high] = [await memory.compactedRevision(), await memory.currentRevision()];
      const target = low + rand(high - low + 1);
      if (op < 6) await both((s) => s.create(key, `c${step}`));
      else if (op < 12) await both((s) => s.update(key, `u${step}`, (current?.modRevision ?? 1) - stale));
      else if (op < 16) await both((s) => s.delete(key, unconditional ? undefined : current?.modRevision));
      else if (op < 17) await both((s) => s.compact(target));
      if (step % 40 === 0) {
        const [low, high] = [await memory.compactedRevision(), await memory.currentRevision()];
        const middle = low + rand(high - low + 1);
        for (const revision of [low, high, middle]) {
          if (revision === 0) continue;
          await both((s) => s.list('/m/', { revision }));
          await both((s) => s.list('/m/1/', { revision, limit: 2 }));
          for (const k of keys.slice(0, 4)) await both((s) => s.get(k, revision));
        }
        await both((s) => s.get(key, Math.max(0, low - 1) || undefined));
        const recordings = await Promise.all([memory, sqlite].map((s) => recordWatch(s, '/m/', low)));
        await settle(0);
        expect(recordings[1]?.events).toEqual(recordings[0]?.events);
        for (const r of recordings) r.watch.cancel();
      }
    }
    expect(await sqlite.currentRevision()).toBe(await memory.currentRevision());
    expect(await sqlite.compactedRevision()).toBeGreaterThan(0);
    expect((await sqlite.list('/m/')).kvs.length).toBeGreaterThan(0);
  });

  it('sends progress notifications to idle watchers', async () => {
    const store = await openStore({ watch: { progressIntervalMs: 10 } });
    const r1 = await store.create('/p/a', 'v');
    const recording = await recordWatch(store, '/p/', 0);
    await recording.waitForRevision(r1);
    await waitFor(() => recording.progress.length > 0, 'a progress notification');
    expect(recording.progress.every((rev) => rev === r1)).toBe(true);
    recording.watch.cancel();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore, openStore, SqliteStore, StoreUnavailableError, type StoreConfig } from './index.js';

describe('openStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pilothouse-open-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the memory backend', async () => {
    const store = await openStore({ backend: 'memory' });
    expect(store).toBeInstanceOf(MemoryStore);
    expect(store.backend).toBe('memory');
    expect(await store.create('/k', 'v')).toBe(1);
    await store.close();
  });

  it('opens the sqlite backend with its options', async () => {
    const path = join(dir, 'state.db');
    const store = await openStore({ backend: 'sqlite', path, synchronous: 'NORMAL', autoCompact: false });
    expect(store).toBeInstanceOf(SqliteStore);
    await store.create('/k', 'v');
    await store.close();
    const again = await openStore({ backend: 'sqlite', path });
    expect((await again.get('/k'))?.value).toBe('v');
    await again.close();
  });

  it('reports an unreachable etcd as StoreUnavailableError', async () => {
    await expect(openStore({ backend: 'etcd', endpoints: [], prefix: '/x' })).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('rejects an unknown backend with the valid choices', async () => {
    await expect(openStore({ backend: 'redis' } as unknown as StoreConfig)).rejects.toThrow(/use memory, sqlite or etcd/);
  });
});

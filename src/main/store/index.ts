/**
 * The store (the etcd role): `openStore(config)` picks a backend; everything else is re-exported
 * so callers import from `store/index.js` only.
 */
import { EtcdStore, type EtcdStoreOptions } from './etcd-store.js';
import { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
import type { Store } from './types.js';

export type StoreConfig =
  | ({ backend: 'memory' } & MemoryStoreOptions)
  | ({ backend: 'sqlite' } & SqliteStoreOptions)
  | ({ backend: 'etcd' } & EtcdStoreOptions);

/**
 * Opens the configured backend. Fails with `StoreUnavailableError` when it cannot be reached or
 * opened (the message names the file or endpoints and what to do).
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  switch (config.backend) {
    case 'memory':
      return new MemoryStore(config);
    case 'sqlite':
      return SqliteStore.open(config);
    case 'etcd':
      return EtcdStore.open(config);
    default: {
      const unknown: never = config;
      throw new Error(`unknown store backend ${JSON.stringify((unknown as { backend?: unknown }).backend)}; use memory, sqlite or etcd`);
    }
  }
}

export * from './errors.js';
export type * from './types.js';
export { Broadcaster, type BroadcasterOptions } from './broadcaster.js';
export { EtcdStore, type EtcdStoreOptions } from './etcd-store.js';
export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { SqliteStore, type AutoCompactOptions, type SqliteStoreOptions, type SqliteStoreStats } from './sqlite-store.js';

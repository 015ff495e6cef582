import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from './errors.js';
import { EtcdStore } from './etcd-store.js';
import { describeStoreContract } from './store.contract.js';
import { findEtcdBinary, startEtcdServer, type EtcdServer } from './testing/etcd-server.js';
import { recordWatch, waitFor } from './testing/watch-recorder.js';

// A real etcd (Debian's etcd-server). When the binary is missing, beforeAll throws and every test
// here fails with the install hint: this suite never skips.
let server: EtcdServer | undefined;
let counter = 0;

beforeAll(async () => {
  server = await startEtcdServer();
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

const endpoint = (): string => {
  if (!server) throw new Error('etcd did not start; see the beforeAll error');
  return server.endpoint;
};

describeStoreContract('etcd', () => EtcdStore.open({ endpoints: [endpoint()], prefix: `/contract-${++counter}` }));

describe('EtcdStore', () => {
  it('keeps stores with different prefixes apart', async () => {
    const one = await EtcdStore.open({ endpoints: [endpoint()], prefix: '/iso-1' });
    const two = await EtcdStore.open({ endpoints: [endpoint()], prefix: '/iso-10' });
    try {
      await one.create('/k', 'one');
      await two.create('/k', 'two');
      expect((await one.list('')).kvs.map((kv) => [kv.key, kv.value])).toEqual([['/k', 'one']]);
      expect((await two.get('/k'))?.value).toBe('two');
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('fails with StoreUnavailableError naming the endpoint when etcd is unreachable', async () => {
    const dead = 'http://127.0.0.1:9'; // discard port: nothing listens there
    const started = Date.now();
    const err = await EtcdStore.open({ endpoints: [dead], requestTimeoutMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toContain(dead);
    expect((err as Error).message).toMatch(/check that etcd is running/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('ends a watch with StoreUnavailableError when etcd goes away', async () => {
    const own = await startEtcdServer();
    const store = await EtcdStore.open({ endpoints: [own.endpoint], prefix: '/lost', requestTimeoutMs: 1000 });
    try {
      const recording = await recordWatch(store, '/', await store.currentRevision());
      const r1 = await store.create('/a', 'v');
      await recording.waitForRevision(r1);
      await own.stop();
      await waitFor(() => recording.closedWith !== undefined, 'the watch to end', 10_000);
      expect(recording.closedWith).toBeInstanceOf(StoreUnavailableError);
      expect(recording.closedWith?.message).toContain(own.endpoint);
      expect(recording.closeCount).toBe(1);
      await expect(store.get('/a')).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await store.close();
      await own.stop();
    }
  }, 30_000);

  it('names the install command when the etcd binary is missing', () => {
    expect(() => findEtcdBinary(['/nonexistent/etcd'])).toThrow(/apt-get install -y etcd-server/);
  });
});

/**
 * `pilothouse serve --store etcd` against a real etcd server: kubectl works, watches resume,
 * and the state survives a restart of Pilothouse (it lives in etcd, not in the data directory).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcdServer, type EtcdServer } from '../src/main/store/testing/etcd-server.js';
import { kubectlOk, kubectlStream } from './support/kubectl.js';
import { startServe } from './support/serve-process.js';

let etcd: EtcdServer;

beforeAll(async () => {
  etcd = await startEtcdServer();
});

afterAll(async () => {
  await etcd?.stop();
});

describe('pilothouse serve on etcd', () => {
  it('serves kubectl from a real etcd and keeps state across restarts', async () => {
    const args = ['--store', 'etcd', '--etcd-endpoints', etcd.endpoint, '--etcd-prefix', '/pilothouse-test'];
    const first = await startServe({ args });
    try {
      await kubectlOk(first.kubeconfig, ['create', 'namespace', 'on-etcd']);
      const watch = kubectlStream(first.kubeconfig, ['get', 'cm', '-n', 'on-etcd', '-w', '-o', 'name']);
      try {
        await kubectlOk(first.kubeconfig, ['create', 'configmap', 'stored', '-n', 'on-etcd', '--from-literal=where=etcd']);
        await watch.waitFor(/configmap\/stored/);
      } finally {
        watch.stop();
      }
      await first.stop();
      const second = await startServe({ dataDir: first.dataDir, args });
      try {
        expect(await kubectlOk(second.kubeconfig, ['get', 'cm', 'stored', '-n', 'on-etcd', '-o', 'jsonpath={.data.where}'])).toBe('etcd');
      } finally {
        await second.stop();
      }
    } finally {
      first.cleanup();
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startInProcessCluster, type InProcessCluster } from '../../../test/support/in-process-cluster.js';
import { ApiConnection } from './api-connection.js';
import type { Service } from './kube-objects.js';
import { Reflector } from './reflector.js';
import { startTcpProxy, type TcpProxy } from './test-tcp-proxy.js';

const services = { apiVersion: 'v1', resource: 'services' };

describe('Reflector (LIST then WATCH over HTTPS)', () => {
  let cluster: InProcessCluster;
  let proxy: TcpProxy;
  let dir: string;
  let connection: ApiConnection;

  beforeAll(async () => {
    cluster = await startInProcessCluster({ controllerManager: false, scheduler: false });
    proxy = await startTcpProxy(cluster.cluster.port);
    dir = mkdtempSync(join(tmpdir(), 'pilothouse-reflector-'));
    writeFileSync(join(dir, 'token'), cluster.cluster.credentials.adminToken);
    writeFileSync(join(dir, 'ca.crt'), cluster.cluster.credentials.ca.cert);
    connection = new ApiConnection({ host: '127.0.0.1', port: proxy.port, tokenFile: join(dir, 'token'), caFile: join(dir, 'ca.crt') });
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A reflector over services whose watches the server ends after one second. */
  function start() {
    const names = new Set<string>();
    const logs: string[] = [];
    let lists = 0;
    const abort = new AbortController();
    const reflector = new Reflector<Service>({
      name: 'services', path: '/api/v1/services', connection,
      onReplace: (items) => {
        lists++;
        names.clear();
        for (const s of items) names.add(`${s.metadata.namespace}/${s.metadata.name}`);
      },
      onEvent: (type, s) => (type === 'DELETED' ? names.delete(`${s.metadata.namespace}/${s.metadata.name}`) : names.add(`${s.metadata.namespace}/${s.metadata.name}`)),
      log: (line) => logs.push(line),
      backoff: { initialMs: 50, maxMs: 200 },
      watchTimeoutSeconds: [1, 1],
    });
    const running = reflector.run(abort.signal);
    return { names, logs, get lists() { return lists; }, reflector, stop: async () => { abort.abort(); await running; } };
  }

  it('lists, then applies watch events, and resumes the watch (no relist) when the server ends it', async () => {
    const r = start();
    try {
      await eventually(async () => r.reflector.synced, 'the first list', 10_000, 20);
      expect(r.names.has('default/kubernetes')).toBe(true);
      const accepted = proxy.accepted;
      await cluster.cluster.client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'resume-a' }, spec: { ports: [{ port: 80 }] } });
      await eventually(async () => r.names.has('default/resume-a'), 'the ADDED event', 10_000, 20);
      // Two one-second watches later, it is still on its first list.
      await eventually(async () => proxy.accepted >= accepted + 2, 'two more watch connections', 10_000, 50);
      await cluster.cluster.client.delete(services, 'default', 'resume-a');
      await eventually(async () => !r.names.has('default/resume-a'), 'the DELETED event', 10_000, 20);
      expect(r.lists).toBe(1);
      expect(r.logs.filter((l) => l.includes('relisting'))).toEqual([]);
    } finally {
      await r.stop();
    }
  });

  it('relists when the resourceVersion it resumes from has been compacted (410 Gone)', async () => {
    const r = start();
    try {
      await eventually(async () => r.reflector.synced, 'the first list', 10_000, 20);
      // The next watch connection waits in the proxy while history is compacted past its version.
      proxy.hold();
      const accepted = proxy.accepted;
      await eventually(async () => proxy.accepted > accepted, 'the reflector to reconnect', 10_000, 20);
      const store = cluster.cluster.store;
      await cluster.cluster.client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'compacted-a' }, spec: { ports: [{ port: 80 }] } });
      await cluster.cluster.client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'compacted-b' }, spec: { ports: [{ port: 80 }] } });
      await store.compact(await store.currentRevision());
      proxy.release();
      await eventually(async () => r.names.has('default/compacted-b'), 'the relist after 410', 10_000, 20);
      expect(r.names.has('default/compacted-a')).toBe(true);
      expect(r.lists).toBe(2);
      expect(r.logs.some((l) => l.startsWith('watch expired, relisting resource=services'))).toBe(true);
    } finally {
      await r.stop();
    }
  });

  it('retries with backoff while the API server rejects it, and stops when aborted', async () => {
    writeFileSync(join(dir, 'token'), 'wrong');
    const r = start();
    try {
      await eventually(async () => r.logs.filter((l) => l.includes('list failed')).length >= 3, 'three failed attempts', 10_000, 20);
      expect(r.reflector.synced).toBe(false);
      expect(r.logs[0]).toMatch(/^list failed, relisting resource=services attempt=1 retryInMs=\d+ error="401: /);
      writeFileSync(join(dir, 'token'), cluster.cluster.credentials.adminToken);
      await eventually(async () => r.reflector.synced, 'a list once the token is valid again', 10_000, 20);
    } finally {
      await r.stop();
    }
  });
});

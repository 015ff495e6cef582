import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/api/object.js';
import { startCluster, type ClusterHandle } from '../cluster/start-cluster.js';
import { createCertificateAuthority } from '../pki/certificates.js';
import { ApiClient, ApiClientError, type WatchEvent } from './api-client.js';
import { HttpsTransport, TransportError } from './https-transport.js';
import { Informer } from './informer.js';

const CONFIGMAPS = { apiVersion: 'v1', resource: 'configmaps' };
const NAMESPACES = { apiVersion: 'v1', resource: 'namespaces' };

let dataDir: string;
let cluster: ClusterHandle;
let transport: HttpsTransport;
let client: ApiClient;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-https-transport-'));
  cluster = await startCluster({ dataDir, port: 0, store: { backend: 'memory' }, scheduler: false, controllerManager: false });
  transport = new HttpsTransport({ server: cluster.url, ca: cluster.credentials.ca.cert, token: cluster.credentials.adminToken });
  client = new ApiClient(transport);
  await client.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'remote' } });
}, 60_000);

afterAll(async () => {
  transport?.close();
  await cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const configMap = (name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'remote' }, data,
});

/** Resolves once `check` holds, polling every 20 ms (rejects after 5 s). */
async function until(check: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('HttpsTransport: requests', () => {
  it('creates, reads, updates, patches, lists and deletes like the in-process client', async () => {
    const created = await client.create(CONFIGMAPS, 'remote', configMap('one', { a: '1' }));
    expect(created.metadata.uid).toBeTruthy();
    const got = await client.get(CONFIGMAPS, 'remote', 'one');
    expect(got.data).toEqual({ a: '1' });
    const updated = await client.update(CONFIGMAPS, { ...got, data: { a: '2' } });
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(got.metadata.resourceVersion));
    const patched = await client.patch(CONFIGMAPS, 'remote', 'one', { data: { b: '3' } });
    expect(patched.data).toEqual({ a: '2', b: '3' });
    await client.create(CONFIGMAPS, 'remote', configMap('two'));
    const list = await client.list(CONFIGMAPS, 'remote');
    expect(list.kind).toBe('ConfigMapList');
    expect(list.items.map((i) => i.metadata.name).sort()).toEqual(['one', 'two']);
    const page = await client.list(CONFIGMAPS, 'remote', { limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.metadata.continue).toBeTruthy();
    await client.delete(CONFIGMAPS, 'remote', 'one');
    await client.delete(CONFIGMAPS, 'remote', 'two');
    expect(await client.tryGet(CONFIGMAPS, 'remote', 'one')).toBeUndefined();
  });

  it('returns non-2xx answers with their Status', async () => {
    const notFound = await client.get(CONFIGMAPS, 'remote', 'missing').catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(ApiClientError);
    expect((notFound as ApiClientError).status).toMatchObject({ kind: 'Status', code: 404, reason: 'NotFound' });
    await client.create(CONFIGMAPS, 'remote', configMap('dup'));
    const conflict = await client.create(CONFIGMAPS, 'remote', configMap('dup')).catch((e: unknown) => e);
    expect((conflict as ApiClientError).reason).toBe('AlreadyExists');
    await client.delete(CONFIGMAPS, 'remote', 'dup');
    const raw = await transport.request({ method: 'GET', path: '/api/v1/nodes/nope', query: new URLSearchParams(), headers: { accept: 'application/json' } });
    expect(raw.status).toBe(404);
    expect(raw.headers?.['content-type']).toMatch(/json/);
  });

  it('sends the bearer token: a wrong one is a 401 Status', async () => {
    const wrong = new ApiClient(new HttpsTransport({ server: cluster.url, ca: cluster.credentials.ca.cert, token: 'wrong' }));
    const e = await wrong.list(CONFIGMAPS, 'remote').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiClientError);
    expect((e as ApiClientError).code).toBe(401);
    expect((e as ApiClientError).message).toMatch(/not valid for this cluster/);
  });

  it('returns text bodies as strings', async () => {
    const res = await transport.request({ method: 'GET', path: '/healthz', query: new URLSearchParams(), headers: {} });
    expect(res).toMatchObject({ status: 200, body: 'ok' });
  });
});

describe('HttpsTransport: watch and informers', () => {
  it('streams watch events in order and stops on request', async () => {
    const list = await client.list(CONFIGMAPS, 'remote');
    const events: WatchEvent[] = [];
    let ended = false;
    const stop = await client.watch(CONFIGMAPS, 'remote', { resourceVersion: list.metadata.resourceVersion }, (e) => events.push(e), () => (ended = true));
    await client.create(CONFIGMAPS, 'remote', configMap('w', { v: '1' }));
    await client.patch(CONFIGMAPS, 'remote', 'w', { data: { v: '2' } });
    await client.delete(CONFIGMAPS, 'remote', 'w');
    await until(() => events.length >= 3, 'three watch events');
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'w'], ['MODIFIED', 'w'], ['DELETED', 'w']]);
    expect((events[1].object as { data?: Record<string, string> }).data).toEqual({ v: '2' });
    stop();
    await client.create(CONFIGMAPS, 'remote', configMap('after-stop'));
    await new Promise((r) => setTimeout(r, 200));
    expect(events).toHaveLength(3);
    expect(ended).toBe(false); // stopping is not the server ending the stream
    await client.delete(CONFIGMAPS, 'remote', 'after-stop');
  });

  it('ends the sink once when the server closes the stream', async () => {
    let ends = 0;
    await client.watch(CONFIGMAPS, 'remote', { timeoutSeconds: 1 }, () => {}, () => ends++);
    await until(() => ends === 1, 'the server to end the watch');
    await new Promise((r) => setTimeout(r, 100));
    expect(ends).toBe(1);
  });

  it('rejects a watch the server refuses with its Status', async () => {
    const e = await client.watch(CONFIGMAPS, 'remote', { resourceVersion: 'abc' }, () => {}, () => {}).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiClientError);
    expect((e as ApiClientError).code).toBe(400);
  });

  it('runs an Informer that syncs and follows changes', async () => {
    await client.create(CONFIGMAPS, 'remote', configMap('before'));
    const informer = new Informer(client, CONFIGMAPS, { namespace: 'remote' });
    const seen: string[] = [];
    informer.addHandlers({
      onAdd: (o) => seen.push(`add ${o.metadata.name}`),
      onUpdate: (_o, n) => seen.push(`update ${n.metadata.name}`),
      onDelete: (o) => seen.push(`delete ${o.metadata.name}`),
    });
    informer.start();
    try {
      await informer.waitForSync();
      expect(informer.get('remote/before')).toBeDefined();
      await client.create(CONFIGMAPS, 'remote', configMap('later'));
      await client.patch(CONFIGMAPS, 'remote', 'before', { data: { x: 'y' } });
      await client.delete(CONFIGMAPS, 'remote', 'later');
      await until(() => seen.includes('delete later'), 'the informer to see the deletion');
      expect(seen).toEqual(['add before', 'add later', 'update before', 'delete later']);
      expect((informer.get('remote/before') as { data?: unknown }).data).toEqual({ x: 'y' });
    } finally {
      informer.stop();
      await client.delete(CONFIGMAPS, 'remote', 'before');
    }
  });
});

describe('HttpsTransport: connection errors', () => {
  it('names the server when nothing listens there', async () => {
    const port = await freePort();
    const t = new HttpsTransport({ server: `https://127.0.0.1:${port}`, ca: cluster.credentials.ca.cert, token: 'x' });
    const e = await new ApiClient(t).list(NAMESPACES).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(TransportError);
    expect(e).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED' });
    expect((e as Error).message).toBe(
      `cannot reach the API server at https://127.0.0.1:${port} (ECONNREFUSED): check that the cluster is running and the URL (--server / kubeconfig) is right`,
    );
  });

  it('refuses a server whose certificate another CA signed', async () => {
    const other = await createCertificateAuthority('someone-else');
    const t = new HttpsTransport({ server: cluster.url, ca: other.cert, token: cluster.credentials.adminToken });
    const e = await new ApiClient(t).list(NAMESPACES).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).kind).toBe('tls');
    expect((e as Error).message).toMatch(new RegExp(`^cannot verify the API server at ${cluster.url}: its certificate is not trusted by the given CA`));
  });

  it('refuses a server name the certificate does not cover', async () => {
    const t = new HttpsTransport({ server: cluster.url.replace('127.0.0.1', '127.0.0.2'), ca: cluster.credentials.ca.cert, token: 'x' });
    const e = await new ApiClient(t).list(NAMESPACES).catch((err: unknown) => err);
    // 127.0.0.2 is loopback on Linux; elsewhere it may be unreachable, which is also a refusal.
    expect(['tls', 'unreachable', 'timeout']).toContain((e as TransportError).kind);
  });

  it('times out on a server that never answers', async () => {
    const silent: Server = createServer(() => {}).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const t = new HttpsTransport({ server: `https://127.0.0.1:${port}`, ca: cluster.credentials.ca.cert, token: 'x', connectTimeoutMs: 300 });
      const e = await new ApiClient(t).list(NAMESPACES).catch((err: unknown) => err);
      expect(e).toMatchObject({ kind: 'timeout' });
      expect((e as Error).message).toMatch(/no connection within 0.3s/);
    } finally {
      silent.close();
    }
  });

  it('checks its options', () => {
    const ca = cluster.credentials.ca.cert;
    expect(() => new HttpsTransport({ server: 'http://127.0.0.1:1', ca, token: 't' })).toThrow(/only https/);
    expect(() => new HttpsTransport({ server: 'nonsense', ca, token: 't' })).toThrow(/invalid API server URL/);
    expect(() => new HttpsTransport({ server: 'https://127.0.0.1:1', ca: 'x', token: 't' })).toThrow(/PEM/);
  });
});

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

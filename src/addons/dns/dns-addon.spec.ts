import { promises as dnsPromises } from 'node:dns';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startInProcessCluster, type InProcessCluster } from '../../../test/support/in-process-cluster.js';
import { loadConfig } from './config.js';
import { record } from './dns-message.js';
import { startDnsAddon, type DnsAddon } from './dns-addon.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { startTcpProxy, type TcpProxy } from './test-tcp-proxy.js';

const services = { apiVersion: 'v1', resource: 'services' };
const slices = { apiVersion: 'discovery.k8s.io/v1', resource: 'endpointslices' };

function headless(name: string) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { clusterIP: 'None', ports: [{ name: 'http', port: 80 }] } };
}

function slice(name: string, service: string, addresses: string[]) {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: addresses.map((a, i) => ({ addresses: [a], conditions: { ready: true }, hostname: `${service}-${i}` })),
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

describe('DNS add-on against a real API server over HTTPS', () => {
  let cluster: InProcessCluster;
  let proxy: TcpProxy;
  let upstream: FakeUpstream;
  let addon: DnsAddon;
  let dir: string;
  let tokenFile: string;
  let resolver: dnsPromises.Resolver;
  const logs: string[] = [];

  const a = (name: string) => resolver.resolve4(name).then((ips) => ips.sort().join(','), (e: NodeJS.ErrnoException) => e.code ?? String(e));
  const health = (path: string) => fetch(`http://127.0.0.1:${addon.healthPort}${path}`).then((r) => r.status);

  beforeAll(async () => {
    cluster = await startInProcessCluster({ controllerManager: false, scheduler: false });
    proxy = await startTcpProxy(cluster.cluster.port);
    upstream = await startFakeUpstream({ records: { 'example.com': [record('example.com', 60, { kind: 'A', address: '93.184.215.14' })] } });
    dir = mkdtempSync(join(tmpdir(), 'pilothouse-dns-'));
    tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${cluster.cluster.credentials.adminToken}\n`);
    writeFileSync(join(dir, 'ca.crt'), cluster.cluster.credentials.ca.cert);
    const config = loadConfig({
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: String(proxy.port),
      DNS_PORT: '0',
      DNS_HEALTH_PORT: '0',
      DNS_BIND_ADDRESS: '127.0.0.1',
      DNS_UPSTREAM: `127.0.0.1:${upstream.port}`,
      DNS_TOKEN_FILE: tokenFile,
      DNS_CA_FILE: join(dir, 'ca.crt'),
    });
    // Held connections keep the first LIST waiting, so the not-ready state can be observed.
    proxy.hold();
    addon = await startDnsAddon(config, { log: (line) => logs.push(line), watch: { backoff: { initialMs: 50, maxMs: 400 } } });
    resolver = new dnsPromises.Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`127.0.0.1:${addon.dnsPort}`]);
  }, 60_000);

  afterAll(async () => {
    await addon?.close();
    await proxy?.close();
    await upstream?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is live at once and ready only after the first sync', async () => {
    expect(await health('/health')).toBe(200);
    expect(await health('/ready')).toBe(503);
    expect(addon.ready).toBe(false);
    proxy.release();
    await eventually(async () => (await health('/ready')) === 200, '/ready to answer 200', 10_000, 50);
    expect(logs.some((l) => l.startsWith('ready: synced'))).toBe(true);
  });

  it('answers the kubernetes service that bootstrap created, and forwards other names', async () => {
    expect(await a('kubernetes.default.svc.cluster.local')).toBe('10.96.0.1');
    expect(await a('example.com')).toBe('93.184.215.14');
  });

  it('follows services and endpointslices created, updated and deleted through the API', async () => {
    const created = await cluster.cluster.client.create<{ metadata: { name?: string }; spec: { clusterIP: string } } & { metadata: object }>(
      services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ name: 'http', port: 80 }] } },
    );
    const ip = created.spec.clusterIP;
    expect(ip).toMatch(/^10\./);
    await eventually(async () => (await a('web.default.svc.cluster.local')) === ip, `web to resolve to ${ip}`, 10_000, 50);
    expect(await resolver.reverse(ip)).toEqual(['web.default.svc.cluster.local']);

    await cluster.cluster.client.create(services, 'default', headless('db'));
    await cluster.cluster.client.create(slices, 'default', slice('db-abc', 'db', ['10.244.0.1', '10.244.0.2']));
    await eventually(async () => (await a('db.default.svc.cluster.local')) === '10.244.0.1,10.244.0.2', 'headless db endpoints', 10_000, 50);
    expect(await a('db-1.db.default.svc.cluster.local')).toBe('10.244.0.2');
    expect((await resolver.resolveSrv('_http._tcp.db.default.svc.cluster.local')).map((s) => `${s.port} ${s.name}`).sort()).toEqual([
      '8080 db-0.db.default.svc.cluster.local',
      '8080 db-1.db.default.svc.cluster.local',
    ]);

    const current = await cluster.cluster.client.get(slices, 'default', 'db-abc');
    await cluster.cluster.client.update(slices, { ...current, ...slice('db-abc', 'db', ['10.244.0.3']), metadata: current.metadata });
    await eventually(async () => (await a('db.default.svc.cluster.local')) === '10.244.0.3', 'the updated slice', 10_000, 50);

    await cluster.cluster.client.delete(services, 'default', 'web');
    await eventually(async () => (await a('web.default.svc.cluster.local')) === 'ENOTFOUND', 'web to be NXDOMAIN', 10_000, 50);
  });

  it('keeps answering through a dropped watch and catches up with what changed meanwhile', async () => {
    await cluster.cluster.client.create(services, 'default', headless('before-drop'));
    await cluster.cluster.client.create(slices, 'default', slice('before-drop-1', 'before-drop', ['10.244.1.1']));
    await eventually(async () => (await a('before-drop.default.svc.cluster.local')) === '10.244.1.1', 'before-drop', 10_000, 50);
    const accepted = proxy.accepted;
    proxy.hold();
    proxy.dropAll();
    // Disconnected: the last known records still answer.
    expect(await a('before-drop.default.svc.cluster.local')).toBe('10.244.1.1');
    await cluster.cluster.client.create(services, 'default', headless('during-drop'));
    await cluster.cluster.client.create(slices, 'default', slice('during-drop-1', 'during-drop', ['10.244.2.2']));
    await cluster.cluster.client.delete(slices, 'default', 'before-drop-1');
    expect(await a('during-drop.default.svc.cluster.local')).toBe('ENOTFOUND');
    proxy.release();
    await eventually(async () => (await a('during-drop.default.svc.cluster.local')) === '10.244.2.2', 'during-drop after reconnecting', 10_000, 50);
    await eventually(async () => (await a('before-drop.default.svc.cluster.local')) === 'ENODATA', 'before-drop to lose its endpoint', 10_000, 50);
    expect(proxy.accepted).toBeGreaterThan(accepted);
    expect(logs.some((l) => l.startsWith('watch failed, relisting resource=services'))).toBe(true);
    expect(await health('/ready')).toBe(200);
  });

  it('re-reads a rotated token file for the next connection', async () => {
    writeFileSync(tokenFile, 'not-a-valid-token\n');
    proxy.dropAll();
    await eventually(async () => logs.some((l) => l.includes('401')), 'a 401 from the API server', 10_000, 50);
    await cluster.cluster.client.create(services, 'default', headless('after-rotation'));
    writeFileSync(tokenFile, `${cluster.cluster.credentials.adminToken}\n`);
    await eventually(async () => (await a('after-rotation.default.svc.cluster.local')) === 'ENODATA', 'after-rotation to exist', 10_000, 50);
  });

  it('catches up after a disconnection during which history was compacted', async () => {
    const store = cluster.cluster.store;
    await cluster.cluster.client.create(services, 'default', headless('old-rv'));
    await eventually(async () => (await a('old-rv.default.svc.cluster.local')) === 'ENODATA', 'old-rv', 10_000, 50);
    // The events of the disconnected time are gone from the store: only a fresh LIST can see them.
    proxy.hold();
    proxy.dropAll();
    await cluster.cluster.client.create(services, 'default', headless('after-compaction'));
    await store.compact(await store.currentRevision());
    proxy.release();
    await eventually(async () => (await a('after-compaction.default.svc.cluster.local')) === 'ENODATA', 'after-compaction', 10_000, 50);
  });
});

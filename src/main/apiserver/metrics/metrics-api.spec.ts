/** The metrics API over a scraper of fake nodes: discovery, lists, gets, selectors, errors, and the scrape cache. */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../client/api-client.js';
import type { StatsSummary } from '../../kubelet/server/stats-summary.js';
import { streamingErrors, type NodeStreaming } from '../../kubelet/server/streaming.js';
import type { ApiRequest, ApiResponse, UserInfo } from '../http/types.js';
import { metricsApiHandler } from './metrics-api.js';
import { cpuQuantity, memoryQuantity, window } from './metrics-objects.js';
import { MetricsScraper } from './metrics-scraper.js';

const USER: UserInfo = { username: 'admin', groups: [] };
const T = '2026-01-01T00:00:00Z';

function summary(nodeName: string, pods: { ns: string; name: string; uid: string; containers: [string, number, number][] }[]): StatsSummary {
  const stats = (cpu: number, mem: number) => ({ cpu: { time: T, usageNanoCores: cpu }, memory: { time: T, workingSetBytes: mem, usageBytes: mem } });
  const podStats = pods.map((p) => {
    const cpu = p.containers.reduce((n, c) => n + c[1], 0);
    const mem = p.containers.reduce((n, c) => n + c[2], 0);
    return { podRef: { namespace: p.ns, name: p.name, uid: p.uid }, containers: p.containers.map(([name, c, m]) => ({ name, ...stats(c, m) })), ...stats(cpu, mem) };
  });
  const cpu = podStats.reduce((n, p) => n + p.cpu.usageNanoCores, 0);
  const mem = podStats.reduce((n, p) => n + p.memory.workingSetBytes, 0);
  return { node: { nodeName, ...stats(cpu, mem) }, pods: podStats };
}

function fixture() {
  let scrapes = 0;
  const summaries: Record<string, StatsSummary> = {
    'node-a': summary('node-a', [
      { ns: 'default', name: 'web', uid: 'u-web', containers: [['app', 5_000_000, 8 * 1024 * 1024], ['side', 1_000_000, 1024 * 1024]] },
      { ns: 'kube-system', name: 'dns', uid: 'u-dns', containers: [['dns', 2_000_000, 2 * 1024 * 1024]] },
      { ns: 'default', name: 'gone', uid: 'u-gone', containers: [['app', 1, 1024]] },
    ]),
    'node-b': summary('node-b', [{ ns: 'default', name: 'db', uid: 'u-db', containers: [['db', 250_000_000, 300 * 1024 * 1024]] }]),
  };
  const nodes = ['node-a', 'node-b', 'node-down'].map((name) => ({ metadata: { name, labels: { pool: name === 'node-b' ? 'db' : 'web' } } }));
  const pods = [
    { metadata: { namespace: 'default', name: 'web', uid: 'u-web', labels: { app: 'web' } } },
    { metadata: { namespace: 'kube-system', name: 'dns', uid: 'u-dns', labels: { app: 'dns' } } },
    { metadata: { namespace: 'default', name: 'db', uid: 'u-db', labels: { app: 'db' } } },
  ];
  const client = {
    list: async (ref: { resource: string }) => ({ items: ref.resource === 'nodes' ? nodes : pods }),
  } as unknown as ApiClient;
  const connections = {
    get: async (name: string): Promise<NodeStreaming> => {
      if (!summaries[name]) throw streamingErrors.unavailable(`node ${name} is down`);
      return { summary: async () => (scrapes++, summaries[name]) } as unknown as NodeStreaming;
    },
  };
  let now = Date.UTC(2026, 0, 1);
  const logs: string[] = [];
  const scraper = new MetricsScraper({ client, connections, resolutionMs: 15_000, clock: { now: () => new Date(now) }, log: (l) => logs.push(l) });
  const handler = metricsApiHandler(scraper);
  const get = async (path: string, query = '', method = 'GET'): Promise<ApiResponse & { body: any }> => {
    const req: ApiRequest = { method, path, query: new URLSearchParams(query), headers: {} };
    try {
      return (await handler(req, USER)) as ApiResponse & { body: any };
    } catch (e) {
      const status = (e as { status: { code: number } }).status;
      return { status: status.code, body: status };
    }
  };
  return { get, logs, scrapes: () => scrapes, advance: (ms: number) => (now += ms) };
}

describe('metrics.k8s.io/v1beta1', () => {
  it('formats quantities as metrics-server does', () => {
    expect(cpuQuantity(250_000_000)).toBe('250m');
    expect(cpuQuantity(5_123_456)).toBe('5123456n');
    expect(memoryQuantity(8 * 1024 * 1024)).toBe('8Mi');
    expect(memoryQuantity(12_345 * 1024 + 100)).toBe('12345Ki');
    expect(window(15)).toBe('15s');
    expect(window(10.5)).toBe('10.5s');
  });

  it('serves discovery, adds its group to /apis, and leaves other paths alone', async () => {
    const f = fixture();
    expect((await f.get('/apis/metrics.k8s.io')).body).toMatchObject({ kind: 'APIGroup', preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1' } });
    const list = (await f.get('/apis/metrics.k8s.io/v1beta1')).body;
    expect(list.resources.map((r: { name: string; kind: string }) => `${r.name}:${r.kind}`)).toEqual(['nodes:NodeMetrics', 'pods:PodMetrics']);
    expect(await f.get('/apis/apps/v1')).toBeUndefined();
    const groups = (await f.get('/apis')).body.groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['apps', 'metrics.k8s.io']));
    expect((await f.get('/apis/metrics.k8s.io/v1beta1/nodes', '', 'DELETE')).status).toBe(405);
  });

  it('lists and gets node metrics; an unreachable node is left out', async () => {
    const f = fixture();
    const list = (await f.get('/apis/metrics.k8s.io/v1beta1/nodes')).body;
    expect(list.kind).toBe('NodeMetricsList');
    expect(list.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual(['node-a', 'node-b']);
    expect(f.logs.join('\n')).toContain('node=node-down');
    const b = (await f.get('/apis/metrics.k8s.io/v1beta1/nodes/node-b')).body;
    expect(b).toMatchObject({ kind: 'NodeMetrics', apiVersion: 'metrics.k8s.io/v1beta1', timestamp: T, window: '15s', usage: { cpu: '250m', memory: '300Mi' } });
    expect((await f.get('/apis/metrics.k8s.io/v1beta1/nodes', 'labelSelector=pool=db')).body.items).toHaveLength(1);
    const missing = await f.get('/apis/metrics.k8s.io/v1beta1/nodes/node-down');
    expect(missing).toMatchObject({ status: 404, body: { message: 'nodemetrics.metrics.k8s.io "node-down" not found' } });
  });

  it('lists pod metrics per namespace and across namespaces, with selectors; pods gone from the API are dropped', async () => {
    const f = fixture();
    const names = async (path: string, query = '') => (await f.get(path, query)).body.items.map((p: { metadata: { namespace: string; name: string } }) => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(await names('/apis/metrics.k8s.io/v1beta1/pods')).toEqual(['default/db', 'default/web', 'kube-system/dns']);
    expect(await names('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods')).toEqual(['default/db', 'default/web']);
    expect(await names('/apis/metrics.k8s.io/v1beta1/pods', 'labelSelector=app in (web,dns)')).toEqual(['default/web', 'kube-system/dns']);
    expect(await names('/apis/metrics.k8s.io/v1beta1/pods', 'fieldSelector=metadata.namespace=kube-system')).toEqual(['kube-system/dns']);
    const web = (await f.get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web')).body;
    expect(web).toMatchObject({ kind: 'PodMetrics', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } } });
    expect(web.containers).toEqual([{ name: 'app', usage: { cpu: '5m', memory: '8Mi' } }, { name: 'side', usage: { cpu: '1m', memory: '1Mi' } }]);
    expect(await f.get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/gone')).toMatchObject({
      status: 404, body: { message: 'podmetrics.metrics.k8s.io "default/gone" not found' },
    });
    expect((await f.get('/apis/metrics.k8s.io/v1beta1/pods', 'labelSelector=a in')).status).toBe(400);
  });

  it('scrapes at most once per resolution', async () => {
    const f = fixture();
    await Promise.all([f.get('/apis/metrics.k8s.io/v1beta1/nodes'), f.get('/apis/metrics.k8s.io/v1beta1/pods')]);
    expect(f.scrapes()).toBe(2);
    f.advance(14_000);
    await f.get('/apis/metrics.k8s.io/v1beta1/nodes');
    expect(f.scrapes()).toBe(2);
    f.advance(1_000);
    await f.get('/apis/metrics.k8s.io/v1beta1/nodes');
    expect(f.scrapes()).toBe(4);
  });
});

/**
 * The same objects through @kubernetes/client-node 1.4: typed list/create, a raw watch, and an
 * informer that survives an API server restart whose store was compacted past the informer's
 * resourceVersion (410 Expired), relisting and reporting what changed meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterHandle } from '../src/main/cluster/start-cluster.js';

let dataDir: string;
let port: number;
let cluster: ClusterHandle;

function kubeConfig(c: ClusterHandle): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'pilothouse', server: c.url, caData: Buffer.from(c.credentials.ca.cert).toString('base64') }],
    users: [{ name: 'admin', token: c.credentials.adminToken }],
    contexts: [{ name: 'pilothouse', cluster: 'pilothouse', user: 'admin' }],
    currentContext: 'pilothouse',
  });
  return kc;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}

function until(check: () => boolean, what: string, timeoutMs = 15000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-client-node-'));
  port = await freePort();
  cluster = await startCluster({ dataDir, port });
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('@kubernetes/client-node against Pilothouse', () => {
  it('lists, creates and reads typed objects', async () => {
    const core = kubeConfig(cluster).makeApiClient(k8s.CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system']));
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'from-js' }, data: { k: 'v' } } });
    const cm = await core.readNamespacedConfigMap({ name: 'from-js', namespace: 'default' });
    expect(cm.data).toEqual({ k: 'v' });
    const apps = kubeConfig(cluster).makeApiClient(k8s.AppsV1Api);
    const dep = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'js-web' },
        spec: { selector: { matchLabels: { app: 'js' } }, template: { metadata: { labels: { app: 'js' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
      },
    });
    expect(dep.spec?.replicas).toBe(1);
    expect(dep.spec?.strategy?.type).toBe('RollingUpdate');
  });

  it('watches changes as newline-delimited events', async () => {
    const kc = kubeConfig(cluster);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    const req = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: list.metadata?.resourceVersion },
      (type, obj: k8s.V1ConfigMap) => events.push(`${type} ${obj.metadata?.name}`),
      () => {},
    );
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched' } } });
      await core.patchNamespacedConfigMap({ name: 'watched', namespace: 'default', body: { data: { a: '1' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'default' });
      await until(() => events.length >= 3, 'three watch events');
      expect(events).toEqual(['ADDED watched', 'MODIFIED watched', 'DELETED watched']);
    } finally {
      req.abort();
    }
  });

  it('keeps an informer correct across a restart with a compacted store (410 Expired, relist)', async () => {
    const core = kubeConfig(cluster).makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'inf' } } });
    await core.createNamespacedConfigMap({ namespace: 'inf', body: { metadata: { name: 'one' } } });
    const kc = kubeConfig(cluster);
    let lists = 0;
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/inf/configmaps', () => {
      lists++;
      return core.listNamespacedConfigMap({ namespace: 'inf' });
    });
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add ${o.metadata?.name}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
    informer.on('error', () => setTimeout(() => void informer.start().catch(() => {}), 300));
    await informer.start();
    await until(() => seen.includes('add one'), 'the informer to see "one"');

    await cluster.stop();
    cluster = await startCluster({ dataDir, port });
    await cluster.client.delete({ apiVersion: 'v1', resource: 'configmaps' }, 'inf', 'one');
    await cluster.client.create({ apiVersion: 'v1', resource: 'configmaps' }, 'inf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two' } });
    for (let i = 0; i < 20; i++) {
      await cluster.client.create({ apiVersion: 'v1', resource: 'configmaps' }, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `churn-${i}` } });
    }
    await cluster.store.compact(await cluster.store.currentRevision());

    try {
      await until(() => seen.includes('add two') && seen.includes('delete one'), 'the informer to relist after 410', 20000);
      // kube-root-ca.crt is the root CA publisher's, in every namespace.
      const names = informer.list().map((o) => o.metadata?.name).filter((n) => n !== 'kube-root-ca.crt');
      expect(names).toEqual(['two']);
      // Resuming from its old resourceVersion got 410 Expired: the informer had to list again.
      expect(lists).toBe(2);
    } finally {
      await informer.stop();
    }
  });
});

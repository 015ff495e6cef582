import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/api/object.js';
import { ROOT_CA_CONFIGMAP, RootCAPublisher } from './root-ca-publisher.js';
import { eventually, startTestCluster, type TestCluster } from './testing/test-cluster.js';

const NAMESPACES = { apiVersion: 'v1', resource: 'namespaces' };
const CONFIGMAPS = { apiVersion: 'v1', resource: 'configmaps' };

let cluster: TestCluster;
let publisher: RootCAPublisher;

beforeAll(async () => {
  cluster = await startTestCluster();
  publisher = new RootCAPublisher({ client: cluster.client, caPem: cluster.credentials.ca.cert });
  publisher.start();
  await publisher.waitForSync();
});

afterAll(async () => {
  await publisher?.stop();
  await cluster?.dispose();
});

const rootCA = async (ns: string) => (await cluster.client.tryGet(CONFIGMAPS, ns, ROOT_CA_CONFIGMAP)) as (KubeObject & { data?: Record<string, string> }) | undefined;

describe('RootCAPublisher', () => {
  it('publishes kube-root-ca.crt with the cluster CA in every namespace', async () => {
    await cluster.client.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
    for (const ns of ['default', 'kube-system', 'apps']) {
      const cm = await eventually(() => rootCA(ns), `kube-root-ca.crt in ${ns}`);
      expect(cm.data).toEqual({ 'ca.crt': cluster.credentials.ca.cert });
    }
  });

  it('recreates it after deletion and puts back edits', async () => {
    const before = await eventually(() => rootCA('default'), 'kube-root-ca.crt in default');
    await cluster.client.delete(CONFIGMAPS, 'default', ROOT_CA_CONFIGMAP);
    await eventually(async () => {
      const cm = await rootCA('default');
      return cm && cm.metadata.uid !== before.metadata.uid;
    }, 'kube-root-ca.crt to be recreated');
    await cluster.client.patch(CONFIGMAPS, 'default', ROOT_CA_CONFIGMAP, { data: { 'ca.crt': 'tampered', extra: 'x' } });
    await eventually(async () => {
      const cm = await rootCA('default');
      return cm?.data?.['ca.crt'] === cluster.credentials.ca.cert && cm.data.extra === undefined;
    }, 'kube-root-ca.crt to be restored');
  });
});

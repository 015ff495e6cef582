import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceAccountController } from './serviceaccount-controller.js';
import { eventually, startTestCluster, type TestCluster } from './testing/test-cluster.js';

const NAMESPACES = { apiVersion: 'v1', resource: 'namespaces' };
const SERVICEACCOUNTS = { apiVersion: 'v1', resource: 'serviceaccounts' };

let cluster: TestCluster;
let controller: ServiceAccountController;

beforeAll(async () => {
  cluster = await startTestCluster();
  controller = new ServiceAccountController({ client: cluster.client });
  controller.start();
  await controller.waitForSync();
});

afterAll(async () => {
  await controller?.stop();
  await cluster?.dispose();
});

const defaultSA = (ns: string) => cluster.client.tryGet(SERVICEACCOUNTS, ns, 'default');

describe('ServiceAccountController', () => {
  it('gives the namespaces that exist at start a default service account', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public']) await eventually(() => defaultSA(ns), `default SA in ${ns}`);
  });

  it('creates the default service account in a new namespace and recreates it after deletion', async () => {
    await cluster.client.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    const first = await eventually(() => defaultSA('team-a'), 'the default SA in team-a');
    await cluster.client.delete(SERVICEACCOUNTS, 'team-a', 'default');
    const second = await eventually(async () => {
      const sa = await defaultSA('team-a');
      return sa && sa.metadata.uid !== first.metadata.uid ? sa : undefined;
    }, 'the default SA to be recreated');
    expect(second.metadata.name).toBe('default');
  });

  it('leaves a terminating namespace alone', async () => {
    await cluster.client.create(NAMESPACES, undefined, {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'leaving' }, spec: { finalizers: ['test.pilothouse.dev/hold'] },
    });
    await eventually(() => defaultSA('leaving'), 'the default SA in leaving');
    await cluster.client.delete(NAMESPACES, undefined, 'leaving');
    await eventually(async () => (await defaultSA('leaving')) === undefined, 'the namespace controller to empty leaving');
    await new Promise((r) => setTimeout(r, 200));
    expect(await defaultSA('leaving')).toBeUndefined();
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../shared/api/object.js';
import { GarbageCollector } from './garbage-collector.js';
import { eventually, startTestCluster, type TestCluster } from './testing/test-cluster.js';

const NAMESPACES = { apiVersion: 'v1', resource: 'namespaces' };
const DEPLOYMENTS = { apiVersion: 'apps/v1', resource: 'deployments' };
const REPLICASETS = { apiVersion: 'apps/v1', resource: 'replicasets' };
const PODS = { apiVersion: 'v1', resource: 'pods' };
const CONFIGMAPS = { apiVersion: 'v1', resource: 'configmaps' };
const NODES = { apiVersion: 'v1', resource: 'nodes' };
const HOLD = 'test.pilothouse.dev/hold';

let cluster: TestCluster;
let gc: GarbageCollector;

beforeAll(async () => {
  cluster = await startTestCluster();
  gc = new GarbageCollector({ client: cluster.client });
  gc.start();
  await gc.waitForSync();
});

afterAll(async () => {
  await gc?.stop();
  await cluster?.dispose();
});

function ownerRef(obj: KubeObject, block = true): OwnerReference {
  return { apiVersion: obj.apiVersion!, kind: obj.kind!, name: obj.metadata.name!, uid: obj.metadata.uid!, controller: true, blockOwnerDeletion: block };
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };

async function namespace(name: string): Promise<string> {
  await cluster.client.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

/** Deployment → ReplicaSet → two pods, linked by hand; `holdPod` puts a finalizer on the first pod. */
async function chain(ns: string, holdPod = false): Promise<{ deployment: KubeObject; rs: KubeObject; pods: KubeObject[] }> {
  const c = cluster.client;
  const deployment = await c.create(DEPLOYMENTS, ns, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
  });
  const rs = await c.create(REPLICASETS, ns, {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d8f', ownerReferences: [ownerRef(deployment)] },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
  });
  const pods: KubeObject[] = [];
  for (const i of [1, 2]) {
    pods.push(await c.create(PODS, ns, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: `web-5d8f-${i}`, labels: { app: 'web' }, ownerReferences: [ownerRef(rs)], ...(holdPod && i === 1 ? { finalizers: [HOLD] } : {}) },
      spec: template.spec,
    }));
  }
  return { deployment, rs, pods };
}

const gone = async (ref: typeof PODS, ns: string | undefined, name: string) => (await cluster.client.tryGet(ref, ns, name)) === undefined;

describe('GarbageCollector', () => {
  it('background: deleting a Deployment removes its ReplicaSet and their pods', async () => {
    const ns = await namespace('gc-background');
    await chain(ns);
    await cluster.client.delete(DEPLOYMENTS, ns, 'web');
    await eventually(() => gone(REPLICASETS, ns, 'web-5d8f'), 'the ReplicaSet to be collected');
    await eventually(async () => (await cluster.client.list(PODS, ns)).items.length === 0, 'the pods to be collected');
  });

  it('foreground: deletes dependents first and the owner last', async () => {
    const ns = await namespace('gc-foreground');
    await chain(ns, true);
    await cluster.client.delete(DEPLOYMENTS, ns, 'web', { propagationPolicy: 'Foreground' });
    // The held pod keeps the ReplicaSet (and so the Deployment) waiting.
    const rs = await eventually(async () => {
      const obj = await cluster.client.get(REPLICASETS, ns, 'web-5d8f');
      return obj.metadata.deletionTimestamp && obj.metadata.finalizers?.includes('foregroundDeletion') ? obj : undefined;
    }, 'the ReplicaSet to be deleted in the foreground');
    expect(rs.metadata.deletionTimestamp).toBeTruthy();
    await eventually(() => gone(PODS, ns, 'web-5d8f-2'), 'the unheld pod to be collected');
    const held = await cluster.client.get(PODS, ns, 'web-5d8f-1');
    expect(held.metadata.deletionTimestamp).toBeTruthy();
    const deployment = await cluster.client.get(DEPLOYMENTS, ns, 'web');
    expect(deployment.metadata.finalizers).toContain('foregroundDeletion');

    await cluster.client.patch(PODS, ns, 'web-5d8f-1', { metadata: { finalizers: null } });
    await eventually(() => gone(REPLICASETS, ns, 'web-5d8f'), 'the ReplicaSet to go after its pods');
    await eventually(() => gone(DEPLOYMENTS, ns, 'web'), 'the Deployment to go last');
  });

  it('orphan: dependents lose the reference to the owner and stay', async () => {
    const ns = await namespace('gc-orphan');
    const { rs } = await chain(ns);
    await cluster.client.delete(DEPLOYMENTS, ns, 'web', { propagationPolicy: 'Orphan' });
    await eventually(() => gone(DEPLOYMENTS, ns, 'web'), 'the Deployment to be deleted');
    const orphan = await cluster.client.get(REPLICASETS, ns, 'web-5d8f');
    expect(orphan.metadata.uid).toBe(rs.metadata.uid);
    expect(orphan.metadata.ownerReferences).toBeUndefined();
    const pods = (await cluster.client.list(PODS, ns)).items;
    expect(pods).toHaveLength(2);
    for (const pod of pods) expect(pod.metadata.ownerReferences?.[0].uid).toBe(rs.metadata.uid);
  });

  it('drops a dangling reference from a dependent that still has a live owner', async () => {
    const ns = await namespace('gc-two-owners');
    const a = await cluster.client.create(CONFIGMAPS, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    const b = await cluster.client.create(CONFIGMAPS, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
    await cluster.client.create(CONFIGMAPS, ns, {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dependent', ownerReferences: [ownerRef(a, false), { ...ownerRef(b, false), controller: false }] },
    });
    await cluster.client.delete(CONFIGMAPS, ns, 'a');
    const dependent = await eventually(async () => {
      const obj = await cluster.client.get(CONFIGMAPS, ns, 'dependent');
      return obj.metadata.ownerReferences?.length === 1 ? obj : undefined;
    }, 'the dangling reference to be dropped');
    expect(dependent.metadata.ownerReferences?.[0].uid).toBe(b.metadata.uid);
  });

  it('a cluster-scoped owner can own namespaced dependents', async () => {
    const ns = await namespace('gc-cluster-owner');
    const node = await cluster.client.create(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'gc-owner-node' } });
    await cluster.client.create(CONFIGMAPS, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned', ownerReferences: [ownerRef(node)] } });
    await new Promise((r) => setTimeout(r, 200));
    expect(await cluster.client.tryGet(CONFIGMAPS, ns, 'owned')).toBeDefined();
    await cluster.client.delete(NODES, undefined, 'gc-owner-node');
    await eventually(() => gone(CONFIGMAPS, ns, 'owned'), 'the dependent of the deleted node to be collected');
  });

  it('owners never reach across namespaces', async () => {
    const ns = await namespace('gc-cross-a');
    const other = await namespace('gc-cross-b');
    const owner = await cluster.client.create(CONFIGMAPS, other, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } });
    await cluster.client.create(CONFIGMAPS, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } });
    await cluster.client.create(CONFIGMAPS, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dependent', ownerReferences: [ownerRef(owner)] } });
    await eventually(() => gone(CONFIGMAPS, ns, 'dependent'), 'the dependent of an owner in another namespace to be collected');
    expect(await cluster.client.tryGet(CONFIGMAPS, other, 'owner')).toBeDefined();
  });

  it('collects a dependent created after its owner was deleted', async () => {
    const ns = await namespace('gc-late');
    await cluster.client.create(PODS, ns, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'late', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: randomUUID(), controller: true }] },
      spec: template.spec,
    });
    await eventually(() => gone(PODS, ns, 'late'), 'the pod whose owner never existed to be collected');
  });

  it('leaves objects with unknown owner kinds alone', async () => {
    const ns = await namespace('gc-unknown-kind');
    await cluster.client.create(CONFIGMAPS, ns, {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'crd-owned', ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: randomUUID() }] },
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(await cluster.client.tryGet(CONFIGMAPS, ns, 'crd-owned')).toBeDefined();
  });
});

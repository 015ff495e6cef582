/**
 * The garbage collector at desktop scale: a ReplicaSet with 10,000 pods is indexed at start
 * without a request per pod, and deleting the ReplicaSet collects every pod within seconds.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object.js';
import { GarbageCollector } from '../garbage-collector.js';
import { eventually, startTestCluster, type TestCluster } from '../testing/test-cluster.js';

const PODS = { apiVersion: 'v1', resource: 'pods' };
const REPLICASETS = { apiVersion: 'apps/v1', resource: 'replicasets' };
const COUNT = 10_000;

let cluster: TestCluster;
let gc: GarbageCollector;

beforeAll(async () => {
  cluster = await startTestCluster();
});

afterAll(async () => {
  await gc?.stop();
  await cluster?.dispose();
});

it(`collects the ${COUNT.toLocaleString('en')} pods of a deleted ReplicaSet`, async () => {
  const c = cluster.client;
  const template = { metadata: { labels: { app: 'big' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
  const rs = await c.create(REPLICASETS, 'default', {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'big' },
    spec: { replicas: COUNT, selector: { matchLabels: { app: 'big' } }, template },
  });
  const ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'big', uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }];
  for (let i = 0; i < COUNT; i += 200) {
    await Promise.all(Array.from({ length: 200 }, (_, j) => c.create(PODS, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: `big-${i + j}`, labels: { app: 'big' }, ownerReferences }, spec: template.spec,
    } as KubeObject)));
  }
  gc = new GarbageCollector({ client: c });
  gc.start();
  await gc.waitForSync();
  expect(gc.graphSize).toBeGreaterThanOrEqual(COUNT + 1);

  const started = Date.now();
  await c.delete(REPLICASETS, 'default', 'big');
  await eventually(async () => (await c.list(PODS, 'default', { limit: 1 })).items.length === 0, 'every pod to be collected', 50_000);
  expect(Date.now() - started).toBeLessThan(50_000);
}, 90_000);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointSlice } from '../apiserver/kinds/endpointslice.js';
import { GarbageCollector } from './garbage-collector.js';
import { CONTROLLER_NAME, EndpointSliceController } from './endpointslice-controller.js';
import { PODS, SERVICES, createNamespace, createPod, createService, forceDeletePods, setPodStatus } from './endpoints/testing/endpoint-fixtures.js';
import { eventually, startTestCluster, type TestCluster } from './testing/test-cluster.js';

const SLICES = { apiVersion: 'discovery.k8s.io/v1', resource: 'endpointslices' };

let cluster: TestCluster;
let controller: EndpointSliceController;
let gc: GarbageCollector;

beforeAll(async () => {
  cluster = await startTestCluster();
  controller = new EndpointSliceController({ client: cluster.client, maxEndpointsPerSlice: 3 });
  gc = new GarbageCollector({ client: cluster.client });
  controller.start();
  gc.start();
  await Promise.all([controller.waitForSync(), gc.waitForSync()]);
});

afterAll(async () => {
  await controller?.stop();
  await gc?.stop();
  await cluster?.dispose();
});

async function slices(ns: string, svc: string): Promise<EndpointSlice[]> {
  return (await cluster.client.list<EndpointSlice>(SLICES, ns, { labelSelector: `kubernetes.io/service-name=${svc}` })).items;
}

function until(ns: string, svc: string, what: string, check: (s: EndpointSlice[]) => boolean): Promise<EndpointSlice[]> {
  return eventually(async () => {
    const list = await slices(ns, svc);
    return check(list) ? list : undefined;
  }, what);
}

const endpointsOf = (list: EndpointSlice[]) => list.flatMap((s) => s.endpoints ?? []);
const byName = (list: EndpointSlice[]) => Object.fromEntries(endpointsOf(list).map((e) => [(e.targetRef as { name: string }).name, e.conditions]));

describe('EndpointSliceController', () => {
  it('publishes slices that follow readiness and termination', async () => {
    const ns = 'eps-readiness';
    await createNamespace(cluster.client, ns);
    const svc = await createService(cluster.client, ns, 'web');
    const [placeholder] = await until(ns, 'web', 'a placeholder slice', (l) => l.length === 1);
    expect(placeholder.endpoints ?? []).toEqual([]);
    expect(placeholder.metadata.labels).toMatchObject({
      'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': CONTROLLER_NAME, tier: 'frontend',
    });
    expect(placeholder.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(placeholder.addressType).toBe('IPv4');

    await createPod(cluster.client, ns, 'web', 'web-a');
    await createPod(cluster.client, ns, 'web', 'web-b', 'node-b');
    await createPod(cluster.client, ns, 'web', 'pending');
    await setPodStatus(cluster.client, ns, 'web-a', '10.244.0.21', true);
    await setPodStatus(cluster.client, ns, 'web-b', '10.244.0.22', false);
    const list = await until(ns, 'web', 'two endpoints', (l) => endpointsOf(l).length === 2);
    expect(list).toHaveLength(1);
    expect(list[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(byName(list)).toEqual({
      'web-a': { ready: true, serving: true, terminating: false },
      'web-b': { ready: false, serving: false, terminating: false },
    });
    expect(endpointsOf(list).find((e) => e.nodeName === 'node-b')?.addresses).toEqual(['10.244.0.22']);

    await setPodStatus(cluster.client, ns, 'web-b', '10.244.0.22', true);
    await until(ns, 'web', 'web-b ready', (l) => byName(l)['web-b']?.ready === true);
    await cluster.client.delete(PODS, ns, 'web-a');
    await until(ns, 'web', 'web-a terminating', (l) => {
      const c = byName(l)['web-a'];
      return c?.terminating === true && c.serving === true && c.ready === false;
    });
    await forceDeletePods(cluster.client, ns);
    await until(ns, 'web', 'back to a placeholder', (l) => l.length === 1 && endpointsOf(l).length === 0);
  });

  it('spreads endpoints over slices of at most maxEndpointsPerSlice and shrinks back', async () => {
    const ns = 'eps-many';
    await createNamespace(cluster.client, ns);
    await createService(cluster.client, ns, 'big');
    for (let i = 1; i <= 7; i++) {
      await createPod(cluster.client, ns, 'big', `big-${i}`);
      await setPodStatus(cluster.client, ns, `big-${i}`, `10.244.3.${i}`, true);
    }
    const list = await until(ns, 'big', 'seven endpoints', (l) => endpointsOf(l).length === 7);
    expect(list).toHaveLength(3);
    for (const s of list) expect((s.endpoints ?? []).length).toBeLessThanOrEqual(3);
    expect(new Set(endpointsOf(list).map((e) => e.addresses?.[0])).size).toBe(7);
    for (let i = 1; i <= 5; i++) await cluster.client.delete(PODS, ns, `big-${i}`, { gracePeriodSeconds: 0 });
    const shrunk = await until(ns, 'big', 'two endpoints', (l) => endpointsOf(l).length === 2);
    expect(shrunk.length).toBeLessThanOrEqual(2);
    await forceDeletePods(cluster.client, ns);
  });

  it('publishNotReadyAddresses marks unready pods ready', async () => {
    const ns = 'eps-publish';
    await createNamespace(cluster.client, ns);
    await createService(cluster.client, ns, 'db', { clusterIP: 'None', publishNotReadyAddresses: true });
    await createPod(cluster.client, ns, 'db', 'db-0');
    await setPodStatus(cluster.client, ns, 'db-0', '10.244.4.1', false);
    const list = await until(ns, 'db', 'the pod', (l) => endpointsOf(l).length === 1);
    expect(byName(list)['db-0']).toEqual({ ready: true, serving: false, terminating: false });
    expect(list[0].metadata.labels?.['service.kubernetes.io/headless']).toBe('');
    await forceDeletePods(cluster.client, ns);
  });

  it('slices go with their Service (garbage collector) and are recreated if deleted', async () => {
    const ns = 'eps-lifecycle';
    await createNamespace(cluster.client, ns);
    await createService(cluster.client, ns, 'web');
    const [first] = await until(ns, 'web', 'a slice', (l) => l.length === 1);
    await cluster.client.delete(SLICES, ns, first.metadata.name!);
    await until(ns, 'web', 'a new slice', (l) => l.length === 1 && l[0].metadata.uid !== first.metadata.uid);
    await cluster.client.delete(SERVICES, ns, 'web');
    await until(ns, 'web', 'no slices', (l) => l.length === 0);
  });
});

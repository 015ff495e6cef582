import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/api/object.js';
import { EndpointsController } from './endpoints-controller.js';
import { PODS, SERVICES, createNamespace, createPod, createService, forceDeletePods, setPodStatus } from './endpoints/testing/endpoint-fixtures.js';
import { eventually, startTestCluster, type TestCluster } from './testing/test-cluster.js';

const ENDPOINTS = { apiVersion: 'v1', resource: 'endpoints' };

type Endpoints = KubeObject & { subsets?: any[] };

let cluster: TestCluster;
let controller: EndpointsController;

beforeAll(async () => {
  cluster = await startTestCluster();
  controller = new EndpointsController({ client: cluster.client });
  controller.start();
  await controller.waitForSync();
});

afterAll(async () => {
  await controller?.stop();
  await cluster?.dispose();
});

const endpoints = (ns: string, name: string) => cluster.client.tryGet<Endpoints>(ENDPOINTS, ns, name);

function until(ns: string, name: string, what: string, check: (ep: Endpoints) => boolean): Promise<Endpoints> {
  return eventually(async () => {
    const ep = await endpoints(ns, name);
    return ep && check(ep) ? ep : undefined;
  }, what);
}

const ips = (list: any[] | undefined) => (list ?? []).map((a) => a.ip).sort();

describe('EndpointsController', () => {
  it('follows pod readiness: addresses for ready pods, notReadyAddresses for the others', async () => {
    const ns = 'ep-readiness';
    await createNamespace(cluster.client, ns);
    await createService(cluster.client, ns, 'web');
    const empty = await until(ns, 'web', 'empty Endpoints for the Service', () => true);
    expect(empty.subsets ?? []).toEqual([]);
    expect(empty.metadata.labels).toEqual({ tier: 'frontend' });

    const a = await createPod(cluster.client, ns, 'web', 'web-a');
    await createPod(cluster.client, ns, 'web', 'web-b', 'node-b');
    await createPod(cluster.client, ns, 'web', 'no-ip');
    await setPodStatus(cluster.client, ns, 'web-a', '10.244.0.11', true);
    await setPodStatus(cluster.client, ns, 'web-b', '10.244.0.12', false);
    await setPodStatus(cluster.client, ns, 'no-ip', undefined, true);

    const ep = await until(ns, 'web', 'a ready and a not-ready address', (e) => e.subsets?.length === 1 && !!e.subsets[0].notReadyAddresses);
    expect(ep.subsets).toEqual([{
      addresses: [{ ip: '10.244.0.11', nodeName: 'node-a', targetRef: { kind: 'Pod', namespace: ns, name: 'web-a', uid: a.metadata.uid } }],
      notReadyAddresses: [{ ip: '10.244.0.12', nodeName: 'node-b', targetRef: expect.objectContaining({ name: 'web-b' }) }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    }]);

    await setPodStatus(cluster.client, ns, 'web-b', '10.244.0.12', true);
    await until(ns, 'web', 'both addresses ready', (e) => ips(e.subsets?.[0]?.addresses).length === 2 && !e.subsets?.[0]?.notReadyAddresses);

    // A terminating pod leaves Endpoints (it stays in EndpointSlices as terminating).
    await cluster.client.delete(PODS, ns, 'web-a');
    const after = await until(ns, 'web', 'the terminating pod to leave', (e) => ips(e.subsets?.[0]?.addresses).join() === '10.244.0.12');
    expect(after.subsets?.[0].notReadyAddresses).toBeUndefined();
    await forceDeletePods(cluster.client, ns);
    await until(ns, 'web', 'no subsets once the pods are gone', (e) => (e.subsets ?? []).length === 0);
  });

  it('publishNotReadyAddresses lists every pod as ready', async () => {
    const ns = 'ep-publish';
    await createNamespace(cluster.client, ns);
    await createService(cluster.client, ns, 'db', { clusterIP: 'None', publishNotReadyAddresses: true });
    await createPod(cluster.client, ns, 'db', 'db-0');
    await setPodStatus(cluster.client, ns, 'db-0', '10.244.1.5', false);
    const ep = await until(ns, 'db', 'the unready pod among addresses', (e) => ips(e.subsets?.[0]?.addresses).join() === '10.244.1.5');
    expect(ep.metadata.labels?.['service.kubernetes.io/headless']).toBe('');
    await forceDeletePods(cluster.client, ns);
  });

  it('resolves ports per pod and groups pods that serve the same ports', async () => {
    const ns = 'ep-ports';
    await createNamespace(cluster.client, ns);
    await createService(cluster.client, ns, 'api', {
      ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 9100 }],
    });
    await createPod(cluster.client, ns, 'api', 'api-1');
    await cluster.client.create(PODS, ns, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-2', labels: { app: 'api' } },
      spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 3000 }] }] },
    });
    await setPodStatus(cluster.client, ns, 'api-1', '10.244.2.1', true);
    await setPodStatus(cluster.client, ns, 'api-2', '10.244.2.2', true);
    const ep = await until(ns, 'api', 'two subsets', (e) => e.subsets?.length === 2);
    const byIP = Object.fromEntries(ep.subsets!.map((s) => [s.addresses[0].ip, s.ports.map((p: any) => `${p.name}:${p.port}`).join(',')]));
    expect(byIP).toEqual({ '10.244.2.1': 'http:8080,metrics:9100', '10.244.2.2': 'http:3000,metrics:9100' });
    await forceDeletePods(cluster.client, ns);
  });

  it('deletes the Endpoints with the Service and restores them when edited', async () => {
    const ns = 'ep-lifecycle';
    await createNamespace(cluster.client, ns);
    await createService(cluster.client, ns, 'web');
    const ep = await until(ns, 'web', 'Endpoints', () => true);
    await cluster.client.update(ENDPOINTS, { ...ep, subsets: [{ addresses: [{ ip: '10.9.9.9' }], ports: [{ port: 1 }] }] });
    await until(ns, 'web', 'the edit to be undone', (e) => (e.subsets ?? []).length === 0);
    await cluster.client.delete(SERVICES, ns, 'web');
    await eventually(async () => (await endpoints(ns, 'web')) === undefined, 'the Endpoints to go with the Service');
  });

  it('leaves the Endpoints of Services without a selector alone', async () => {
    const ns = 'ep-manual';
    await createNamespace(cluster.client, ns);
    await createService(cluster.client, ns, 'external', { selector: undefined });
    await cluster.client.create(ENDPOINTS, ns, {
      apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'external' }, subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 5432 }] }],
    } as KubeObject);
    await new Promise((r) => setTimeout(r, 200));
    expect(ips((await endpoints(ns, 'external'))?.subsets?.[0]?.addresses)).toEqual(['192.0.2.10']);
  });
});

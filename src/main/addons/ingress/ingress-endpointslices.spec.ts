/**
 * The ingress controller fed by the real EndpointSlice controller: pods become ready, stop being
 * ready and go away, and requests follow — through a Service whose target port is named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../apiserver/testing/in-process-server.js';
import { EndpointSliceController } from '../../controllers/endpointslice-controller.js';
import { createPod, createService, forceDeletePods, setPodStatus } from '../../controllers/endpoints/testing/endpoint-fixtures.js';
import { echo, httpRequest } from './testing/http-client.js';
import { backend, createIngress, ingressSpec } from './testing/ingress-fixtures.js';
import { startIngressHarness, until, type IngressHarness } from './testing/ingress-harness.js';
import type { FakePodNetwork } from './testing/pod-network.js';

const NS = 'slices';
let h: IngressHarness;
let api: TestServer;
let pods: FakePodNetwork;
let port: number;
let slices: EndpointSliceController;

beforeAll(async () => {
  h = await startIngressHarness({
    namespace: NS,
    pods: [['10.100.2.1', 'shop-1'], ['10.100.2.2', 'shop-2']],
    async prepare({ client }) {
      slices = new EndpointSliceController({ client });
      slices.start();
      await slices.waitForSync();
    },
  });
  ({ api, pods, port } = h);
});

afterAll(async () => {
  await h?.close();
  await slices?.stop();
});

describe('IngressController with the EndpointSlice controller', () => {
  it('follows pods as they become ready, stop being ready and go away', async () => {
    await createService(api.client, NS, 'shop'); // port http 80 → targetPort "http" (8080 on the pods)
    await createIngress(api.client, NS, 'shop', ingressSpec({ 'shop.localhost': [['/', 'Prefix', backend('shop', 'http')]] }));
    const none = await until(async () => {
      const r = await httpRequest(port, 'shop.localhost', '/');
      return r.status === 503 && r;
    }, 'the Ingress without ready pods');
    expect(none.body).toContain('service slices/shop has no ready endpoints');

    await createPod(api.client, NS, 'shop', 'shop-1');
    await createPod(api.client, NS, 'shop', 'shop-2');
    await setPodStatus(api.client, NS, 'shop-1', '10.100.2.1', true);
    await setPodStatus(api.client, NS, 'shop-2', '10.100.2.2', true);
    await until(async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 4; i++) seen.add((await echo(port, `shop.localhost:${port}`, '/')).pod);
      return seen.size === 2;
    }, 'both pods to take requests');

    await setPodStatus(api.client, NS, 'shop-1', '10.100.2.1', false);
    await until(async () => {
      for (let i = 0; i < 4; i++) if ((await echo(port, 'shop.localhost', '/')).pod !== 'shop-2') return false;
      return true;
    }, 'only the ready pod to take requests');

    await forceDeletePods(api.client, NS);
    await until(async () => (await httpRequest(port, 'shop.localhost', '/')).status === 503, 'no pods left');
    expect(pods.dials.every((d) => d.endsWith(':8080'))).toBe(true);
  });
});

/**
 * What the ingress controller writes to the API: its IngressClass (created once, user edits
 * kept), the load-balancer address in the status of the Ingresses it serves (cleared when one
 * stops being its), `Sync` events, and class filtering as it changes live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ingress } from '../../apiserver/kinds/ingress.js';
import type { IngressClass } from '../../apiserver/kinds/ingressclass.js';
import { ADMIN_USER } from '../../apiserver/authn.js';
import type { TestServer } from '../../apiserver/testing/in-process-server.js';
import { ApiClient } from '../../client/api-client.js';
import { InProcessTransport } from '../../client/transport.js';
import { CONTROLLER_NAME, DEFAULT_CLASS_ANNOTATION, INGRESS_CLASSES, LEGACY_CLASS_ANNOTATION } from './ingress-class.js';
import { INGRESSES, type LoadBalancerIngress } from './ingress-status.js';
import { COMPONENT, IngressController } from './ingress-controller.js';
import { httpRequest } from './testing/http-client.js';
import { backend, createIngress, createService, EVENTS, ingressSpec, putSlice } from './testing/ingress-fixtures.js';
import { startIngressHarness, until, type IngressHarness } from './testing/ingress-harness.js';
import type { FakePodNetwork } from './testing/pod-network.js';

const NS = 'status';
let h: IngressHarness;
let api: TestServer;
let pods: FakePodNetwork;
let controller: IngressController;
let port: number;
/** Paths of the status writes the controller made. */
const statusWrites: string[] = [];

const getIngress = (name: string) => api.client.get<Ingress>(INGRESSES, NS, name);
const addressOf = async (name: string) => (await getIngress(name)).status?.loadBalancer?.ingress as LoadBalancerIngress[] | undefined;
const served = async (host: string) => (await httpRequest(port, host, '/')).status === 200;

beforeAll(async () => {
  h = await startIngressHarness({
    namespace: NS,
    pods: [['10.100.1.5', 'web-1']],
    async prepare({ client }) {
      await createService(client, NS, 'web');
      await putSlice(client, NS, 'web', [{ ip: '10.100.1.5' }]);
      await client.create(INGRESS_CLASSES, undefined, {
        apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' },
      });
    },
    // The controller's client counts its status writes on the way to the same API server.
    client: (server) => new ApiClient(new InProcessTransport((req) => {
      if (req.path.endsWith('/status') && req.method !== 'GET') statusWrites.push(req.path);
      return server.server.handle(req);
    }, ADMIN_USER)),
  });
  ({ api, pods, controller, port } = h);
});

afterAll(() => h?.close());

describe('IngressController and the API', () => {
  it('creates its IngressClass as the default class', async () => {
    const ic = await api.client.get<IngressClass>(INGRESS_CLASSES, undefined, 'pilothouse');
    expect(ic.spec?.controller).toBe(CONTROLLER_NAME);
    expect(ic.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION]).toBe('true');
  });

  it('writes the address and port into the status of the Ingresses it serves, and records Sync', async () => {
    const ing = await createIngress(api.client, NS, 'named', ingressSpec({ 'named.localhost': [['/', 'Prefix', backend('web')]] }, { ingressClassName: 'pilothouse' }));
    const address = await until(() => addressOf('named'), 'the status address');
    expect(address).toEqual([{ ip: '127.0.0.1', ports: [{ port, protocol: 'TCP' }] }]);
    const events = await until(async () => {
      const list = await api.client.list<any>(EVENTS, NS);
      const mine = list.items.filter((e) => e.involvedObject.name === 'named' && e.reason === 'Sync');
      return mine.length > 0 && mine;
    }, 'a Sync event');
    expect(events[0]).toMatchObject({
      type: 'Normal', message: 'Scheduled for sync', source: { component: COMPONENT },
      involvedObject: { kind: 'Ingress', uid: ing.metadata.uid },
    });
    expect(await served('named.localhost')).toBe(true);
  });

  it('writes the status only when it differs', async () => {
    await createIngress(api.client, NS, 'steady', ingressSpec({ 'steady.localhost': [['/', 'Prefix', backend('web')]] }));
    await until(() => addressOf('steady'), 'the status address');
    const writes = () => statusWrites.filter((p) => p.endsWith('/ingresses/steady/status')).length;
    expect(writes()).toBe(1);
    await api.client.patch(INGRESSES, NS, 'steady', { metadata: { labels: { touched: 'yes' } } });
    await api.client.patch(INGRESSES, NS, 'steady', { spec: { rules: [{ host: 'steady.localhost', http: { paths: [{ path: '/v2', pathType: 'Prefix', backend: backend('web') }] } }] } });
    // The controller handles keys one at a time, in order: once a later Ingress has its status, these changes were looked at.
    await createIngress(api.client, NS, 'steady-marker', ingressSpec({ 'steady-marker.localhost': [['/', 'Prefix', backend('web')]] }));
    await until(() => addressOf('steady-marker'), 'the marker Ingress status');
    expect(writes()).toBe(1);
  });

  it('leaves Ingresses of other classes alone, and takes them over when their class changes', async () => {
    await createIngress(api.client, NS, 'other', ingressSpec({ 'other.localhost': [['/', 'Prefix', backend('web')]] }, { ingressClassName: 'nginx' }));
    await createIngress(api.client, NS, 'legacy', ingressSpec({ 'legacy.localhost': [['/', 'Prefix', backend('web')]] }), { [LEGACY_CLASS_ANNOTATION]: 'nginx' });
    await createIngress(api.client, NS, 'legacy-ours', ingressSpec({ 'legacy-ours.localhost': [['/', 'Prefix', backend('web')]] }), { [LEGACY_CLASS_ANNOTATION]: 'pilothouse' });
    await until(() => served('legacy-ours.localhost'), 'the legacy-annotated Ingress of our class');
    expect(await addressOf('legacy-ours')).toHaveLength(1);
    expect((await httpRequest(port, 'other.localhost', '/')).status).toBe(404);
    expect((await httpRequest(port, 'legacy.localhost', '/')).status).toBe(404);
    expect(await addressOf('other')).toBeUndefined();
    expect(await addressOf('legacy')).toBeUndefined();

    await api.client.patch(INGRESSES, NS, 'other', { spec: { ingressClassName: 'pilothouse' } });
    await until(() => served('other.localhost'), 'the Ingress that moved to our class');
    await until(async () => (await addressOf('other'))?.[0]?.ports?.[0]?.port === port, 'its status');

    await api.client.patch(INGRESSES, NS, 'other', { spec: { ingressClassName: 'nginx' } });
    await until(async () => (await addressOf('other')) === undefined, 'the status cleared again');
    expect((await httpRequest(port, 'other.localhost', '/')).status).toBe(404);
  });

  it('does not clear an address another controller wrote', async () => {
    await createIngress(api.client, NS, 'foreign', ingressSpec({ 'foreign.localhost': [['/', 'Prefix', backend('web')]] }, { ingressClassName: 'nginx' }));
    await api.client.patch(INGRESSES, NS, 'foreign', { status: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } } }, 'merge', 'status');
    // A change that makes the controller look at it again, then one of ours to wait for.
    await api.client.patch(INGRESSES, NS, 'foreign', { metadata: { labels: { touched: 'yes' } } });
    await createIngress(api.client, NS, 'marker', ingressSpec({ 'marker.localhost': [['/', 'Prefix', backend('web')]] }, { ingressClassName: 'pilothouse' }));
    await until(() => addressOf('marker'), 'the marker Ingress status');
    expect(await addressOf('foreign')).toEqual([{ ip: '192.0.2.10' }]);
  });

  it('serves Ingresses without a class only while its class is the default, and keeps the user\'s edit', async () => {
    await createIngress(api.client, NS, 'classless', ingressSpec({ 'classless.localhost': [['/', 'Prefix', backend('web')]] }));
    await until(() => served('classless.localhost'), 'the class-less Ingress');
    await until(() => addressOf('classless'), 'its status');

    await api.client.patch(INGRESS_CLASSES, undefined, 'pilothouse', { metadata: { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'false' } } });
    await until(async () => (await httpRequest(port, 'classless.localhost', '/')).status === 404, 'the class-less Ingress dropped');
    await until(async () => (await addressOf('classless')) === undefined, 'its status cleared');
    expect(await served('named.localhost')).toBe(true); // named ones stay

    // Another controller starting does not undo the edit.
    const second = new IngressController({ client: api.client, dial: pods.dial, port: 0 });
    await second.start();
    await second.stop();
    const ic = await api.client.get<IngressClass>(INGRESS_CLASSES, undefined, 'pilothouse');
    expect(ic.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION]).toBe('false');

    await api.client.patch(INGRESS_CLASSES, undefined, 'pilothouse', { metadata: { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } });
    await until(() => served('classless.localhost'), 'the class-less Ingress back');
  });

  it('takes its address away from every Ingress when stopped with clearStatus', async () => {
    const ours = ['named', 'legacy-ours', 'steady', 'classless'];
    for (const name of ours) expect(await until(() => addressOf(name), `the status of ${name}`)).toHaveLength(1);
    await controller.stop({ clearStatus: true });
    for (const name of ours) expect(await addressOf(name)).toBeUndefined();
    expect(await addressOf('foreign')).toEqual([{ ip: '192.0.2.10' }]);
  });
});

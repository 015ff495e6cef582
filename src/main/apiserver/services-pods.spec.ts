/**
 * Service address allocation (cluster IPs and node ports) and the pod subresources the
 * scheduler and `kubectl drain` use (binding, eviction), through `ApiServer.handle()`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipToInt } from './admission/service-allocation.js';
import { fixtures, startTestServer, type TestServer } from './testing/in-process-server.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ namespaces: ['dev'] });
});
afterEach(() => t.close());

const SVC = '/api/v1/namespaces/dev/services';
const PODS = '/api/v1/namespaces/dev/pods';
// Dynamic allocation stays above the static band (the first 256 addresses: kubernetes, cluster DNS).
const inServiceCidr = (ip: string) => ipToInt(ip) >= ipToInt('10.96.1.0') && ipToInt(ip) < ipToInt('10.96.255.255');

describe('service allocation', () => {
  it('allocates a unique cluster IP inside 10.96.0.0/16, above the static band (10.96.0.1 is the kubernetes Service)', async () => {
    const kubernetes = (await t.request('GET', '/api/v1/namespaces/default/services/kubernetes')).body;
    expect(kubernetes.spec.clusterIP).toBe('10.96.0.1');
    const ips = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const res = await t.request('POST', SVC, { body: fixtures.service(`s${i}`) });
      expect(res.status).toBe(201);
      expect(inServiceCidr(res.body.spec.clusterIP)).toBe(true);
      expect(res.body.spec.clusterIPs).toEqual([res.body.spec.clusterIP]);
      ips.add(res.body.spec.clusterIP);
    }
    expect(ips.size).toBe(10);
  });

  it('422 for a cluster IP already in use or outside the range', async () => {
    const a = (await t.request('POST', SVC, { body: fixtures.service('a') })).body;
    const dup = await t.request('POST', SVC, { body: fixtures.service('b', { clusterIP: a.spec.clusterIP }) });
    expect(dup.status).toBe(422);
    expect(dup.body.reason).toBe('Invalid');
    expect(dup.body.details.causes[0].field).toBe('spec.clusterIPs');
    expect(dup.body.message).toContain(`failed to allocate IP ${a.spec.clusterIP}: provided IP is already allocated`);
    const outside = await t.request('POST', SVC, { body: fixtures.service('c', { clusterIP: '192.168.0.10' }) });
    expect(outside.status).toBe(422);
    expect(outside.body.message).toContain('The range of valid IPs is 10.96.0.0/16');
    const free = await t.request('POST', SVC, { body: fixtures.service('d', { clusterIP: '10.96.0.10' }) });
    expect(free.body.spec.clusterIP).toBe('10.96.0.10');
  });

  it('headless services (clusterIP None) get no address', async () => {
    const res = await t.request('POST', SVC, { body: fixtures.service('h', { clusterIP: 'None' }) });
    expect(res.status).toBe(201);
    expect(res.body.spec.clusterIP).toBe('None');
    expect(res.body.spec.clusterIPs).toEqual(['None']);
  });

  it('NodePort services get a node port in 30000-32767, kept on update', async () => {
    const res = await t.request('POST', SVC, { body: fixtures.service('np', { type: 'NodePort' }) });
    expect(res.status).toBe(201);
    const port = res.body.spec.ports[0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
    // A PUT that leaves out the allocated values keeps them (kubectl replace).
    const put = await t.request('PUT', `${SVC}/np`, { body: { ...fixtures.service('np', { type: 'NodePort' }), metadata: { name: 'np', labels: { a: 'b' } } } });
    expect(put.status).toBe(200);
    expect(put.body.spec.ports[0].nodePort).toBe(port);
    expect(put.body.spec.clusterIP).toBe(res.body.spec.clusterIP);
    const patched = await t.request('PATCH', `${SVC}/np`, { headers: { 'content-type': 'application/merge-patch+json' }, body: { metadata: { labels: { c: 'd' } } } });
    expect(patched.body.spec.ports[0].nodePort).toBe(port);
  });

  it('422 for a node port already in use; ClusterIP services get none', async () => {
    const a = (await t.request('POST', SVC, { body: fixtures.service('a', { type: 'NodePort' }) })).body;
    const port = a.spec.ports[0].nodePort;
    const dup = await t.request('POST', SVC, { body: fixtures.service('b', { type: 'NodePort', ports: [{ port: 80, nodePort: port }] }) });
    expect(dup.status).toBe(422);
    expect(dup.body.details.causes[0].field).toBe('spec.ports[0].nodePort');
    expect(dup.body.message).toContain('provided port is already allocated');
    const plain = (await t.request('POST', SVC, { body: fixtures.service('c') })).body;
    expect(plain.spec.ports[0].nodePort).toBeUndefined();
  });

  it('deleting a service frees its cluster IP', async () => {
    const a = (await t.request('POST', SVC, { body: fixtures.service('a') })).body;
    await t.request('DELETE', `${SVC}/a`);
    const b = await t.request('POST', SVC, { body: fixtures.service('b', { clusterIP: a.spec.clusterIP }) });
    expect(b.status).toBe(201);
  });
});

describe('pods/binding', () => {
  const binding = (name: string, node: string) => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { apiVersion: 'v1', kind: 'Node', name: node } });

  it('sets spec.nodeName and PodScheduled=True, answers 201 Success', async () => {
    await t.request('POST', PODS, { body: fixtures.pod('p') });
    t.clock.advance(3);
    const res = await t.request('POST', `${PODS}/p/binding`, { body: binding('p', 'node-1') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Success' });
    const pod = (await t.request('GET', `${PODS}/p`)).body;
    expect(pod.spec.nodeName).toBe('node-1');
    expect(pod.status.conditions).toContainEqual({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:03Z' });
  });

  it('a second binding is 409 with upstream wording', async () => {
    await t.request('POST', PODS, { body: fixtures.pod('p') });
    await t.request('POST', `${PODS}/p/binding`, { body: binding('p', 'node-1') });
    const res = await t.request('POST', `${PODS}/p/binding`, { body: binding('p', 'node-2') });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "node-1"',
    });
    expect((await t.request('GET', `${PODS}/p`)).body.spec.nodeName).toBe('node-1');
  });

  it('copies the binding\'s annotations; 404 for a missing pod; 405 for GET', async () => {
    await t.request('POST', PODS, { body: fixtures.pod('p') });
    const b = binding('p', 'node-1');
    Object.assign(b.metadata, { annotations: { 'scheduler.example.com/score': '7' } });
    await t.request('POST', `${PODS}/p/binding`, { body: b });
    expect((await t.request('GET', `${PODS}/p`)).body.metadata.annotations).toEqual({ 'scheduler.example.com/score': '7' });
    expect((await t.request('POST', `${PODS}/nope/binding`, { body: binding('nope', 'node-1') })).status).toBe(404);
    expect((await t.request('GET', `${PODS}/p/binding`)).status).toBe(405);
  });

  it('a pod being deleted cannot be bound', async () => {
    await t.request('POST', PODS, { body: fixtures.pod('p', { finalizers: ['example.com/hold'] }) });
    await t.request('DELETE', `${PODS}/p`);
    const res = await t.request('POST', `${PODS}/p/binding`, { body: binding('p', 'node-1') });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('Operation cannot be fulfilled on pods/binding "p": pod p is being deleted, cannot be assigned to a host');
  });
});

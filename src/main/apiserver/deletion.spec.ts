/**
 * DELETE through `ApiServer.handle()`: immediate and pending deletion, finalizers, propagation
 * policies, graceful pod deletion, preconditions, deletecollection and the namespace lifecycle.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtures, startTestServer, type TestServer } from './testing/in-process-server.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ namespaces: ['dev'] });
});
afterEach(() => t.close());

const CM = '/api/v1/namespaces/dev/configmaps';
const PODS = '/api/v1/namespaces/dev/pods';
const DEPLOY = '/apis/apps/v1/namespaces/dev/deployments';

async function boundPod(name: string, extra: Parameters<typeof fixtures.pod>[1] = {}) {
  expect((await t.request('POST', PODS, { body: fixtures.pod(name, extra) })).status).toBe(201);
  const bind = await t.request('POST', `${PODS}/${name}/binding`, { body: { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: 'node-1' } } });
  expect(bind.status).toBe(201);
}

describe('DELETE', () => {
  it('deletes at once and answers 200 with the object; then 404', async () => {
    const created = (await t.request('POST', CM, { body: fixtures.configMap('c') })).body;
    const res = await t.request('DELETE', `${CM}/c`);
    expect(res.status).toBe(200);
    expect(res.body.metadata.uid).toBe(created.metadata.uid);
    expect((await t.request('GET', `${CM}/c`)).status).toBe(404);
    const again = await t.request('DELETE', `${CM}/c`);
    expect(again.status).toBe(404);
    expect(again.body.message).toBe('configmaps "c" not found');
  });

  it('finalizers keep the object with a deletionTimestamp until an update removes the last one', async () => {
    const body = fixtures.configMap('c');
    Object.assign(body.metadata, { finalizers: ['example.com/hold', 'example.com/second'] });
    await t.request('POST', CM, { body });
    const res = await t.request('DELETE', `${CM}/c`);
    // Upstream answers 200 (202 only with orphanDependents=false) while the object stays.
    expect(res.status).toBe(200);
    expect(res.body.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0 });
    const pending = (await t.request('GET', `${CM}/c`)).body;
    const one = await t.request('PUT', `${CM}/c`, { body: { ...pending, metadata: { ...pending.metadata, finalizers: ['example.com/second'] } } });
    expect(one.status).toBe(200);
    expect((await t.request('GET', `${CM}/c`)).status).toBe(200);
    const last = await t.request('PATCH', `${CM}/c`, {
      headers: { 'content-type': 'application/merge-patch+json' }, body: { metadata: { finalizers: null } },
    });
    expect(last.status).toBe(200);
    expect((await t.request('GET', `${CM}/c`)).status).toBe(404);
  });

  it('no new finalizers may be added to a pending object, but other fields still update', async () => {
    const body = fixtures.configMap('c');
    Object.assign(body.metadata, { finalizers: ['example.com/hold'] });
    await t.request('POST', CM, { body });
    await t.request('DELETE', `${CM}/c`);
    const more = await t.request('PATCH', `${CM}/c`, {
      headers: { 'content-type': 'application/merge-patch+json' }, body: { metadata: { finalizers: ['example.com/hold', 'example.com/late'] } },
    });
    expect(more.status).toBe(422);
    expect(more.body.message).toContain('metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted');
    const patched = await t.request('PATCH', `${CM}/c`, { headers: { 'content-type': 'application/merge-patch+json' }, body: { data: { a: '1' } } });
    expect(patched.status).toBe(200);
    expect(patched.body.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
  });

  it('orphanDependents=false on a pending deletion answers 202', async () => {
    const body = fixtures.configMap('c');
    Object.assign(body.metadata, { finalizers: ['example.com/hold'] });
    await t.request('POST', CM, { body });
    const res = await t.request('DELETE', `${CM}/c`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', orphanDependents: false } });
    expect(res.status).toBe(202);
  });

  it('propagationPolicy Orphan and Foreground add their finalizers and bump generation', async () => {
    await t.request('POST', DEPLOY, { body: fixtures.deployment('a') });
    await t.request('POST', DEPLOY, { body: fixtures.deployment('b') });
    const orphan = await t.request('DELETE', `${DEPLOY}/a`, { query: 'propagationPolicy=Orphan' });
    expect(orphan.status).toBe(200);
    expect(orphan.body.metadata).toMatchObject({ finalizers: ['orphan'], deletionTimestamp: '2026-01-01T00:00:00Z', generation: 2 });
    const fg = await t.request('DELETE', `${DEPLOY}/b`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' } });
    expect(fg.body.metadata).toMatchObject({ finalizers: ['foregroundDeletion'], generation: 2 });
    const bad = await t.request('DELETE', `${DEPLOY}/b`, { query: 'propagationPolicy=Sometimes' });
    expect(bad.status).toBe(422);
  });

  it('preconditions on uid and resourceVersion answer 409 and keep the object', async () => {
    const created = (await t.request('POST', CM, { body: fixtures.configMap('c') })).body;
    const uid = await t.request('DELETE', `${CM}/c`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'other' } } });
    expect(uid.status).toBe(409);
    expect(uid.body.message).toBe(`Operation cannot be fulfilled on configmaps "c": Precondition failed: UID in precondition: other, UID in object meta: ${created.metadata.uid}`);
    const rv = await t.request('DELETE', `${CM}/c`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: '1' } } });
    expect(rv.status).toBe(409);
    expect(rv.body.reason).toBe('Conflict');
    expect((await t.request('GET', `${CM}/c`)).status).toBe(200);
    const ok = await t.request('DELETE', `${CM}/c`, { body: { preconditions: { uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion } } });
    expect(ok.status).toBe(200);
  });

  it('dryRun=All deletes nothing', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('c') });
    expect((await t.request('DELETE', `${CM}/c`, { query: 'dryRun=All' })).status).toBe(200);
    expect((await t.request('GET', `${CM}/c`)).status).toBe(200);
  });

  it('deletecollection deletes what the label selector matches', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('a', {}, { tier: 'web' }) });
    await t.request('POST', CM, { body: fixtures.configMap('b', {}, { tier: 'web' }) });
    await t.request('POST', CM, { body: fixtures.configMap('keep', {}, { tier: 'db' }) });
    const res = await t.request('DELETE', CM, { query: 'labelSelector=tier%3Dweb' });
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('ConfigMapList');
    expect(res.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['a', 'b']);
    const left = (await t.request('GET', CM)).body.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    expect(left).toEqual(['keep']);
  });
});

describe('pod deletion', () => {
  it('an unscheduled pod is deleted at once', async () => {
    await t.request('POST', PODS, { body: fixtures.pod('p') });
    const res = await t.request('DELETE', `${PODS}/p`);
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('Pod');
    expect((await t.request('GET', `${PODS}/p`)).status).toBe(404);
  });

  it('a bound pod gets a graceful deletion; a second delete with grace 0 removes it', async () => {
    await boundPod('p');
    const res = await t.request('DELETE', `${PODS}/p`);
    expect(res.status).toBe(200);
    expect(res.body.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 });
    // A longer or equal grace period changes nothing.
    const same = await t.request('DELETE', `${PODS}/p`, { query: 'gracePeriodSeconds=60' });
    expect(same.body.metadata.deletionGracePeriodSeconds).toBe(30);
    const now = await t.request('DELETE', `${PODS}/p`, { query: 'gracePeriodSeconds=0' });
    expect(now.status).toBe(200);
    expect((await t.request('GET', `${PODS}/p`)).status).toBe(404);
  });

  it('a shorter grace period moves the deadline from the original request time', async () => {
    await boundPod('p');
    await t.request('DELETE', `${PODS}/p`);
    t.clock.advance(5);
    const shorter = await t.request('DELETE', `${PODS}/p`, { query: 'gracePeriodSeconds=10' });
    expect(shorter.body.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:10Z', deletionGracePeriodSeconds: 10 });
  });

  it('grace 0 on a pod with finalizers ends the grace period; removing the finalizer then deletes it', async () => {
    await boundPod('p', { finalizers: ['example.com/hold'] });
    t.clock.advance(2);
    await t.request('DELETE', `${PODS}/p`);
    const now = await t.request('DELETE', `${PODS}/p`, { query: 'gracePeriodSeconds=0' });
    expect(now.status).toBe(200);
    expect(now.body.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:02Z', deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold'] });
    const last = await t.request('PATCH', `${PODS}/p`, { headers: { 'content-type': 'application/merge-patch+json' }, body: { metadata: { finalizers: null } } });
    expect(last.status).toBe(200);
    expect((await t.request('GET', `${PODS}/p`)).status).toBe(404);
  });

  it('a negative grace period counts as one second', async () => {
    await boundPod('p');
    const res = await t.request('DELETE', `${PODS}/p`, { query: 'gracePeriodSeconds=-5' });
    expect(res.body.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:01Z', deletionGracePeriodSeconds: 1 });
  });

  it('status updates during the grace period do not delete the pod', async () => {
    await boundPod('p');
    await t.request('DELETE', `${PODS}/p`);
    const pod = (await t.request('GET', `${PODS}/p`)).body;
    const res = await t.request('PUT', `${PODS}/p/status`, { body: { ...pod, status: { ...pod.status, phase: 'Running' } } });
    expect(res.status).toBe(200);
    expect((await t.request('GET', `${PODS}/p`)).body.status.phase).toBe('Running');
  });

  it('pods/eviction deletes gracefully when bound and answers 201 Success', async () => {
    await boundPod('p');
    const res = await t.request('POST', `${PODS}/p/eviction`, { body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p' } } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Success' });
    expect((await t.request('GET', `${PODS}/p`)).body.metadata.deletionGracePeriodSeconds).toBe(30);
    await t.request('POST', PODS, { body: fixtures.pod('q') });
    expect((await t.request('POST', `${PODS}/q/eviction`, { body: { kind: 'Eviction', metadata: { name: 'q' } } })).status).toBe(201);
    expect((await t.request('GET', `${PODS}/q`)).status).toBe(404);
  });
});

describe('namespace deletion', () => {
  it('a deleted namespace is Terminating until /finalize empties spec.finalizers', async () => {
    const res = await t.request('DELETE', '/api/v1/namespaces/dev');
    expect(res.status).toBe(200);
    expect(res.body.status.phase).toBe('Terminating');
    expect(res.body.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(res.body.spec.finalizers).toEqual(['kubernetes']);
    const ns = (await t.request('GET', '/api/v1/namespaces/dev')).body;
    expect(ns.status.phase).toBe('Terminating');
    const fin = await t.request('PUT', '/api/v1/namespaces/dev/finalize', { body: { ...ns, spec: { finalizers: [] } } });
    expect(fin.status).toBe(200);
    expect((await t.request('GET', '/api/v1/namespaces/dev')).status).toBe(404);
  });

  it('the main endpoint does not change spec.finalizers', async () => {
    const ns = (await t.request('GET', '/api/v1/namespaces/dev')).body;
    const res = await t.request('PUT', '/api/v1/namespaces/dev', { body: { ...ns, spec: { finalizers: [] } } });
    expect(res.status).toBe(200);
    expect(res.body.spec.finalizers).toEqual(['kubernetes']);
  });

  it('system namespaces cannot be deleted', async () => {
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      const res = await t.request('DELETE', `/api/v1/namespaces/${name}`);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted` });
    }
  });
});

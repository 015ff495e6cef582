/**
 * PATCH through `ApiServer.handle()`: the three patch types kubectl sends, the /scale
 * subresource, unsupported media types and resourceVersion preconditions inside a patch.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtures, startTestServer, type TestServer } from './testing/in-process-server.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ namespaces: ['dev'] });
});
afterEach(() => t.close());

const DEPLOY = '/apis/apps/v1/namespaces/dev/deployments';
const CM = '/api/v1/namespaces/dev/configmaps';
const MERGE = { 'content-type': 'application/merge-patch+json' };
const JSON_PATCH = { 'content-type': 'application/json-patch+json' };
const SMP = { 'content-type': 'application/strategic-merge-patch+json' };

async function deploymentWithTwoContainers() {
  const d = fixtures.deployment('web');
  d.spec.template.spec.containers = [
    { name: 'app', image: 'nginx:1.27' },
    { name: 'sidecar', image: 'busybox:1.36' },
  ];
  expect((await t.request('POST', DEPLOY, { body: d })).status).toBe(201);
}

describe('PATCH', () => {
  it('merge patch sets and removes keys', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('c', { a: '1', b: '2' }) });
    const res = await t.request('PATCH', `${CM}/c`, { headers: MERGE, body: { data: { a: null, c: '3' }, metadata: { labels: { x: 'y' } } } });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ b: '2', c: '3' });
    expect(res.body.metadata.labels).toEqual({ x: 'y' });
  });

  it('merge patch replaces lists whole', async () => {
    await deploymentWithTwoContainers();
    const res = await t.request('PATCH', `${DEPLOY}/web`, {
      headers: MERGE, body: { spec: { template: { spec: { containers: [{ name: 'only', image: 'redis:7' }] } } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['only']);
    expect(res.body.metadata.generation).toBe(2);
  });

  it('JSON patch applies operations; a failing test op is 422 and writes nothing', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('c', { a: '1' }) });
    const ok = await t.request('PATCH', `${CM}/c`, {
      headers: JSON_PATCH,
      body: [{ op: 'test', path: '/data/a', value: '1' }, { op: 'replace', path: '/data/a', value: '2' }, { op: 'add', path: '/data/b', value: '3' }],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ a: '2', b: '3' });
    const before = await t.store.currentRevision();
    const bad = await t.request('PATCH', `${CM}/c`, { headers: JSON_PATCH, body: [{ op: 'test', path: '/data/a', value: 'nope' }, { op: 'remove', path: '/data/a' }] });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422 });
    expect(await t.store.currentRevision()).toBe(before);
  });

  it('JSON patch that is not a list of operations is 400', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('c') });
    const res = await t.request('PATCH', `${CM}/c`, { headers: JSON_PATCH, body: { op: 'add' } });
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('BadRequest');
  });

  it('strategic merge patch merges containers by name', async () => {
    await deploymentWithTwoContainers();
    const res = await t.request('PATCH', `${DEPLOY}/web`, {
      headers: SMP, body: { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.37' }] } } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.spec.template.spec.containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`)).toEqual([
      'app=nginx:1.27', 'sidecar=busybox:1.37',
    ]);
  });

  it('strategic merge patch honours $setElementOrder and $patch: delete', async () => {
    await deploymentWithTwoContainers();
    const reordered = await t.request('PATCH', `${DEPLOY}/web`, {
      headers: SMP,
      body: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }], containers: [{ name: 'app', image: 'nginx:1.28' }] } } } },
    });
    expect(reordered.status).toBe(200);
    expect(reordered.body.spec.template.spec.containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`)).toEqual([
      'sidecar=busybox:1.36', 'app=nginx:1.28',
    ]);
    const removed = await t.request('PATCH', `${DEPLOY}/web`, {
      headers: SMP, body: { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
    });
    expect(removed.body.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['app']);
  });

  it('a patch with a stale metadata.resourceVersion is 409; a current one applies', async () => {
    const created = (await t.request('POST', CM, { body: fixtures.configMap('c', { a: '1' }) })).body;
    await t.request('PATCH', `${CM}/c`, { headers: MERGE, body: { data: { a: '2' } } });
    const stale = await t.request('PATCH', `${CM}/c`, { headers: MERGE, body: { metadata: { resourceVersion: created.metadata.resourceVersion }, data: { a: '3' } } });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    const current = (await t.request('GET', `${CM}/c`)).body;
    const fresh = await t.request('PATCH', `${CM}/c`, { headers: MERGE, body: { metadata: { resourceVersion: current.metadata.resourceVersion }, data: { a: '3' } } });
    expect(fresh.status).toBe(200);
    expect(fresh.body.data.a).toBe('3');
  });

  it('415 for unknown patch types and for server-side apply', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('c') });
    const unknown = await t.request('PATCH', `${CM}/c`, { headers: { 'content-type': 'application/json' }, body: { data: {} } });
    expect(unknown.status).toBe(415);
    expect(unknown.body.reason).toBe('UnsupportedMediaType');
    const apply = await t.request('PATCH', `${CM}/c`, {
      headers: { 'content-type': 'application/apply-patch+yaml' }, query: 'fieldManager=kubectl',
      body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n',
    });
    expect(apply.status).toBe(415);
    expect(apply.body.reason).toBe('UnsupportedMediaType');
    expect(apply.body.message).toMatch(/server-side apply/);
  });

  it('404 for a patch on a missing object', async () => {
    const res = await t.request('PATCH', `${CM}/nope`, { headers: MERGE, body: { data: {} } });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('configmaps "nope" not found');
  });

  it('status is ignored by a patch on the main resource and is what /status patches', async () => {
    await t.request('POST', DEPLOY, { body: fixtures.deployment('web') });
    const main = await t.request('PATCH', `${DEPLOY}/web`, { headers: MERGE, body: { status: { replicas: 5 } } });
    expect(main.body.status).toEqual({});
    const status = await t.request('PATCH', `${DEPLOY}/web/status`, { headers: MERGE, body: { status: { replicas: 5 }, spec: { replicas: 9 } } });
    expect(status.body.status).toEqual({ replicas: 5 });
    expect(status.body.spec.replicas).toBe(1);
  });
});

describe('/scale', () => {
  it('GET returns an autoscaling/v1 Scale with the selector as a string', async () => {
    const created = (await t.request('POST', DEPLOY, { body: fixtures.deployment('web', 2) })).body;
    const res = await t.request('GET', `${DEPLOY}/web/scale`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: 'web', namespace: 'dev', uid: created.metadata.uid,
        resourceVersion: created.metadata.resourceVersion, creationTimestamp: created.metadata.creationTimestamp,
      },
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=web' },
    });
  });

  it('a merge patch of spec.replicas scales the parent (kubectl scale)', async () => {
    await t.request('POST', DEPLOY, { body: fixtures.deployment('web', 1) });
    const res = await t.request('PATCH', `${DEPLOY}/web/scale`, { headers: MERGE, body: { spec: { replicas: 3 } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'Scale', spec: { replicas: 3 } });
    const d = (await t.request('GET', `${DEPLOY}/web`)).body;
    expect(d.spec.replicas).toBe(3);
    expect(d.metadata.generation).toBe(2);
    expect(res.body.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
  });

  it('PUT /scale with a stale resourceVersion is 409; negative replicas 422', async () => {
    await t.request('POST', DEPLOY, { body: fixtures.deployment('web', 1) });
    const scale = (await t.request('GET', `${DEPLOY}/web/scale`)).body;
    expect((await t.request('PUT', `${DEPLOY}/web/scale`, { body: { ...scale, spec: { replicas: 2 } } })).status).toBe(200);
    const stale = await t.request('PUT', `${DEPLOY}/web/scale`, { body: { ...scale, spec: { replicas: 4 } } });
    expect(stale.status).toBe(409);
    const negative = await t.request('PUT', `${DEPLOY}/web/scale`, { body: { kind: 'Scale', spec: { replicas: -1 } } });
    expect(negative.status).toBe(422);
    expect(negative.body.details.causes[0]).toMatchObject({ field: 'spec.replicas' });
  });

  it('404 for /scale on a resource that has none', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('c') });
    expect((await t.request('GET', `${CM}/c/scale`)).status).toBe(404);
  });
});

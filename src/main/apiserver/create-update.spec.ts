/**
 * Create and update through `ApiServer.handle()`: system metadata, generateName, conflicts,
 * namespace checks, dry run, generation, no-op updates, status isolation and immutable fields.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtures, refs, startTestServer, type TestServer } from './testing/in-process-server.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ namespaces: ['dev'] });
});
afterEach(() => t.close());

const CM = '/api/v1/namespaces/dev/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/dev/deployments';

describe('create', () => {
  it('sets uid, creationTimestamp, resourceVersion and generation 1 for workloads', async () => {
    const res = await t.request('POST', DEPLOY, { body: fixtures.deployment('web') });
    expect(res.status).toBe(201);
    const meta = res.body.metadata;
    expect(meta.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(meta.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(meta.generation).toBe(1);
    expect(meta.namespace).toBe('dev');
    expect(Number(meta.resourceVersion)).toBe(await t.store.currentRevision());
    const cm = await t.request('POST', CM, { body: fixtures.configMap('c') });
    expect(cm.body.metadata.generation).toBeUndefined();
  });

  it('ignores client-set system fields', async () => {
    const body = fixtures.configMap('c');
    Object.assign(body.metadata, { uid: 'mine', creationTimestamp: '2000-01-01T00:00:00Z', deletionTimestamp: '2000-01-01T00:00:00Z' });
    const res = await t.request('POST', CM, { body });
    expect(res.status).toBe(201);
    expect(res.body.metadata.uid).not.toBe('mine');
    expect(res.body.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(res.body.metadata.deletionTimestamp).toBeUndefined();
  });

  it('generateName appends five characters to the prefix', async () => {
    const res = await t.request('POST', CM, { body: { metadata: { generateName: 'job-' }, data: {} } });
    expect(res.status).toBe(201);
    expect(res.body.metadata.name).toMatch(/^job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(res.body.metadata.generateName).toBe('job-');
  });

  it('409 AlreadyExists with upstream wording', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('c') });
    const res = await t.request('POST', CM, { body: fixtures.configMap('c') });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      kind: 'Status', status: 'Failure', reason: 'AlreadyExists', code: 409,
      message: 'configmaps "c" already exists', details: { name: 'c', kind: 'configmaps' },
    });
    const dep = await t.request('POST', DEPLOY, { body: fixtures.deployment('web') });
    expect(dep.status).toBe(201);
    expect((await t.request('POST', DEPLOY, { body: fixtures.deployment('web') })).body.message).toBe('deployments.apps "web" already exists');
  });

  it('400 when the body namespace differs from the URL', async () => {
    const body = { ...fixtures.configMap('c'), metadata: { name: 'c', namespace: 'other' } };
    const res = await t.request('POST', CM, { body });
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('BadRequest');
    expect(res.body.message).toBe('the namespace of the provided object does not match the namespace sent on the request');
  });

  it('404 in a namespace that does not exist', async () => {
    const res = await t.request('POST', '/api/v1/namespaces/nope/configmaps', { body: fixtures.configMap('c') });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ reason: 'NotFound', message: 'namespaces "nope" not found' });
  });

  it('403 in a terminating namespace', async () => {
    await t.request('DELETE', '/api/v1/namespaces/dev');
    const res = await t.request('POST', CM, { body: fixtures.configMap('c') });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      reason: 'Forbidden',
      message: 'configmaps "c" is forbidden: unable to create new content in namespace dev because it is being terminated',
    });
  });

  it('unknown fields: 400 under fieldValidation=Strict, a warning by default, silence with Ignore', async () => {
    const body = { ...fixtures.deployment('web'), extra: 1 } as Record<string, unknown>;
    (body.spec as Record<string, unknown>).replicaz = 2;
    const strict = await t.request('POST', DEPLOY, { body, query: 'fieldValidation=Strict' });
    expect(strict.status).toBe(400);
    expect(strict.body.message).toMatch(/^Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: /);
    expect(strict.body.message).toContain('unknown field "spec.replicaz"');
    const warn = await t.request('POST', DEPLOY, { body });
    expect(warn.status).toBe(201);
    expect(warn.warnings).toEqual(expect.arrayContaining(['unknown field "spec.replicaz"']));
    expect(warn.body.spec.replicaz).toBeUndefined();
    expect(warn.body.extra).toBeUndefined();
    expect((await t.request('GET', `${DEPLOY}/web`)).body.spec.replicaz).toBeUndefined();
    const ignore = await t.request('POST', DEPLOY, { body: { ...body, metadata: { name: 'quiet' } }, query: 'fieldValidation=Ignore' });
    expect(ignore.status).toBe(201);
    expect(ignore.warnings).toEqual([]);
    expect(ignore.body.spec.replicaz).toBeUndefined();
    expect((await t.request('POST', DEPLOY, { body: fixtures.deployment('x'), query: 'fieldValidation=Bogus' })).status).toBe(400);
  });

  it('dryRun=All answers like a create but writes nothing', async () => {
    const before = await t.store.currentRevision();
    const res = await t.request('POST', CM, { body: fixtures.configMap('c'), query: 'dryRun=All' });
    expect(res.status).toBe(201);
    expect(res.body.metadata.uid).toBeDefined();
    expect(await t.store.currentRevision()).toBe(before);
    expect((await t.request('GET', `${CM}/c`)).status).toBe(404);
    expect((await t.request('POST', CM, { body: fixtures.configMap('c'), query: 'dryRun=Some' })).status).toBe(400);
  });
});

describe('update', () => {
  it('409 Conflict with upstream message for a stale resourceVersion', async () => {
    const created = (await t.request('POST', CM, { body: fixtures.configMap('c', { a: '1' }) })).body;
    await t.request('PUT', `${CM}/c`, { body: { ...created, data: { a: '2' } } });
    const res = await t.request('PUT', `${CM}/c`, { body: { ...created, data: { a: '3' } } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'c', kind: 'configmaps' },
    });
  });

  it('PUT without resourceVersion is unconditional', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('c', { a: '1' }) });
    const res = await t.request('PUT', `${CM}/c`, { body: fixtures.configMap('c', { a: '2' }) });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ a: '2' });
  });

  it('keeps uid and creationTimestamp; 400 on a name mismatch; 404 for a missing object', async () => {
    const created = (await t.request('POST', CM, { body: fixtures.configMap('c') })).body;
    t.clock.advance(60);
    const res = await t.request('PUT', `${CM}/c`, { body: { ...fixtures.configMap('c', { x: 'y' }), metadata: { name: 'c', creationTimestamp: '2000-01-01T00:00:00Z' } } });
    expect(res.body.metadata).toMatchObject({ uid: created.metadata.uid, creationTimestamp: created.metadata.creationTimestamp });
    const mismatch = await t.request('PUT', `${CM}/c`, { body: fixtures.configMap('d') });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.message).toBe('the name of the object (d) does not match the name on the URL (c)');
    expect((await t.request('PUT', `${CM}/nope`, { body: fixtures.configMap('nope') })).status).toBe(404);
  });

  it('bumps generation on spec changes only', async () => {
    const d = (await t.request('POST', DEPLOY, { body: fixtures.deployment('web') })).body;
    const labelled = (await t.request('PUT', `${DEPLOY}/web`, { body: { ...d, metadata: { ...d.metadata, labels: { a: 'b' } } } })).body;
    expect(labelled.metadata.generation).toBe(1);
    const scaled = (await t.request('PUT', `${DEPLOY}/web`, { body: { ...labelled, spec: { ...labelled.spec, replicas: 4 } } })).body;
    expect(scaled.metadata.generation).toBe(2);
    const status = await t.request('PUT', `${DEPLOY}/web/status`, { body: { ...scaled, status: { replicas: 4, observedGeneration: 2 } } });
    expect(status.body.metadata.generation).toBe(2);
  });

  it('a no-op update keeps the resourceVersion and writes nothing', async () => {
    const d = (await t.request('POST', DEPLOY, { body: fixtures.deployment('web') })).body;
    const before = await t.store.currentRevision();
    const res = await t.request('PUT', `${DEPLOY}/web`, { body: d });
    expect(res.status).toBe(200);
    expect(res.body.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
    expect(await t.store.currentRevision()).toBe(before);
  });

  it('PUT on the main resource ignores status; PUT /status changes only status', async () => {
    const d = (await t.request('POST', DEPLOY, { body: fixtures.deployment('web') })).body;
    const main = (await t.request('PUT', `${DEPLOY}/web`, { body: { ...d, status: { replicas: 7 } } })).body;
    expect(main.status).toEqual({});
    const res = await t.request('PUT', `${DEPLOY}/web/status`, {
      body: { ...main, metadata: { ...main.metadata, labels: { sneaky: 'yes' } }, spec: { ...main.spec, replicas: 9 }, status: { replicas: 1, readyReplicas: 1 } },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toEqual({ replicas: 1, readyReplicas: 1 });
    expect(res.body.spec.replicas).toBe(1);
    expect(res.body.metadata.labels).toBeUndefined();
    expect(res.body.metadata.generation).toBe(1);
  });

  it('status writes check resourceVersion too', async () => {
    const d = (await t.request('POST', DEPLOY, { body: fixtures.deployment('web') })).body;
    await t.request('PUT', `${DEPLOY}/web/status`, { body: { ...d, status: { replicas: 1 } } });
    const stale = await t.request('PUT', `${DEPLOY}/web/status`, { body: { ...d, status: { replicas: 2 } } });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
  });

  it('422 when an immutable field changes (Deployment selector)', async () => {
    const d = (await t.request('POST', DEPLOY, { body: fixtures.deployment('web') })).body;
    const labels = { app: 'other' };
    const next = { ...d, spec: { ...d.spec, selector: { matchLabels: labels }, template: { ...d.spec.template, metadata: { labels } } } };
    const res = await t.request('PUT', `${DEPLOY}/web`, { body: next });
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('Invalid');
    expect(res.body.message).toMatch(/^Deployment\.apps "web" is invalid: spec\.selector: Invalid value: .*field is immutable/);
    expect(res.body.details.causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'spec.selector' });
  });

  it('the client reports the same conflict', async () => {
    const created = await t.client.create(refs.configmaps, 'dev', fixtures.configMap('c'));
    await t.client.update(refs.configmaps, { ...created, data: { a: '1' } } as never);
    await expect(t.client.update(refs.configmaps, { ...created, data: { a: '2' } } as never)).rejects.toMatchObject({ code: 409, reason: 'Conflict' });
  });
});

/**
 * Lists through `ApiServer.handle()`: label and field selectors, limit/continue paging at one
 * revision, resourceVersion / resourceVersionMatch rules and Table output.
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
const names = (body: { items: { metadata: { name: string } }[] }) => body.items.map((i) => i.metadata.name);

async function seedConfigMaps() {
  const labels: Record<string, Record<string, string>> = {
    a: { env: 'prod', tier: 'web' },
    b: { env: 'dev', tier: 'web' },
    c: { env: 'test' },
    d: {},
  };
  for (const [name, l] of Object.entries(labels)) await t.request('POST', CM, { body: fixtures.configMap(name, {}, l) });
}

describe('label selectors', () => {
  it.each([
    ['env=prod', ['a']],
    ['env==prod', ['a']],
    ['env!=prod', ['b', 'c', 'd']],
    ['env in (dev,test)', ['b', 'c']],
    ['env notin (dev,test)', ['a', 'd']],
    ['tier', ['a', 'b']],
    ['!tier', ['c', 'd']],
    ['tier=web,env!=dev', ['a']],
  ])('%s', async (selector, expected) => {
    await seedConfigMaps();
    const res = await t.request('GET', CM, { query: { labelSelector: selector } });
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(expected);
  });

  it('400 for a malformed selector', async () => {
    const res = await t.request('GET', CM, { query: { labelSelector: 'env in (a' } });
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('BadRequest');
  });
});

describe('field selectors', () => {
  it('metadata.name and metadata.namespace work on every resource', async () => {
    await seedConfigMaps();
    expect(names((await t.request('GET', CM, { query: { fieldSelector: 'metadata.name=c' } })).body)).toEqual(['c']);
    expect(names((await t.request('GET', CM, { query: { fieldSelector: 'metadata.name!=c' } })).body)).toEqual(['a', 'b', 'd']);
    const all = await t.request('GET', '/api/v1/configmaps', { query: { fieldSelector: 'metadata.namespace=dev' } });
    expect(names(all.body)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('pods select on status.phase and spec.nodeName', async () => {
    await t.request('POST', PODS, { body: fixtures.pod('bound') });
    await t.request('POST', PODS, { body: fixtures.pod('pending') });
    await t.request('POST', `${PODS}/bound/binding`, { body: { kind: 'Binding', metadata: { name: 'bound' }, target: { name: 'node-1' } } });
    const bound = (await t.request('GET', `${PODS}/bound`)).body;
    await t.request('PUT', `${PODS}/bound/status`, { body: { ...bound, status: { ...bound.status, phase: 'Running' } } });
    expect(names((await t.request('GET', PODS, { query: { fieldSelector: 'status.phase=Running' } })).body)).toEqual(['bound']);
    expect(names((await t.request('GET', PODS, { query: { fieldSelector: 'spec.nodeName=node-1' } })).body)).toEqual(['bound']);
    // kubectl's "unscheduled pods" query.
    expect(names((await t.request('GET', '/api/v1/pods', { query: { fieldSelector: 'spec.nodeName=,status.phase!=Succeeded' } })).body)).toEqual(['pending']);
  });

  it('400 for a field the resource does not support', async () => {
    const res = await t.request('GET', PODS, { query: { fieldSelector: 'spec.bogus=x' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ reason: 'BadRequest', message: 'field label not supported: spec.bogus' });
  });
});

describe('paging', () => {
  it('limit/continue pages are read at the first page\'s revision, with remainingItemCount', async () => {
    for (const n of ['a', 'b', 'c', 'd', 'e']) await t.request('POST', CM, { body: fixtures.configMap(n) });
    const first = (await t.request('GET', CM, { query: { limit: '2' } })).body;
    expect(names(first)).toEqual(['a', 'b']);
    expect(first.metadata.remainingItemCount).toBe(3);
    expect(first.metadata.continue).toBeTruthy();
    // Writes between pages are not seen by the rest of this list.
    await t.request('DELETE', `${CM}/c`);
    await t.request('POST', CM, { body: fixtures.configMap('bb') });
    const second = (await t.request('GET', CM, { query: { limit: '2', continue: first.metadata.continue } })).body;
    expect(names(second)).toEqual(['c', 'd']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(second.metadata.remainingItemCount).toBe(1);
    const third = (await t.request('GET', CM, { query: { limit: '2', continue: second.metadata.continue } })).body;
    expect(names(third)).toEqual(['e']);
    expect(third.metadata.continue).toBeUndefined();
    expect(third.metadata.remainingItemCount).toBeUndefined();
  });

  it('a list resourceVersion is the store revision', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('a') });
    const list = (await t.request('GET', CM)).body;
    expect(list).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: String(await t.store.currentRevision()) } });
  });

  it('400 for a resourceVersion together with continue, and for a malformed token', async () => {
    for (const n of ['a', 'b']) await t.request('POST', CM, { body: fixtures.configMap(n) });
    const first = (await t.request('GET', CM, { query: { limit: '1' } })).body;
    const both = await t.request('GET', CM, { query: { limit: '1', continue: first.metadata.continue, resourceVersion: '5' } });
    expect(both.status).toBe(400);
    expect(both.body.message).toBe('specifying resource version is not allowed when using continue');
    expect((await t.request('GET', CM, { query: { continue: 'garbage' } })).status).toBe(400);
  });
});

describe('resourceVersion and resourceVersionMatch', () => {
  it('Exact at an old revision returns the state at that revision', async () => {
    const a = (await t.request('POST', CM, { body: fixtures.configMap('a', { v: '1' }) })).body;
    await t.request('PUT', `${CM}/a`, { body: fixtures.configMap('a', { v: '2' }) });
    await t.request('POST', CM, { body: fixtures.configMap('b') });
    const old = (await t.request('GET', CM, { query: { resourceVersion: a.metadata.resourceVersion, resourceVersionMatch: 'Exact' } })).body;
    expect(old.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    expect(old.items).toHaveLength(1);
    expect(old.items[0].data).toEqual({ v: '1' });
  });

  it('NotOlderThan (and a bare resourceVersion) return the latest state; a future one times out', async () => {
    const a = (await t.request('POST', CM, { body: fixtures.configMap('a') })).body;
    await t.request('POST', CM, { body: fixtures.configMap('b') });
    const latest = (await t.request('GET', CM, { query: { resourceVersion: a.metadata.resourceVersion, resourceVersionMatch: 'NotOlderThan' } })).body;
    expect(names(latest)).toEqual(['a', 'b']);
    expect(names((await t.request('GET', CM, { query: { resourceVersion: a.metadata.resourceVersion } })).body)).toEqual(['a', 'b']);
    const future = await t.request('GET', CM, { query: { resourceVersion: '100000', resourceVersionMatch: 'NotOlderThan' } });
    expect(future.status).toBe(504);
    expect(future.body.reason).toBe('Timeout');
    expect(future.body.message).toMatch(/^Too large resource version: 100000, current: \d+$/);
  });

  it('422 for resourceVersionMatch without resourceVersion, and for unknown values', async () => {
    const res = await t.request('GET', CM, { query: { resourceVersionMatch: 'NotOlderThan' } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      reason: 'Invalid',
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    });
    const bad = await t.request('GET', CM, { query: { resourceVersion: '1', resourceVersionMatch: 'Newest' } });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toContain('resourceVersionMatch: Unsupported value: "Newest"');
    const exact0 = await t.request('GET', CM, { query: { resourceVersion: '0', resourceVersionMatch: 'Exact' } });
    expect(exact0.status).toBe(422);
    const initial = await t.request('GET', CM, { query: { sendInitialEvents: 'true' } });
    expect(initial.status).toBe(422);
    expect(initial.body.message).toContain('sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list');
  });

  it('410 Expired for an Exact read below the compacted revision', async () => {
    const a = (await t.request('POST', CM, { body: fixtures.configMap('a') })).body;
    await t.request('POST', CM, { body: fixtures.configMap('b') });
    await t.store.compact(await t.store.currentRevision());
    const res = await t.request('GET', CM, { query: { resourceVersion: a.metadata.resourceVersion, resourceVersionMatch: 'Exact' } });
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({ reason: 'Expired', message: 'The resourceVersion for the provided list is too old.' });
  });
});

describe('Table output', () => {
  const TABLE = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' };

  it('lists render as meta.k8s.io/v1 Table with Name first and PartialObjectMetadata rows', async () => {
    await t.request('POST', PODS, { body: fixtures.pod('web', { labels: { app: 'web' } }) });
    const res = await t.request('GET', PODS, { headers: TABLE });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: expect.any(String) } });
    expect(res.body.columnDefinitions[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 });
    expect(res.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['Name', 'Ready', 'Status', 'Restarts', 'Age']),
    );
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0].cells[0]).toBe('web');
    expect(res.body.rows[0].object).toMatchObject({
      kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'web', namespace: 'dev', labels: { app: 'web' } },
    });
  });

  it('a single object renders as a one-row Table; includeObject=Object embeds it', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('c', { k: 'v' }) });
    const one = await t.request('GET', `${CM}/c`, { headers: TABLE });
    expect(one.body.rows).toHaveLength(1);
    const full = await t.request('GET', CM, { headers: TABLE, query: { includeObject: 'Object' } });
    expect(full.body.rows[0].object).toMatchObject({ kind: 'ConfigMap', data: { k: 'v' } });
  });

  it('406 when nothing acceptable is offered', async () => {
    const res = await t.request('GET', CM, { headers: { accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io' } });
    expect(res.status).toBe(406);
    expect(res.body.reason).toBe('NotAcceptable');
  });
});

/**
 * Watch through `ApiServer.handle()`: initial state, resuming from a resourceVersion, selector
 * transitions, compaction (410), WatchList (sendInitialEvents + bookmark), timeouts and
 * single-object watches.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtures, refs, startTestServer, type TestServer } from './testing/in-process-server.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ namespaces: ['dev'] });
});
afterEach(() => t.close());

const CM = '/api/v1/namespaces/dev/configmaps';
const summary = (events: { type: string; object: { metadata: { name?: string } } }[]) =>
  events.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`.trim());

describe('watch', () => {
  it('without resourceVersion: ADDED for every existing object, then live events', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('a') });
    await t.request('POST', CM, { body: fixtures.configMap('b') });
    const w = await t.watch(CM);
    await w.waitFor(2);
    await t.request('PUT', `${CM}/a`, { body: fixtures.configMap('a', { k: 'v' }) });
    await t.request('DELETE', `${CM}/b`);
    await t.request('POST', CM, { body: fixtures.configMap('c') });
    const events = await w.waitFor(5);
    expect(summary(events)).toEqual(['ADDED a', 'ADDED b', 'MODIFIED a', 'DELETED b', 'ADDED c']);
    expect(events[2].object.data).toEqual({ k: 'v' });
    expect(events[2].object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
    // The deleted object carries the revision of its deletion.
    expect(Number(events[3].object.metadata.resourceVersion)).toBeGreaterThan(Number(events[2].object.metadata.resourceVersion));
  });

  it('resourceVersion=N: exactly the events after N, in order', async () => {
    const a = (await t.request('POST', CM, { body: fixtures.configMap('a') })).body;
    await t.request('PUT', `${CM}/a`, { body: fixtures.configMap('a', { v: '2' }) });
    await t.request('POST', CM, { body: fixtures.configMap('b') });
    await t.request('DELETE', `${CM}/a`);
    const w = await t.watch(CM, { resourceVersion: a.metadata.resourceVersion });
    const events = await w.waitFor(3);
    expect(summary(events)).toEqual(['MODIFIED a', 'ADDED b', 'DELETED a']);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((x, y) => x - y));
    expect(rvs[0]).toBeGreaterThan(Number(a.metadata.resourceVersion));
  });

  it('resourceVersion=0 behaves like unset (current state first)', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('a') });
    const w = await t.watch(CM, { resourceVersion: '0' });
    expect(summary(await w.waitFor(1))).toEqual(['ADDED a']);
  });

  it('selectors: an object that starts matching is ADDED, one that stops matching is DELETED', async () => {
    const w = await t.watch(CM, { labelSelector: 'app=web', resourceVersion: String(await t.store.currentRevision()) });
    await t.request('POST', CM, { body: fixtures.configMap('x', {}, { app: 'db' }) });
    await t.request('PUT', `${CM}/x`, { body: fixtures.configMap('x', {}, { app: 'web' }) });
    await t.request('PUT', `${CM}/x`, { body: fixtures.configMap('x', { k: 'v' }, { app: 'web' }) });
    await t.request('PUT', `${CM}/x`, { body: fixtures.configMap('x', { k: 'v' }, { app: 'db' }) });
    await t.request('DELETE', `${CM}/x`);
    const events = await w.waitFor(3);
    await new Promise((r) => setTimeout(r, 20));
    expect(summary(w.events)).toEqual(['ADDED x', 'MODIFIED x', 'DELETED x']);
    expect(events[2].object.metadata.labels).toEqual({ app: 'db' });
  });

  it('a single object by fieldSelector metadata.name, or by name on the URL', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('a') });
    await t.request('POST', CM, { body: fixtures.configMap('b') });
    const bySelector = await t.watch(CM, { fieldSelector: 'metadata.name=b' });
    const byName = await t.watch(`${CM}/b`);
    await t.request('PUT', `${CM}/a`, { body: fixtures.configMap('a', { k: '1' }) });
    await t.request('PUT', `${CM}/b`, { body: fixtures.configMap('b', { k: '1' }) });
    expect(summary(await bySelector.waitFor(2))).toEqual(['ADDED b', 'MODIFIED b']);
    expect(summary(await byName.waitFor(2))).toEqual(['ADDED b', 'MODIFIED b']);
  });

  it('from a compacted resourceVersion: an ERROR event with a 410 Expired Status, then the end', async () => {
    const a = (await t.request('POST', CM, { body: fixtures.configMap('a') })).body;
    await t.request('POST', CM, { body: fixtures.configMap('b') });
    await t.request('POST', CM, { body: fixtures.configMap('c') });
    await t.store.compact(await t.store.currentRevision());
    const w = await t.watch(CM, { resourceVersion: a.metadata.resourceVersion });
    await w.waitForEnd();
    expect(w.events).toHaveLength(1);
    expect(w.events[0].type).toBe('ERROR');
    expect(w.events[0].object).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired' });
    expect(w.events[0].object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('sendInitialEvents: ADDED for each object, a BOOKMARK marking the end, then live events', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('a') });
    await t.request('POST', CM, { body: fixtures.configMap('b') });
    const rv = await t.store.currentRevision();
    const w = await t.watch(CM, { sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: 'true' });
    await w.waitFor(3);
    await t.request('POST', CM, { body: fixtures.configMap('c') });
    const events = await w.waitFor(4);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'BOOKMARK', 'ADDED']);
    expect(events[2].object).toEqual({
      kind: 'ConfigMap', apiVersion: 'v1',
      metadata: { resourceVersion: String(rv), annotations: { 'k8s.io/initial-events-end': 'true' } },
    });
    expect(events[3].object.metadata.name).toBe('c');
  });

  it('sendInitialEvents=false with NotOlderThan starts at the current revision without replaying history', async () => {
    await t.request('POST', CM, { body: fixtures.configMap('a') });
    const w = await t.watch(CM, { sendInitialEvents: 'false', resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: 'true' });
    await t.request('POST', CM, { body: fixtures.configMap('b') });
    expect(summary(await w.waitFor(1))).toEqual(['ADDED b']);
    await new Promise((r) => setTimeout(r, 20));
    expect(w.events).toHaveLength(1);
  });

  it('422 for sendInitialEvents without resourceVersionMatch=NotOlderThan, and for a match without it', async () => {
    const noMatch = await t.request('GET', CM, { query: { watch: 'true', sendInitialEvents: 'true', allowWatchBookmarks: 'true' } });
    expect(noMatch.status).toBe(422);
    expect(noMatch.body).toMatchObject({
      reason: 'Invalid',
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
    });
    const matchOnly = await t.request('GET', CM, { query: { watch: 'true', resourceVersionMatch: 'NotOlderThan' } });
    expect(matchOnly.status).toBe(422);
    expect(matchOnly.body.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
    );
  });

  it('504 Too large resource version for a watch from the future', async () => {
    const current = await t.store.currentRevision();
    const res = await t.request('GET', CM, { query: { watch: 'true', resourceVersion: String(current + 100) } });
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ reason: 'Timeout', message: `Too large resource version: ${current + 100}, current: ${current}` });
  });

  it('a namespaced watch sees only its namespace; an all-namespaces watch sees every one', async () => {
    const dev = await t.watch(CM, { resourceVersion: String(await t.store.currentRevision()) });
    const all = await t.watch('/api/v1/configmaps', { resourceVersion: String(await t.store.currentRevision()) });
    await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: fixtures.configMap('elsewhere') });
    await t.request('POST', CM, { body: fixtures.configMap('here') });
    expect(summary(await all.waitFor(2))).toEqual(['ADDED elsewhere', 'ADDED here']);
    expect(summary(await dev.waitFor(1))).toEqual(['ADDED here']);
  });

  it('timeoutSeconds ends the stream', async () => {
    const w = await t.watch(CM, { timeoutSeconds: '1' });
    expect(w.ended).toBe(false);
    await w.waitForEnd(3000);
    expect(w.ended).toBe(true);
  });

  it('a stopped watch receives nothing more', async () => {
    const w = await t.watch(CM);
    w.stop();
    await t.request('POST', CM, { body: fixtures.configMap('a') });
    await new Promise((r) => setTimeout(r, 20));
    expect(w.events).toEqual([]);
  });

  it('the in-process client sees the same stream', async () => {
    const seen: string[] = [];
    const stop = await t.client.watch(refs.configmaps, 'dev', {}, (e) => seen.push(`${e.type} ${e.object.metadata.name}`), () => {});
    await t.client.create(refs.configmaps, 'dev', fixtures.configMap('a'));
    await new Promise((r) => setTimeout(r, 20));
    stop();
    expect(seen).toEqual(['ADDED a']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplyResponse, WatchEvent, ResourceRow, YamlResponse, DiffResponse } from '../../../shared/ipc/resource-types.js';
import { Cockpit } from '../cockpit.js';
import { Recorder, startCockpit, type CockpitFixture } from '../testing/cockpit-fixture.js';

let f: CockpitFixture;
beforeAll(async () => {
  f = await startCockpit(2);
}, 60_000);
afterAll(async () => f?.stop());

const deployment = (name: string, replicas: number, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
      - name: main
        image: busybox:1.36${extra}
`;

async function ok<T>(channel: string, request: unknown): Promise<T> {
  const env = await f.cockpit.call(channel, request);
  if (!env.ok) throw new Error(`${channel} failed: ${env.error.code}: ${env.error.message}`);
  return env.result as T;
}

describe('resources:apply', () => {
  it('creates several documents, then reports them unchanged, then configured', async () => {
    const text = `${deployment('alpha', 1)}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alpha-config\ndata:\n  a: "1"\n`;
    const first = await ok<ApplyResponse>('resources:apply', { yaml: text });
    expect(first.results.map((r) => [r.index, r.line, r.kind, r.name, r.namespace, r.action])).toEqual([
      [0, 1, 'Deployment', 'alpha', 'default', 'created'],
      [1, 17, 'ConfigMap', 'alpha-config', 'default', 'created'],
    ]);
    const again = await ok<ApplyResponse>('resources:apply', { yaml: text });
    expect(again.results.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
    const changed = await ok<ApplyResponse>('resources:apply', { yaml: text.replace('a: "1"', 'b: "2"') });
    expect(changed.results.map((r) => r.action)).toEqual(['unchanged', 'configured']);
    // Three-way: key "a" was in the last applied configuration and is gone now, so it is deleted.
    expect((changed.results[1].object as { data?: unknown }).data).toEqual({ b: '2' });
  });

  it('dry run validates and answers without storing anything', async () => {
    const res = await ok<ApplyResponse>('resources:apply', { yaml: deployment('dry', 2), dryRun: true });
    expect(res.results[0].action).toBe('created');
    const get = await f.cockpit.call('resources:get', { apiVersion: 'apps/v1', resource: 'deployments', namespace: 'default', name: 'dry' });
    expect(get).toMatchObject({ ok: false, error: { code: 'NotFound', status: 404 } });
  });

  it("reports the API server's error with its reason, field and line", async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n---\n${deployment('broken', -3)}`;
    const res = await ok<ApplyResponse>('resources:apply', { yaml: text });
    expect(res.ok).toBe(false);
    expect(res.results[0].action).toBe('created');
    const failed = res.results[1];
    expect(failed).toMatchObject({ index: 1, line: 6, kind: 'Deployment', name: 'broken', action: 'failed' });
    expect(failed.error?.reason).toBe('Invalid');
    expect(failed.error?.message).toContain('spec.replicas');
    const cause = failed.error!.causes.find((c) => c.field === 'spec.replicas')!;
    expect(cause).toBeDefined();
    // Line 6 is "apiVersion"; "replicas:" is the 6th line of the deployment document.
    expect(cause.line).toBe(11);
    expect(failed.error?.line).toBe(11);
  });

  it('reports YAML syntax errors and unknown kinds per document', async () => {
    const res = await ok<ApplyResponse>('resources:apply', { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n---\napiVersion: v1\nkind: Gizmo\nmetadata:\n  name: g\n' });
    expect(res.results[0]).toMatchObject({ action: 'failed', error: { reason: 'YAMLSyntax' } });
    expect(res.results[0].error!.line).toBeGreaterThanOrEqual(4);
    expect(res.results[1]).toMatchObject({ action: 'failed', line: 6, error: { reason: 'NotFound' } });
    expect(res.results[1].error!.message).toContain('no kind "Gizmo"');
  });
});

describe('resources:yaml and resources:diff', () => {
  it('returns the live object as YAML, and the diff of an edit against it', async () => {
    await ok('resources:apply', { yaml: deployment('edited', 1) });
    const live = await ok<YamlResponse>('resources:yaml', { apiVersion: 'apps/v1', resource: 'deployments', namespace: 'default', name: 'edited' });
    expect(live.yaml).toContain('name: edited');
    expect(live.yaml).not.toContain('managedFields');
    expect(live.yaml).not.toContain('last-applied-configuration');
    const diff = await ok<DiffResponse>('resources:diff', { yaml: live.yaml.replace('replicas: 1', 'replicas: 4') });
    expect(diff.results[0].changed).toBe(true);
    expect(diff.results[0].live).toContain('replicas: 1');
    expect(diff.results[0].proposed).toContain('replicas: 4');
    // Editing the live YAML and applying it updates the object (its resourceVersion guards against lost updates).
    const applied = await ok<ApplyResponse>('resources:apply', { yaml: live.yaml.replace('replicas: 1', 'replicas: 4') });
    expect(applied.results[0].action).toBe('configured');
    const after = await ok<YamlResponse>('resources:yaml', { apiVersion: 'apps/v1', resource: 'deployments', namespace: 'default', name: 'edited' });
    expect((await ok<DiffResponse>('resources:diff', { yaml: after.yaml })).results[0].changed).toBe(false);
    const stale = await ok<ApplyResponse>('resources:apply', { yaml: live.yaml.replace('replicas: 1', 'replicas: 5') });
    expect(stale.results[0]).toMatchObject({ action: 'failed', error: { reason: 'Conflict' } });
  });
});

describe('resources:watch', () => {
  it('sends the list first, then batched changes, as rows', async () => {
    const rec = new Recorder<WatchEvent>();
    const stop = f.cockpit.subscribe('resources:watch', { apiVersion: 'v1', resource: 'configmaps', namespace: 'watched', view: 'row' }, rec);
    await ok('resources:apply', { yaml: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: watched\n' });
    const sync = await rec.waitFor((e) => e.type === 'sync', 'the initial sync');
    expect(sync.type === 'sync' && Array.isArray(sync.items)).toBe(true);
    await ok('resources:apply', { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n  namespace: watched\ndata: {k: v}\n' });
    const added = await rec.waitFor((e) => e.type === 'changes' && e.changes.some((c) => c.type === 'ADDED' && (c.object as ResourceRow).name === 'one'), 'ADDED one');
    const row = (added as Extract<WatchEvent, { type: 'changes' }>).changes.find((c) => (c.object as ResourceRow).name === 'one')!.object as ResourceRow;
    expect(row).toMatchObject({ name: 'one', namespace: 'watched', cells: { keys: 1 } });
    expect(row.uid).toMatch(/[0-9a-f-]{36}/);
    await ok('resources:delete', { apiVersion: 'v1', resource: 'configmaps', namespace: 'watched', name: 'one' });
    await rec.waitFor((e) => e.type === 'changes' && e.changes.some((c) => c.type === 'DELETED' && (c.object as ResourceRow).name === 'one'), 'DELETED one');
    stop();
  });

  it('coalesces a burst of changes to one object into one change', async () => {
    await ok('resources:apply', { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: burst\ndata: {n: "0"}\n' });
    // A window long enough that ten quick writes surely fall into one or two batches.
    const slow = new Cockpit({ ...f.cockpit.context, watchBatchMs: 1000 });
    const rec = new Recorder<WatchEvent>();
    const stop = slow.subscribe('resources:watch', { apiVersion: 'v1', resource: 'configmaps', namespace: 'default', fieldSelector: 'metadata.name=burst' }, rec);
    await rec.waitFor((e) => e.type === 'sync', 'the initial sync');
    const ref = { apiVersion: 'v1', resource: 'configmaps' };
    for (let i = 0; i < 10; i++) await f.env.cluster.client.patch(ref, 'default', 'burst', { data: { [`k${i}`]: 'x' } }, 'merge');
    await rec.waitFor((e) => e.type === 'changes' && e.changes.some((c) => Object.keys((c.object as { data?: object }).data ?? {}).length === 11), 'the last state');
    const changes = rec.events.flatMap((e) => (e.type === 'changes' ? e.changes : []));
    expect(changes.length).toBeLessThanOrEqual(2);
    expect(new Set(changes.map((c) => c.type))).toEqual(new Set(['MODIFIED']));
    stop();
  });

  it('closes with the API server error for an unknown resource', async () => {
    const rec = new Recorder<WatchEvent>();
    f.cockpit.subscribe('resources:watch', { apiVersion: 'v1', resource: 'gizmos' }, rec);
    const end = await rec.waitForEnd();
    expect(end.error).toMatchObject({ code: 'NotFound', status: 404 });
  });

  it('refuses a malformed request with BadRequest', async () => {
    const rec = new Recorder<WatchEvent>();
    f.cockpit.subscribe('resources:watch', { apiVersion: 'v1' }, rec);
    expect((await rec.waitForEnd()).error).toEqual({ code: 'BadRequest', message: 'resources:watch: request.resource: required' });
  });
});

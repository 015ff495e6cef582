import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object.js';
import type { ImagePullsEvent } from '../../../shared/ipc/stream-types.js';
import { Recorder, startCockpit, type CockpitFixture } from '../testing/cockpit-fixture.js';

let f: CockpitFixture;
beforeAll(async () => {
  f = await startCockpit(1);
}, 60_000);
afterAll(async () => f?.stop());

describe('images:pulls', () => {
  it("reports a pod's image pull on the cluster's node from start to end", async () => {
    const rec = new Recorder<ImagePullsEvent>();
    const stop = f.cockpit.subscribe('images:pulls', { namespace: 'pulls' }, rec);
    await rec.waitFor((e) => e.type === 'snapshot', 'the snapshot');
    const pods = { apiVersion: 'v1', resource: 'pods' };
    await f.env.cluster.client.create({ apiVersion: 'v1', resource: 'namespaces' }, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pulls' } });
    await f.env.cluster.client.create(pods, 'pulls', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fresh', namespace: 'pulls' },
      spec: { containers: [{ name: 'c', image: 'example.com/fresh:1', imagePullPolicy: 'Always' }] },
    } as KubeObject);
    const done = await rec.waitFor((e) => e.type === 'pull' && e.pull.state === 'done', 'the finished pull');
    expect(done).toMatchObject({ type: 'pull', pull: { node: 'sim-0', image: 'example.com/fresh:1', pods: ['pulls/fresh'] } });
    const pull = (done as Extract<ImagePullsEvent, { type: 'pull' }>).pull;
    expect(pull.total).toBeGreaterThan(0);
    expect(pull.current).toBe(pull.total);
    expect(rec.events.some((e) => e.type === 'pull' && e.pull.state === 'pulling')).toBe(true);
    stop();
  });

  it('leaves out other namespaces', async () => {
    const rec = new Recorder<ImagePullsEvent>();
    const stop = f.cockpit.subscribe('images:pulls', { namespace: 'elsewhere' }, rec);
    await f.env.cluster.client.create({ apiVersion: 'v1', resource: 'pods' }, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'example.com/other:1', imagePullPolicy: 'Always' }] },
    } as KubeObject);
    const all = new Recorder<ImagePullsEvent>();
    const stopAll = f.cockpit.subscribe('images:pulls', {}, all);
    await f.env.cluster.client.create({ apiVersion: 'v1', resource: 'pods' }, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other2', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'example.com/other:2', imagePullPolicy: 'Always' }] },
    } as KubeObject);
    await all.waitFor((e) => e.type === 'pull' && e.pull.image === 'example.com/other:2' && e.pull.state === 'done', 'the default-namespace pull');
    expect(rec.events.filter((e) => e.type === 'pull')).toEqual([]);
    stop();
    stopAll();
  });
});

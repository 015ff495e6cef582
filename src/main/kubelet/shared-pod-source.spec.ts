/** One pod informer dispatching by spec.nodeName, against a real in-process cluster. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from './api-types.js';
import { PODS, type PodEventHandlers } from './pod-source.js';
import { SharedPodSource } from './shared-pod-source.js';
import { createBoundPod, startTestCluster, waitFor, type TestCluster } from './testing/harness.js';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(() => t.close());

function recorder(): PodEventHandlers & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    onAdd: (p: Pod) => log.push(`add ${p.metadata.name}`),
    onUpdate: (_o: Pod, n: Pod) => log.push(`update ${n.metadata.name}`),
    onDelete: (p: Pod) => log.push(`delete ${p.metadata.name}`),
  };
}

describe('SharedPodSource', () => {
  it('delivers each node only its own pods, replays existing pods to late subscribers, and reports bindings as adds', async () => {
    await createBoundPod(t.client, 'early', 'src-a');
    const source = new SharedPodSource(t.client);
    const a = recorder();
    const subA = source.subscribe('src-a', a);
    await subA.synced();
    expect(a.log).toEqual(['add early']);

    const b = recorder();
    const subB = source.subscribe('src-b', b);
    await subB.synced();
    expect(b.log).toEqual([]);
    expect(() => source.subscribe('src-b', recorder())).toThrow(/already has a subscriber/);

    await t.client.create(PODS, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'later' }, spec: { containers: [{ name: 'c', image: 'x:1' }] } });
    await new Promise((r) => setTimeout(r, 50));
    expect(b.log).toEqual([]); // unbound pods reach nobody
    await t.client.createSubresource(PODS, 'default', 'later', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'later' }, target: { kind: 'Node', name: 'src-b' } });
    await waitFor('add later on b', () => b.log.includes('add later'));
    await t.client.patch(PODS, 'default', 'later', { metadata: { labels: { x: 'y' } } });
    await waitFor('update later on b', () => b.log.includes('update later'));
    await t.client.delete(PODS, 'default', 'later', { gracePeriodSeconds: 0 });
    await waitFor('delete later on b', () => b.log.includes('delete later'));
    expect(a.log).toEqual(['add early']);
    expect(subA.list().map((p) => p.metadata.name)).toEqual(['early']);
    expect(subB.list()).toEqual([]);

    subA.close();
    const a2 = recorder();
    const again = source.subscribe('src-a', a2);
    await again.synced();
    expect(a2.log).toEqual(['add early']);
    expect(source.stats()).toMatchObject({ subscribers: 2 });
    source.stop();
  });
});

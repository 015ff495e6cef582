import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClientError } from '../client/api-client.js';
import type { KubeObject } from '../../shared/api/object.js';
import { NODES, PODS, type Pod } from './api-types.js';
import { SCORE_ANNOTATION } from './binder.js';
import type { PodSchedulingDecision } from './decision-view.js';
import { eventually, startSchedulerCluster, type SchedulerTestCluster } from './testing/cluster.js';
import { seededRandom } from './testing/fixtures.js';

const DECISIONS = { apiVersion: 'scheduling.pilothouse.dev/v1', resource: 'podschedulingdecisions' };
const EVENTS = { apiVersion: 'v1', resource: 'events' };

interface Event extends KubeObject {
  reason: string;
  type: string;
  message: string;
  involvedObject: { name: string };
  source: { component: string };
}

let t: SchedulerTestCluster;

beforeEach(async () => {
  t = await startSchedulerCluster({ random: seededRandom(3), podInitialBackoffMs: 50, podMaxBackoffMs: 200, backoffFlushIntervalMs: 25 });
  for (let i = 1; i <= 5; i++) await t.createNode(`node-${i}`, { cpu: '4', memory: '8Gi' });
});

afterEach(async () => {
  await t.dispose();
});

const nodeOf = (pod: Pod) => pod.spec?.nodeName;

async function waitScheduled(names: string[]): Promise<Pod[]> {
  return eventually(async () => {
    const pods = await Promise.all(names.map((n) => t.getPod(n)));
    return pods.every(nodeOf) ? pods : undefined;
  }, `pods ${names.join(', ')} to be scheduled`);
}

async function eventsFor(name: string, reason: string): Promise<Event[]> {
  const list = await t.cluster.client.list<Event>(EVENTS, 'default', { fieldSelector: `involvedObject.name=${name}` });
  return list.items.filter((e) => e.reason === reason);
}

describe('Scheduler (in-process cluster)', () => {
  it('spreads equal pods over equal nodes (least allocated) and binds through pods/binding', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `web-${i}`);
    for (const n of names) await t.createPod(n, { cpu: '500m', memory: '512Mi' });
    const pods = await waitScheduled(names);
    const perNode = new Map<string, number>();
    for (const p of pods) perNode.set(nodeOf(p)!, (perNode.get(nodeOf(p)!) ?? 0) + 1);
    expect([...perNode.values()]).toEqual([2, 2, 2, 2, 2]);

    for (const p of pods) {
      expect(p.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
      expect(Number(p.metadata.annotations?.[SCORE_ANNOTATION])).toBeGreaterThan(0);
    }
    const scheduled = await eventually(async () => {
      const events = await eventsFor('web-0', 'Scheduled');
      return events.length > 0 ? events : undefined;
    }, 'a Scheduled event');
    expect(scheduled[0]).toMatchObject({ type: 'Normal', message: `Successfully assigned default/web-0 to ${nodeOf(pods[0])}`, source: { component: 'default-scheduler' } });
    expect(t.scheduler.stats()).toMatchObject({ scheduled: 10, unschedulable: 0, errors: 0 });
  });

  it('reports a pod that fits nowhere like upstream, then schedules it when a big enough node joins', async () => {
    await t.createPod('huge', { cpu: '16' });
    const message =
      '0/5 nodes are available: 5 Insufficient cpu. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.';
    const condition = await eventually(async () => {
      const c = (await t.getPod('huge')).status?.conditions?.find((x) => x.type === 'PodScheduled');
      return c?.status === 'False' ? c : undefined;
    }, 'PodScheduled=False');
    expect(condition).toMatchObject({ reason: 'Unschedulable', message });
    const failed = await eventually(async () => {
      const events = await eventsFor('huge', 'FailedScheduling');
      return events.length > 0 ? events : undefined;
    }, 'a FailedScheduling event');
    expect(failed[0]).toMatchObject({ type: 'Warning', message });
    expect(t.scheduler.queue.where((await t.getPod('huge')).metadata.uid!)).toBe('unschedulable');

    await t.createNode('big', { cpu: '32', memory: '64Gi' });
    const [pod] = await waitScheduled(['huge']);
    expect(nodeOf(pod)).toBe('big');
    expect(pod.status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'True' });
  });

  it('puts no new pods on a cordoned node', async () => {
    await t.cluster.client.patch(NODES, undefined, 'node-3', { spec: { unschedulable: true } }, 'merge');
    await eventually(() => t.scheduler.cache.getNode('node-3')?.unschedulable, 'the cordon to reach the scheduler');
    const names = Array.from({ length: 8 }, (_, i) => `job-${i}`);
    for (const n of names) await t.createPod(n, { cpu: '250m' });
    const pods = await waitScheduled(names);
    expect(pods.filter((p) => nodeOf(p) === 'node-3')).toEqual([]);
    expect(new Set(pods.map(nodeOf)).size).toBe(4);
  });

  it('serves each pod\'s decision through the API server', async () => {
    await t.cluster.client.patch(NODES, undefined, 'node-2', { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } }, 'merge');
    await t.cluster.client.patch(NODES, undefined, 'node-4', { spec: { unschedulable: true } }, 'merge');
    await eventually(() => t.scheduler.cache.getNode('node-4')?.unschedulable, 'the node updates to reach the scheduler');
    const created = await t.createPod('api', { cpu: '1', memory: '1Gi' });
    const [pod] = await waitScheduled(['api']);

    const d = await t.cluster.client.get<PodSchedulingDecision & KubeObject>(DECISIONS, 'default', 'api');
    expect(d).toMatchObject({
      kind: 'PodSchedulingDecision',
      apiVersion: 'scheduling.pilothouse.dev/v1',
      metadata: { name: 'api', namespace: 'default', uid: created.metadata.uid },
      decision: { result: 'Scheduled', selectedNode: nodeOf(pod), nodesTotal: 5, nodesEvaluated: 5, nodesFeasible: 3, scored: true, attempts: 1 },
    });
    const byName = new Map(d.decision.nodes.map((n) => [n.name, n]));
    expect(byName.get('node-2')!.filter).toEqual({ result: 'UnschedulableAndUnresolvable', plugin: 'TaintToleration', reasons: ['node(s) had untolerated taint {dedicated: db}'] });
    expect(byName.get('node-4')!.filter).toEqual({ result: 'UnschedulableAndUnresolvable', plugin: 'NodeUnschedulable', reasons: ['node(s) were unschedulable'] });
    const chosen = d.decision.nodes[0];
    expect(chosen).toMatchObject({ name: nodeOf(pod), selected: true, filter: { result: 'Passed' } });
    expect(chosen.scores!.map((s) => s.plugin)).toEqual(['TaintToleration', 'NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'ImageLocality']);
    expect(chosen.totalScore).toBe(chosen.scores!.reduce((sum, s) => sum + s.weighted, 0));
    expect(d.decision.selectedNodeScore).toBe(chosen.totalScore);
    expect(pod.metadata.annotations?.[SCORE_ANNOTATION]).toBe(String(chosen.totalScore));

    const list = await t.cluster.client.list(DECISIONS, 'default');
    expect(list.items.map((i) => i.metadata.name)).toContain('api');

    const missing = await t.cluster.client.get(DECISIONS, 'default', 'nope').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiClientError);
    expect((missing as ApiClientError).status).toMatchObject({ kind: 'Status', code: 404, reason: 'NotFound' });
  });

  it('forgets the assumption and retries when the API server rejects a binding', async () => {
    let rejections = 0;
    t.cluster.apiServer.addHandler(async (req) => {
      if (req.method !== 'POST' || !req.path.endsWith('/pods/flaky/binding') || rejections > 0) return undefined;
      rejections++;
      return { status: 500, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'InternalError', code: 500, message: 'etcd hiccup' } };
    });
    await t.createPod('flaky', { cpu: '1' });
    const [pod] = await waitScheduled(['flaky']);
    const failed = await eventually(async () => {
      const events = await eventsFor('flaky', 'FailedScheduling');
      return events.length > 0 ? events : undefined;
    }, 'a FailedScheduling event for the rejected binding');
    expect(failed[0].message).toBe('binding rejected: running Bind plugin "DefaultBinder": etcd hiccup');
    expect(t.scheduler.stats()).toMatchObject({ scheduled: 1, bindingFailures: 1 });
    const cpuInUse = [1, 2, 3, 4, 5].map((i) => t.scheduler.cache.getNode(`node-${i}`)!.requested.milliCPU);
    expect(cpuInUse.reduce((a, b) => a + b)).toBe(1000); // counted once, on the node it is bound to
    expect(t.scheduler.cache.getNode(nodeOf(pod)!)!.requested.milliCPU).toBe(1000);
    expect(t.scheduler.decisions.get('default', 'flaky')).toMatchObject({ outcome: 'Scheduled', attempts: 2 });
  });

  it('leaves pods of other schedulers, pods with a node and pods being deleted alone', async () => {
    await t.createPod('other', { schedulerName: 'my-scheduler' });
    await t.createPod('pinned', { nodeName: 'node-5' });
    await t.createPod('mine');
    await waitScheduled(['mine']);
    expect(nodeOf(await t.getPod('other'))).toBeUndefined();
    expect(nodeOf(await t.getPod('pinned'))).toBe('node-5');
    expect(t.scheduler.decisions.get('default', 'other')).toBeUndefined();
    expect(t.scheduler.decisions.get('default', 'pinned')).toBeUndefined();
    // the pinned pod counts on its node
    expect(t.scheduler.cache.getNode('node-5')!.pods.size).toBeGreaterThanOrEqual(1);
    await t.cluster.client.delete(PODS, 'default', 'other');
  });
});

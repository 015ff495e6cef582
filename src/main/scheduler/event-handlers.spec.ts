import { describe, expect, it } from 'vitest';
import { ManualClock } from '../apiserver/testing/in-process-server.js';
import { SchedulerCache } from './cache/scheduler-cache.js';
import { isPendingFor, isSchedulingRelevantNodeChange, nodeHandlers, podHandlers } from './event-handlers.js';
import { newPodInfo } from './framework/pod-info.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';
import { makeNode, makePod } from './testing/fixtures.js';

function setup() {
  const cache = new SchedulerCache();
  const queue = new SchedulingQueue({ clock: new ManualClock() });
  const targets = { cache, queue, schedulerName: 'default-scheduler' };
  return { cache, queue, pods: podHandlers(targets), nodes: nodeHandlers(targets) };
}

describe('event handlers', () => {
  it('queues only unassigned pods of this scheduler that are not being deleted or finished', () => {
    expect(isPendingFor(makePod('p'), 'default-scheduler')).toBe(true);
    expect(isPendingFor(makePod('p', { schedulerName: 'other' }), 'default-scheduler')).toBe(false);
    expect(isPendingFor(makePod('p', { nodeName: 'n' }), 'default-scheduler')).toBe(false);
    const deleting = makePod('p');
    deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(isPendingFor(deleting, 'default-scheduler')).toBe(false);
    const done = makePod('p');
    done.status = { phase: 'Succeeded' };
    expect(isPendingFor(done, 'default-scheduler')).toBe(false);
  });

  it('puts assigned pods in the cache and frees their node when they finish or go', () => {
    const { cache, queue, pods, nodes } = setup();
    nodes.onAdd!(makeNode('n'));
    const running = makePod('a', { cpu: '1', nodeName: 'n' });
    pods.onAdd!(running);
    expect(cache.getNode('n')!.requested.milliCPU).toBe(1000);

    pods.onAdd!(makePod('parked'));
    const q = queue.tryPop()!;
    queue.requeue(q.podInfo.uid, 'unschedulable', queue.cycle);
    pods.onUpdate!(running, { ...running, status: { phase: 'Succeeded' } });
    expect(cache.getNode('n')!.requested.milliCPU).toBe(0);
    expect(queue.where('uid-default-parked')).not.toBe('unschedulable'); // moved by the freed node
  });

  it('removes a pod from the queue when it is deleted or bound elsewhere, and ignores updates of pods being bound', () => {
    const { cache, queue, pods, nodes } = setup();
    nodes.onAdd!(makeNode('n'));
    const pod = makePod('p');
    pods.onAdd!(pod);
    const q = queue.tryPop()!;
    cache.assumePod(q.podInfo, 'n');
    pods.onUpdate!(pod, { ...pod, metadata: { ...pod.metadata, labels: { a: 'b' } } });
    expect(queue.where(q.podInfo.uid)).toBe('inFlight');
    pods.onUpdate!(pod, makePod('p', { nodeName: 'n' }));
    expect(queue.where(q.podInfo.uid)).toBeUndefined();
    expect(cache.isAssumed(q.podInfo.uid)).toBe(false);
    expect(cache.getNode('n')!.pods.size).toBe(1);

    pods.onAdd!(makePod('q'));
    pods.onDelete!(makePod('q'));
    expect(queue.where('uid-default-q')).toBeUndefined();
  });

  it('retries parked pods on node changes that filters read, not on heartbeats', () => {
    const node = makeNode('n');
    const heartbeat = { ...node, status: { ...node.status, conditions: [{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'False' }] } };
    expect(isSchedulingRelevantNodeChange(node, heartbeat)).toBe(false);
    expect(isSchedulingRelevantNodeChange(node, makeNode('n', { labels: { zone: 'a' } }))).toBe(true);
    expect(isSchedulingRelevantNodeChange(node, makeNode('n', { unschedulable: true }))).toBe(true);
    expect(isSchedulingRelevantNodeChange(node, makeNode('n', { cpu: '8' }))).toBe(true);

    const { queue, pods, nodes } = setup();
    nodes.onAdd!(node);
    pods.onAdd!(makePod('p'));
    const q = queue.tryPop()!;
    queue.requeue(q.podInfo.uid, 'unschedulable', queue.cycle);
    nodes.onUpdate!(node, heartbeat);
    expect(queue.where(q.podInfo.uid)).toBe('unschedulable');
    nodes.onAdd!(makeNode('m'));
    expect(queue.where(q.podInfo.uid)).toBe('backoff');
    expect(newPodInfo(makePod('p')).uid).toBe(q.podInfo.uid);
  });
});

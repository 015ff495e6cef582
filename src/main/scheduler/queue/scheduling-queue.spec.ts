import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../apiserver/testing/in-process-server.js';
import { newPodInfo } from '../framework/pod-info.js';
import { makePod, podInfo } from '../testing/fixtures.js';
import { SchedulingQueue } from './scheduling-queue.js';

function setup() {
  const clock = new ManualClock();
  const queue = new SchedulingQueue({ clock });
  return { clock, queue };
}

/** Pops the pod and reports it unschedulable in that cycle. */
function failOnce(queue: SchedulingQueue, reason: 'unschedulable' | 'error' = 'unschedulable') {
  const q = queue.tryPop()!;
  queue.requeue(q.podInfo.uid, reason, queue.cycle);
  return q;
}

describe('SchedulingQueue', () => {
  it('pops by priority, then by arrival', () => {
    const { clock, queue } = setup();
    queue.add(podInfo('low', { priority: 0 }));
    clock.advance(1);
    queue.add(podInfo('high', { priority: 100 }));
    clock.advance(1);
    queue.add(podInfo('low-later', { priority: 0 }));
    expect([queue.tryPop(), queue.tryPop(), queue.tryPop()].map((q) => q!.podInfo.pod.metadata.name)).toEqual(['high', 'low', 'low-later']);
    expect(queue.counts()).toEqual({ active: 0, backoff: 0, unschedulable: 0, inFlight: 3 });
  });

  it('backs off 1 s, doubling per attempt up to 10 s', () => {
    const { queue } = setup();
    expect([1, 2, 3, 4, 5, 6].map((a) => queue.backoffDuration(a))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('parks an unschedulable pod until a cluster event, then waits out its backoff', () => {
    const { clock, queue } = setup();
    queue.add(podInfo('p'));
    failOnce(queue);
    expect(queue.where('uid-default-p')).toBe('unschedulable');
    queue.flushBackoffCompleted();
    expect(queue.tryPop()).toBeUndefined();

    queue.moveAll(); // e.g. a node was added, within the 1 s backoff
    expect(queue.where('uid-default-p')).toBe('backoff');
    clock.advance(0.5);
    queue.flushBackoffCompleted();
    expect(queue.where('uid-default-p')).toBe('backoff');
    clock.advance(0.5);
    queue.flushBackoffCompleted();
    expect(queue.tryPop()!.attempts).toBe(2);
  });

  it('moves a parked pod straight to active when its backoff is over', () => {
    const { clock, queue } = setup();
    queue.add(podInfo('p'));
    failOnce(queue);
    clock.advance(5);
    queue.moveAll();
    expect(queue.where('uid-default-p')).toBe('active');
  });

  it('sends a pod whose attempt overlapped a cluster event to backoff, not to the parked pods', () => {
    const { queue } = setup();
    queue.add(podInfo('p'));
    const q = queue.tryPop()!;
    queue.moveAll(); // the event arrives while the pod is being scheduled
    queue.requeue(q.podInfo.uid, 'unschedulable', queue.cycle);
    expect(queue.where('uid-default-p')).toBe('backoff');
  });

  it('retries errors with backoff', () => {
    const { clock, queue } = setup();
    queue.add(podInfo('p'));
    failOnce(queue, 'error');
    expect(queue.where('uid-default-p')).toBe('backoff');
    clock.advance(1);
    queue.flushBackoffCompleted();
    expect(queue.where('uid-default-p')).toBe('active');
  });

  it('retries parked pods after 5 minutes without a helpful event', () => {
    const { clock, queue } = setup();
    queue.add(podInfo('p'));
    failOnce(queue);
    clock.advance(299);
    queue.flushUnschedulableLeftover();
    expect(queue.where('uid-default-p')).toBe('unschedulable');
    clock.advance(1);
    queue.flushUnschedulableLeftover();
    expect(queue.where('uid-default-p')).toBe('active');
  });

  it('retries a parked pod when its spec changes, not when only its status does', () => {
    const { clock, queue } = setup();
    const pod = makePod('p');
    queue.add(newPodInfo(pod));
    failOnce(queue);
    clock.advance(2);
    queue.update(newPodInfo({ ...pod, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] } }));
    expect(queue.where('uid-default-p')).toBe('unschedulable');
    queue.update(newPodInfo({ ...pod, spec: { ...pod.spec, tolerations: [{ operator: 'Exists' }] } }));
    expect(queue.where('uid-default-p')).toBe('active');
    expect(queue.tryPop()!.podInfo.pod.spec!.tolerations).toHaveLength(1);
  });

  it('holds gated pods until their gates are removed', () => {
    const { queue } = setup();
    const gated = makePod('p', { schedulingGates: ['wait'] });
    queue.add(newPodInfo(gated));
    queue.moveAll();
    expect(queue.where('uid-default-p')).toBe('unschedulable');
    queue.update(newPodInfo({ ...gated, spec: { ...gated.spec, schedulingGates: [] } }));
    expect(queue.where('uid-default-p')).toBe('active');
  });

  it('forgets deleted pods, also in flight', () => {
    const { queue } = setup();
    queue.add(podInfo('p'));
    const q = queue.tryPop()!;
    queue.delete(q.podInfo.uid);
    queue.requeue(q.podInfo.uid, 'unschedulable', queue.cycle);
    expect(queue.where('uid-default-p')).toBeUndefined();
  });

  it('wakes a waiting pop and ends it on close', async () => {
    const { queue } = setup();
    const popped = queue.pop();
    queue.add(podInfo('p'));
    expect((await popped)!.podInfo.key).toBe('default/p');
    const waiting = queue.pop();
    queue.close();
    expect(await waiting).toBeUndefined();
  });
});

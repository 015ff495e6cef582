import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../framework/pod-info.js';
import { makeNode, makePod, podInfo } from '../testing/fixtures.js';
import { SchedulerCache } from './scheduler-cache.js';

describe('SchedulerCache', () => {
  it('counts an assumed pod on its node until the binding is confirmed or forgotten', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('a'));
    const pod = podInfo('p', { cpu: '1', hostPorts: [{ port: 80 }] });
    cache.assumePod(pod, 'a');
    const node = cache.getNode('a')!;
    expect(node.requested.milliCPU).toBe(1000);
    expect(node.usedPorts.size).toBe(1);
    expect(cache.isAssumed(pod.uid)).toBe(true);

    expect(cache.forgetPod(pod.uid)).toBe(true);
    expect(node.requested.milliCPU).toBe(0);
    expect(node.usedPorts.size).toBe(0);
    expect(node.nonZeroRequested.memory).toBe(0);
  });

  it('confirms an assumption when the informer reports the bound pod, without counting it twice', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('a'));
    const pod = podInfo('p', { cpu: '1' });
    cache.assumePod(pod, 'a');
    cache.addPod(newPodInfo(makePod('p', { cpu: '1', nodeName: 'a' })), 'a');
    expect(cache.isAssumed(pod.uid)).toBe(false);
    expect(cache.forgetPod(pod.uid)).toBe(false);
    expect(cache.getNode('a')!.requested.milliCPU).toBe(1000);
    expect(cache.getNode('a')!.pods.size).toBe(1);
  });

  it('keeps pods of a deleted node until they go, and lists only nodes that exist', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('a'));
    cache.setNode(makeNode('b'));
    cache.addPod(podInfo('p', { nodeName: 'a' }), 'a');
    cache.removeNode('a');
    expect(cache.nodeList().map((n) => n.name)).toEqual(['b']);
    expect(cache.getNode('a')!.pods.size).toBe(1);
    cache.setNode(makeNode('a', { cpu: '2' }));
    expect(cache.nodeList().map((n) => n.name)).toEqual(['a', 'b']);
    expect(cache.getNode('a')!.pods.size).toBe(1);
    cache.removeNode('a');
    cache.removePod('uid-default-p');
    expect(cache.getNode('a')).toBeUndefined();
  });

  it('tracks which nodes have which images', () => {
    const cache = new SchedulerCache();
    const image = { names: ['img:1'], sizeBytes: 100 };
    cache.setNode(makeNode('a', { images: [image] }));
    cache.setNode(makeNode('b', { images: [image] }));
    expect(cache.getNode('a')!.imageStates.get('img:1')!.nodes.size).toBe(2);
    cache.setNode(makeNode('b'));
    expect(cache.getNode('a')!.imageStates.get('img:1')!.nodes.size).toBe(1);
    cache.removeNode('a');
    expect(cache.getNode('b')!.imageStates.size).toBe(0);
  });

  it('refuses to assume a pod it already has (a bug in the caller)', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('a'));
    cache.assumePod(podInfo('p'), 'a');
    expect(() => cache.assumePod(podInfo('p'), 'a')).toThrow(/already in the scheduler cache/);
  });
});

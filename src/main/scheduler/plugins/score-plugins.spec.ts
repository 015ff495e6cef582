import { describe, expect, it } from 'vitest';
import { SchedulerCache } from '../cache/scheduler-cache.js';
import { makeNode, makeNodeInfo, makePod, podInfo } from '../testing/fixtures.js';
import { balancedAllocationScore, balancedScore } from './balanced-allocation.js';
import { imageScore, MAX_CONTAINER_THRESHOLD, MIN_THRESHOLD, sumImageScores } from './image-locality.js';

const MB = 1024 * 1024;

describe('NodeResourcesBalancedAllocation', () => {
  it('is (1 - |cpu share - memory share| / 2) * 100 for two resources', () => {
    expect(balancedScore([2000, 4 * 1024], [4000, 8 * 1024])).toBe(100);
    expect(balancedScore([3000, 1024], [4000, 8192])).toBe(68); // shares 0.75 and 0.125 -> std 0.3125
    expect(balancedScore([5000, 0], [4000, 8192])).toBe(50); // shares capped at 1
  });

  it('uses the standard deviation for more resources and ignores resources the node lacks', () => {
    expect(balancedScore([1, 1, 1], [2, 2, 2])).toBe(100);
    expect(balancedScore([1, 1], [2, 0])).toBe(100);
  });

  it('counts the node\'s requests plus the pod\'s actual requests', () => {
    const node = makeNodeInfo(makeNode('n', { cpu: '4', memory: '8Gi' }), [makePod('a', { cpu: '1', memory: '1Gi', nodeName: 'n' })]);
    // cpu (1+1)/4 = 0.5, memory (1+3)/8 = 0.5
    expect(balancedAllocationScore(podInfo('p', { cpu: '1', memory: '3Gi' }).requests, node)).toBe(100);
  });
});

describe('ImageLocality', () => {
  it('maps summed image bytes between 23 MB and 1000 MB per container to 0..100', () => {
    expect(imageScore(0, 1)).toBe(0);
    expect(imageScore(MIN_THRESHOLD, 1)).toBe(0);
    expect(imageScore(MAX_CONTAINER_THRESHOLD, 1)).toBe(100);
    expect(imageScore(2 * MAX_CONTAINER_THRESHOLD, 1)).toBe(100);
    expect(imageScore(500 * MB, 2)).toBe(24); // (500-23)/(2000-23)
  });

  it('spreads an image\'s size over the share of nodes that have it', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('a', { images: [{ names: ['registry.local/big:1', 'sha-big'], sizeBytes: 800 * MB }] }));
    cache.setNode(makeNode('b', { images: [{ names: ['registry.local/big:1'], sizeBytes: 800 * MB }] }));
    cache.setNode(makeNode('c'));
    cache.setNode(makeNode('d'));
    const pod = podInfo('p', { image: 'registry.local/big:1' });
    expect(sumImageScores(pod.images, cache.getNode('a')!.imageStates, 4)).toBe(400 * MB);
    expect(sumImageScores(pod.images, cache.getNode('c')!.imageStates, 4)).toBe(0);
  });

  it('adds :latest to untagged image names, like upstream', () => {
    expect(podInfo('p', { image: 'nginx' }).images).toEqual(['nginx:latest']);
    expect(podInfo('p', { image: 'localhost:5000/app' }).images).toEqual(['localhost:5000/app:latest']);
    expect(podInfo('p', { image: 'app@sha256:abc' }).images).toEqual(['app@sha256:abc']);
  });
});

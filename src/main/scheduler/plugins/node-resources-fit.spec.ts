import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../framework/pod-info.js';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, podRequests } from '../framework/resource.js';
import { makeNode, makeNodeInfo, makePod, podInfo } from '../testing/fixtures.js';
import { checkFit, insufficientResources, leastAllocatedScore, leastRequestedScore } from './node-resources-fit.js';

const Gi = 1024 ** 3;

describe('pod requests (upstream PodRequests)', () => {
  it('sums containers and takes the max with each init container', () => {
    const pod = makePod('p', {
      containers: [
        { name: 'c1', resources: { requests: { cpu: '2', memory: '1G' } } },
        { name: 'c2', resources: { requests: { cpu: '1', memory: '1G' } } },
      ],
      initContainers: [
        { name: 'i1', resources: { requests: { cpu: '2', memory: '1G' } } },
        { name: 'i2', resources: { requests: { cpu: '2', memory: '3G' } } },
      ],
    });
    const r = podRequests(pod.spec);
    expect(r.milliCPU).toBe(3000);
    expect(r.memory).toBe(3e9);
  });

  it('adds sidecars (restartable init containers) to the containers and to later init containers', () => {
    const pod = makePod('p', {
      containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }],
      initContainers: [
        { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '500m' } } },
        { name: 'init', resources: { requests: { cpu: '1200m' } } },
      ],
    });
    // containers 1 + sidecar 0.5 = 1.5; init phase: sidecar 0.5 + init 1.2 = 1.7
    expect(podRequests(pod.spec).milliCPU).toBe(1700);
  });

  it('adds the pod overhead', () => {
    const pod = makePod('p', { cpu: '1', memory: '1Gi', overhead: { cpu: '250m', memory: '120Mi' } });
    const r = podRequests(pod.spec);
    expect(r.milliCPU).toBe(1250);
    expect(r.memory).toBe(Gi + 120 * 1024 ** 2);
  });

  it('uses non-zero defaults for missing CPU / memory requests only when asked', () => {
    const pod = makePod('p', { requests: { cpu: '0' } });
    expect(podRequests(pod.spec).milliCPU).toBe(0);
    const withDefaults = podRequests(pod.spec, true);
    expect(withDefaults.milliCPU).toBe(0); // explicitly zero stays zero
    expect(withDefaults.memory).toBe(DEFAULT_MEMORY_REQUEST);
    expect(podRequests(makePod('q').spec, true).milliCPU).toBe(DEFAULT_MILLI_CPU_REQUEST);
  });

  it('keeps extended resources', () => {
    expect(podRequests(makePod('p', { requests: { 'example.com/gpu': '2' } }).spec).get('example.com/gpu')).toBe(2);
  });
});

describe('NodeResourcesFit filter', () => {
  const node = makeNode('n', { cpu: '2', memory: '4Gi', pods: 3 });

  it('passes when the free share covers the request', () => {
    const info = makeNodeInfo(node, [makePod('a', { cpu: '1', memory: '1Gi', nodeName: 'n' })]);
    expect(checkFit(podInfo('p', { cpu: '1', memory: '3Gi' }).requests, info).code).toBe('Success');
  });

  it('lists every insufficient resource in upstream order and wording', () => {
    const info = makeNodeInfo(makeNode('n', { cpu: '2', memory: '4Gi', pods: 1, extra: { 'example.com/gpu': '1' } }), [
      makePod('a', { cpu: '1500m', memory: '3Gi', requests: { 'ephemeral-storage': '1Gi' }, nodeName: 'n' }),
    ]);
    const pod = podInfo('p', { cpu: '1', memory: '2Gi', requests: { 'ephemeral-storage': '1', 'example.com/gpu': '2' } });
    expect(insufficientResources(pod.requests, info).reasons).toEqual([
      'Too many pods', 'Insufficient cpu', 'Insufficient memory', 'Insufficient ephemeral-storage', 'Insufficient example.com/gpu',
    ]);
  });

  it('is Unschedulable when other pods use the room, UnschedulableAndUnresolvable when the node is too small', () => {
    const busy = makeNodeInfo(node, [makePod('a', { cpu: '1500m', nodeName: 'n' })]);
    const fits = checkFit(podInfo('p', { cpu: '1' }).requests, busy);
    expect(fits).toMatchObject({ code: 'Unschedulable', reasons: ['Insufficient cpu'] });
    const tooBig = checkFit(podInfo('p', { cpu: '3' }).requests, makeNodeInfo(node));
    expect(tooBig).toMatchObject({ code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient cpu'] });
  });

  it('counts init containers when checking', () => {
    const pod = newPodInfo(makePod('p', { containers: [{ name: 'c', resources: { requests: { cpu: '100m' } } }], initContainers: [{ name: 'i', resources: { requests: { cpu: '3' } } }] }));
    expect(checkFit(pod.requests, makeNodeInfo(node)).reasons).toEqual(['Insufficient cpu']);
  });

  it('lets a pod that requests nothing onto an over-committed node, but not past the pod count', () => {
    const full = makeNodeInfo(node, [makePod('a', { cpu: '3', nodeName: 'n' }), makePod('b', { nodeName: 'n' })]);
    expect(checkFit(podInfo('p').requests, full).code).toBe('Success');
    const crowded = makeNodeInfo(node, ['a', 'b', 'c'].map((n) => makePod(n, { nodeName: 'n' })));
    expect(checkFit(podInfo('p').requests, crowded)).toMatchObject({ code: 'Unschedulable', reasons: ['Too many pods'] });
  });

  it('rejects every pod on a node that reports no pod capacity (upstream behaviour)', () => {
    const noPods = makeNode('n');
    delete noPods.status!.allocatable!.pods;
    delete noPods.status!.capacity!.pods;
    expect(checkFit(podInfo('p').requests, makeNodeInfo(noPods)).reasons).toEqual(['Too many pods']);
  });
});

describe('NodeResourcesFit score (LeastAllocated)', () => {
  it('scores the free share, truncating, 0 when over-committed', () => {
    expect(leastRequestedScore(0, 4000)).toBe(100);
    expect(leastRequestedScore(1000, 3000)).toBe(66);
    expect(leastRequestedScore(5000, 4000)).toBe(0);
    expect(leastRequestedScore(10, 0)).toBe(0);
  });

  it('averages CPU and memory with the non-zero defaults', () => {
    // node 4 cpu / 8Gi with a 1 cpu / 2Gi pod; the new pod asks 1 cpu / 2Gi:
    // cpu (4000-2000)*100/4000 = 50; memory (8-4)/8 = 50 -> 50
    const info = makeNodeInfo(makeNode('n'), [makePod('a', { cpu: '1', memory: '2Gi', nodeName: 'n' })]);
    expect(leastAllocatedScore(podInfo('p', { cpu: '1', memory: '2Gi' }).nonZeroRequests, info)).toBe(50);
    // a best-effort pod counts as 100m / 200MB: cpu (4000-1100)*100/4000 = 72; memory (8Gi-2Gi-200Mi)/8Gi = 72 -> 72
    expect(leastAllocatedScore(podInfo('q').nonZeroRequests, info)).toBe(72);
  });
});

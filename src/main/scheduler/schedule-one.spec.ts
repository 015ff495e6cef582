import { describe, expect, it } from 'vitest';
import { buildFramework } from './framework/registry.js';
import { newPodInfo } from './framework/pod-info.js';
import { numFeasibleNodesToFind, schedulePod, selectHost } from './schedule-one.js';
import { makeCache, makeNode, makePod, podInfo, seededRandom } from './testing/fixtures.js';

const framework = buildFramework();

describe('numFeasibleNodesToFind (upstream percentageOfNodesToScore)', () => {
  it('checks every node below 100 nodes', () => {
    expect(numFeasibleNodesToFind(0, 5)).toBe(5);
    expect(numFeasibleNodesToFind(0, 99)).toBe(99);
  });

  it('adapts as 50% - nodes/125, at least 5% and at least 100 nodes', () => {
    expect(numFeasibleNodesToFind(0, 1000)).toBe(420);
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500); // 10%
    expect(numFeasibleNodesToFind(0, 10_000)).toBe(500); // floor 5%
    expect(numFeasibleNodesToFind(0, 150)).toBe(100); // 49% = 73, raised to 100
  });

  it('honours a fixed percentage', () => {
    expect(numFeasibleNodesToFind(100, 1000)).toBe(1000);
    expect(numFeasibleNodesToFind(10, 2000)).toBe(200);
  });
});

describe('selectHost', () => {
  it('picks the highest total', () => {
    expect(selectHost([1, 5, 3])).toBe(1);
  });

  it('chooses among equal totals with the injected randomness (reservoir sampling)', () => {
    expect(selectHost([7, 7, 7, 1], () => 0.999)).toBe(0); // never replace the first
    expect(selectHost([7, 7, 7, 1], () => 0)).toBe(2); // always replace: the last tie
    const random = seededRandom(42);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[selectHost([9, 9, 9], random)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850); // roughly uniform
  });
});

describe('schedulePod', () => {
  it('filters every node, scores the feasible ones and picks the least allocated', () => {
    const cache = makeCache(
      [makeNode('busy'), makeNode('free'), makeNode('tainted', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] })],
      [makePod('x', { cpu: '3', memory: '6Gi', nodeName: 'busy' })],
    );
    const r = schedulePod({ framework, nodes: cache.nodeList() }, podInfo('p', { cpu: '500m', memory: '512Mi' }));
    expect(r.outcome).toBe('Scheduled');
    expect(r.node).toBe('free');
    expect(r.evaluated).toEqual(['busy', 'free', 'tainted']);
    expect(r.verdicts[2]).toMatchObject({ plugin: 'TaintToleration', status: { reasons: ['node(s) had untolerated taint {dedicated: db}'] } });
    expect(r.scores!.plugins.map((p) => p.plugin)).toEqual(['TaintToleration', 'NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'ImageLocality']);
    expect(r.skipped).toEqual({ filter: ['NodeAffinity', 'NodePorts'], score: ['NodeAffinity'] });
    const fit = r.scores!.plugins.find((p) => p.plugin === 'NodeResourcesFit')!;
    expect(fit.raw[1]).toBeGreaterThan(fit.raw[0]);
    expect(r.score).toBe(r.scores!.totals[1]);
  });

  it('does not score when a single node is feasible', () => {
    const cache = makeCache([makeNode('a', { cpu: '1' }), makeNode('b', { cpu: '8' })]);
    const r = schedulePod({ framework, nodes: cache.nodeList() }, podInfo('p', { cpu: '4' }));
    expect(r).toMatchObject({ outcome: 'Scheduled', node: 'b', feasible: [1] });
    expect(r.scores).toBeUndefined();
    expect(r.score).toBeUndefined();
  });

  it('explains an unschedulable pod with upstream\'s FitError message', () => {
    const controlPlane = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
    const cache = makeCache(
      [
        makeNode('small-1', { cpu: '1' }), makeNode('small-2', { cpu: '1' }),
        ...['cp-1', 'cp-2', 'cp-3'].map((n) => makeNode(n, { cpu: '16', taints: [controlPlane] })),
      ],
      [makePod('x', { cpu: '500m', nodeName: 'small-1' }), makePod('y', { cpu: '500m', nodeName: 'small-2' })],
    );
    // bigger than the small nodes: unresolvable, preemption cannot help anywhere
    const tooBig = schedulePod({ framework, nodes: cache.nodeList() }, podInfo('p', { memory: '9Gi' }));
    expect(tooBig.outcome).toBe('Unschedulable');
    expect(tooBig.message).toBe(
      '0/5 nodes are available: 2 Insufficient memory, 3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
        'preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.',
    );
    // fits an empty small node: resolvable there, but no lower-priority pods to evict
    const crowded = schedulePod({ framework, nodes: cache.nodeList() }, podInfo('p', { cpu: '900m' }));
    expect(crowded.message).toBe(
      '0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
        'preemption: 0/5 nodes are available: 2 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.',
    );
    expect(crowded.verdicts.map((v) => v?.plugin)).toEqual(['NodeResourcesFit', 'NodeResourcesFit', 'TaintToleration', 'TaintToleration', 'TaintToleration']);
  });

  it('says so when there are no nodes', () => {
    expect(schedulePod({ framework, nodes: [] }, podInfo('p')).message).toBe('no nodes available to schedule pods');
  });

  it('samples: stops once enough feasible nodes are found and continues from there next time', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => makeNode(`n${i}`));
    const cache = makeCache(nodes);
    const first = schedulePod({ framework, nodes: cache.nodeList(), random: seededRandom(1) }, podInfo('p'));
    expect(first.evaluated).toHaveLength(420);
    expect(first.nodesToFind).toBe(420);
    expect(first.nextStartIndex).toBe(420);
    const second = schedulePod({ framework, nodes: cache.nodeList(), startIndex: first.nextStartIndex }, podInfo('q'));
    expect(second.evaluated[0]).toBe('n420');
    expect(second.nextStartIndex).toBe(840);
    const all = schedulePod({ framework, nodes: cache.nodeList(), percentageOfNodesToScore: 100 }, podInfo('r'));
    expect(all.evaluated).toHaveLength(1000);
  });

  it('spreads equal pods once each placement is counted on its node', () => {
    const cache = makeCache(['a', 'b', 'c', 'd', 'e'].map((n) => makeNode(n)));
    const placed: string[] = [];
    for (let i = 0; i < 10; i++) {
      const pod = newPodInfo(makePod(`p${i}`, { cpu: '200m', memory: '256Mi' }));
      const r = schedulePod({ framework, nodes: cache.nodeList(), random: seededRandom(i) }, pod);
      cache.assumePod(pod, r.node!);
      placed.push(r.node!);
    }
    const perNode = ['a', 'b', 'c', 'd', 'e'].map((n) => placed.filter((p) => p === n).length);
    expect(perNode).toEqual([2, 2, 2, 2, 2]);
  });
});

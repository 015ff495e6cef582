import { describe, expect, it } from 'vitest';
import { decisionRecord, DecisionStore, type DecisionRecord } from './decisions.js';
import { toApiObject } from './decision-view.js';
import { buildFramework } from './framework/registry.js';
import { schedulePod } from './schedule-one.js';
import { makeCache, makeNode, makePod, podInfo, seededRandom } from './testing/fixtures.js';

const framework = buildFramework();
const scorePlugins = framework.scores.map((s) => ({ name: s.plugin.name, weight: s.weight }));
const time = new Date('2026-03-01T10:00:00.123Z');

function record(name: string, nodes = 3, namespace = 'default', uid?: string): DecisionRecord {
  const cache = makeCache(Array.from({ length: nodes }, (_, i) => makeNode(`n${i}`)));
  const pod = podInfo(name, { namespace, cpu: '100m' });
  const r = decisionRecord(pod, schedulePod({ framework, nodes: cache.nodeList(), random: seededRandom(1) }, pod), { schedulerName: 'default-scheduler', time, attempts: 1, scorePlugins });
  return uid ? { ...r, uid } : r;
}

describe('DecisionStore', () => {
  it('keeps the newest decision per pod and finds it by name or uid', () => {
    const store = new DecisionStore();
    store.record(record('a'));
    store.record({ ...record('a'), attempts: 2 });
    expect(store.size).toBe(1);
    expect(store.get('default', 'a')!.attempts).toBe(2);
    expect(store.getByUid('uid-default-a')!.attempts).toBe(2);
    expect(store.get('other', 'a')).toBeUndefined();
  });

  it('drops the oldest decisions beyond maxRecords', () => {
    const store = new DecisionStore({ maxRecords: 2 });
    for (const n of ['a', 'b', 'c']) store.record(record(n));
    expect(store.list().map((r) => r.name)).toEqual(['b', 'c']);
    store.record(record('b')); // b becomes the newest
    store.record(record('d'));
    expect(store.list().map((r) => r.name)).toEqual(['b', 'd']);
  });

  it('also bounds the per-node entries kept', () => {
    const store = new DecisionStore({ maxNodeEntries: 25 });
    for (const n of ['a', 'b', 'c']) store.record(record(n, 10));
    expect(store.list().map((r) => r.name)).toEqual(['b', 'c']);
  });

  it('lists by namespace, with a recreated pod (new uid) replacing the old one', () => {
    const store = new DecisionStore();
    store.record(record('a', 3, 'x'));
    store.record(record('b', 3, 'y'));
    store.record(record('a', 3, 'x', 'uid-new'));
    expect(store.list('x').map((r) => r.uid)).toEqual(['uid-new']);
    expect(store.list().map((r) => r.name)).toEqual(['b', 'a']);
  });
});

describe('PodSchedulingDecision view', () => {
  it('lists the chosen node first with each plugin\'s raw, normalised and weighted score, then rejected nodes', () => {
    const cache = makeCache([
      makeNode('a'), makeNode('b', { unschedulable: true }), makeNode('c', { cpu: '8', memory: '16Gi' }),
    ], [makePod('x', { cpu: '2', nodeName: 'a' })]);
    const pod = podInfo('p', { cpu: '1', memory: '1Gi' });
    const result = schedulePod({ framework, nodes: cache.nodeList() }, pod);
    const view = toApiObject(decisionRecord(pod, result, { schedulerName: 'default-scheduler', time, attempts: 1, scorePlugins }));
    expect(view.metadata).toEqual({ name: 'p', namespace: 'default', uid: 'uid-default-p', creationTimestamp: '2026-03-01T10:00:00Z' });
    expect(view.decision).toMatchObject({
      result: 'Scheduled', selectedNode: 'c', time: '2026-03-01T10:00:00.123000Z', nodesTotal: 3, nodesEvaluated: 3, nodesFeasible: 2, scored: true,
      skippedPlugins: { filter: ['NodeAffinity', 'NodePorts'], score: ['NodeAffinity'] },
    });
    expect(view.decision.nodes.map((n) => n.name)).toEqual(['c', 'a', 'b']);
    const [c, a, b] = view.decision.nodes;
    expect(c.selected).toBe(true);
    expect(c.scores!.find((s) => s.plugin === 'TaintToleration')).toEqual({ plugin: 'TaintToleration', weight: 3, raw: 0, normalized: 100, weighted: 300 });
    expect(c.totalScore).toBeGreaterThan(a.totalScore!);
    expect(view.decision.selectedNodeScore).toBe(c.totalScore);
    expect(b).toEqual({ name: 'b', filter: { result: 'UnschedulableAndUnresolvable', plugin: 'NodeUnschedulable', reasons: ['node(s) were unschedulable'] } });
    expect(JSON.parse(JSON.stringify(view))).toEqual(view); // plain JSON (typed arrays were read out)
  });

  it('carries the FitError message of an unschedulable pod', () => {
    const cache = makeCache([makeNode('a', { cpu: '1' })]);
    const pod = podInfo('p', { cpu: '2' });
    const view = toApiObject(decisionRecord(pod, schedulePod({ framework, nodes: cache.nodeList() }, pod), { schedulerName: 's', time, attempts: 3, scorePlugins }));
    expect(view.decision).toMatchObject({
      result: 'Unschedulable', attempts: 3, scored: false, nodesFeasible: 0,
      message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    });
    expect(view.decision.selectedNode).toBeUndefined();
  });
});

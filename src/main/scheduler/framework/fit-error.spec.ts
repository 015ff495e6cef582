import { describe, expect, it } from 'vitest';
import { makeNode, makeNodeInfo, makePod, podInfo } from '../testing/fixtures.js';
import { fitErrorMessage, reasonHistogram } from './fit-error.js';
import { preemptionMessage } from './preemption.js';
import { newStatus, type Status } from './types.js';

const cpu = newStatus('Unschedulable', 'Insufficient cpu');
const cpuAndMemory = newStatus('Unschedulable', 'Insufficient cpu', 'Insufficient memory');
const taint = newStatus('UnschedulableAndUnresolvable', 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');

describe('FitError message', () => {
  it('counts each reason over the nodes and sorts "count reason" strings like Go sort.Strings', () => {
    expect(reasonHistogram([taint, cpu, taint, cpuAndMemory, taint])).toEqual([
      '1 Insufficient memory',
      '2 Insufficient cpu',
      '3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    ]);
    // string order, not numeric: "10 ..." sorts before "2 ..."
    const many: Status[] = [...Array(10).fill(taint), cpu, cpu];
    expect(reasonHistogram(many)[0]).toBe('10 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');
  });

  it('reads like upstream, with the PostFilter message appended', () => {
    const message = fitErrorMessage(5, {
      statuses: [cpu, cpu, taint, taint, taint],
      postFilterMessage: 'preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.',
    });
    expect(message).toBe(
      '0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
        'preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.',
    );
  });

  it('uses the PreFilter message instead of per-node reasons when a PreFilter rejected the pod', () => {
    expect(fitErrorMessage(3, { preFilterMessage: 'pod has unbound immediate PersistentVolumeClaims', statuses: [taint] })).toBe(
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
    );
  });
});

describe('preemption message (no preemption in Pilothouse)', () => {
  const nodes = [makeNodeInfo(makeNode('a')), makeNodeInfo(makeNode('b')), makeNodeInfo(makeNode('c'))];

  it('says preemption is not helpful on unresolvable nodes and finds no victims on resolvable ones', () => {
    expect(preemptionMessage(podInfo('p'), nodes, [cpu, taint, taint])).toBe(
      'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
    expect(preemptionMessage(podInfo('p'), nodes, [taint, taint, taint])).toBe(
      'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('calls preemption not helpful where upstream would evict lower-priority pods', () => {
    const withLow = [makeNodeInfo(makeNode('a'), [makePod('low', { priority: -10, nodeName: 'a' })])];
    expect(preemptionMessage(podInfo('p'), withLow, [cpu])).toBe('preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });

  it('says the pod is not eligible when its preemptionPolicy is Never', () => {
    expect(preemptionMessage(podInfo('p', { preemptionPolicy: 'Never' }), nodes, [cpu, cpu, cpu])).toBe('preemption: not eligible due to preemptionPolicy=Never.');
  });
});

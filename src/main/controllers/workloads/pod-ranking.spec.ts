import { describe, expect, it } from 'vitest';
import { compareForDeletion, deletionCost, podsToDelete, rankByColocation, type RankedPod } from './pod-ranking.js';
import type { Pod } from './types.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface PodSpec {
  name: string;
  node?: string;
  phase?: string;
  ready?: boolean;
  readySince?: number;
  created?: number;
  restarts?: number;
  cost?: string;
}

function pod(s: PodSpec): Pod {
  return {
    metadata: {
      name: s.name, namespace: 'dev', uid: `uid-${s.name}`, creationTimestamp: ago(s.created ?? 1000),
      annotations: s.cost === undefined ? undefined : { 'controller.kubernetes.io/pod-deletion-cost': s.cost },
    },
    spec: { nodeName: s.node ?? 'n1' },
    status: {
      phase: s.phase ?? 'Running',
      conditions: s.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: ago(s.readySince ?? 500) }] : [],
      containerStatuses: [{ name: 'c', restartCount: s.restarts ?? 0 }],
    },
  };
}

/** The name that goes first when the two are compared. */
function first(a: PodSpec, b: PodSpec, rankA = 0, rankB = 0): string {
  const ra: RankedPod = { pod: pod(a), rank: rankA };
  const rb: RankedPod = { pod: pod(b), rank: rankB };
  const d = compareForDeletion(ra, rb, NOW);
  expect(Math.sign(compareForDeletion(rb, ra, NOW))).toBe(-Math.sign(d));
  return d < 0 ? a.name : b.name;
}

describe('compareForDeletion', () => {
  it('1. unassigned before assigned', () => {
    expect(first({ name: 'a', ready: true }, { name: 'b', node: '', phase: 'Running', ready: true })).toBe('b');
  });

  it('2. Pending before Unknown before Running', () => {
    expect(first({ name: 'run' }, { name: 'pend', phase: 'Pending' })).toBe('pend');
    expect(first({ name: 'run' }, { name: 'unk', phase: 'Unknown' })).toBe('unk');
    expect(first({ name: 'unk', phase: 'Unknown' }, { name: 'pend', phase: 'Pending' })).toBe('pend');
  });

  it('3. not ready before ready', () => {
    expect(first({ name: 'ready', ready: true }, { name: 'notready' })).toBe('notready');
  });

  it('4. lower deletion cost first; malformed costs count as 0', () => {
    expect(first({ name: 'hi', ready: true, cost: '100' }, { name: 'lo', ready: true, cost: '-1' })).toBe('lo');
    expect(first({ name: 'bad', ready: true, cost: 'abc' }, { name: 'one', ready: true, cost: '1' })).toBe('bad');
    expect(deletionCost(pod({ name: 'x', cost: '99999999999' }))).toBe(0);
  });

  it('5. more co-located pods first', () => {
    expect(first({ name: 'alone', ready: true }, { name: 'crowded', ready: true }, 1, 3)).toBe('crowded');
  });

  it('6. ready more recently first, in log2 buckets of age with the UID deciding within a bucket', () => {
    expect(first({ name: 'old', ready: true, readySince: 4000 }, { name: 'new', ready: true, readySince: 10 })).toBe('new');
    // 100 s and 101 s are in the same bucket (2^36 ns ≈ 69 s .. 2^37 ns ≈ 137 s): the UID decides.
    expect(first({ name: 'b', ready: true, readySince: 100 }, { name: 'a', ready: true, readySince: 101 })).toBe('a');
  });

  it('7. more restarts first', () => {
    expect(first({ name: 'calm', ready: true, restarts: 0 }, { name: 'flappy', ready: true, restarts: 5 })).toBe('flappy');
  });

  it('8. newer first, also bucketed', () => {
    expect(first({ name: 'old', created: 100_000 }, { name: 'young', created: 5 })).toBe('young');
    expect(first({ name: 'y', created: 100 }, { name: 'x', created: 110 })).toBe('x');
  });

  it('earlier rules win over later ones', () => {
    expect(first({ name: 'pending-old', phase: 'Pending', created: 9000 }, { name: 'running-new', created: 1, restarts: 9 })).toBe('pending-old');
    expect(first({ name: 'cheap-ready', ready: true, cost: '-100' }, { name: 'expensive-notready', cost: '100' })).toBe('expensive-notready');
  });
});

describe('podsToDelete', () => {
  it('ranks by co-location with related pods and picks the best candidates', () => {
    const a = pod({ name: 'a', node: 'n1', ready: true });
    const b = pod({ name: 'b', node: 'n2', ready: true });
    const c = pod({ name: 'c', node: 'n2', ready: true });
    const siblings = [pod({ name: 's1', node: 'n1', ready: true }), pod({ name: 's2', node: 'n1', ready: true })];
    expect(rankByColocation([a, b], [a, b, c]).map((r) => r.rank)).toEqual([1, 2]);
    // Alone, n2 is the crowded node; with a sibling ReplicaSet's two pods on n1, n1 is.
    expect(podsToDelete([a, b, c], [a, b, c], 1, NOW)[0].metadata.name).toMatch(/^[bc]$/);
    expect(podsToDelete([a, b, c], [a, b, c, ...siblings], 1, NOW)[0].metadata.name).toBe('a');
  });

  it('returns everything when asked for as many or more', () => {
    const pods = [pod({ name: 'a' }), pod({ name: 'b' })];
    expect(podsToDelete(pods, pods, 5, NOW)).toHaveLength(2);
  });

  it('orders a realistic mix', () => {
    const pods = [
      pod({ name: 'ready-old', ready: true, readySince: 5000, created: 6000 }),
      pod({ name: 'unscheduled', node: '', phase: 'Pending' }),
      pod({ name: 'pending', phase: 'Pending' }),
      pod({ name: 'notready' }),
      pod({ name: 'ready-new', ready: true, readySince: 5, created: 60 }),
    ];
    expect(podsToDelete(pods, pods, 4, NOW).map((p) => p.metadata.name)).toEqual(['unscheduled', 'pending', 'notready', 'ready-new']);
  });
});

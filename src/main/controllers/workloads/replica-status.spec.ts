import { describe, expect, it } from 'vitest';
import { calculateReplicaStatus, replicaStatusChanged } from './replica-status.js';
import type { Pod, ReplicaOwner } from './types.js';

const NOW = new Date('2026-03-01T12:00:00Z');

function owner(extra: Partial<ReplicaOwner> = {}, minReadySeconds = 0): ReplicaOwner {
  return {
    metadata: { name: 'web', namespace: 'dev', generation: 4 },
    spec: { replicas: 3, minReadySeconds, template: { metadata: { labels: { app: 'web', tier: 'fe' } } } },
    ...extra,
  };
}

function pod(labels: Record<string, string>, readySince?: string): Pod {
  return {
    metadata: { name: 'p', labels },
    status: { conditions: readySince ? [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] : [] },
  };
}

describe('calculateReplicaStatus', () => {
  it('counts replicas, fully labeled, ready and available pods and records the generation', () => {
    const pods = [
      pod({ app: 'web', tier: 'fe' }, '2026-03-01T11:59:00Z'),
      pod({ app: 'web', tier: 'fe' }, '2026-03-01T11:59:58Z'),
      pod({ app: 'web' }),
    ];
    expect(calculateReplicaStatus(owner({}, 10), pods, undefined, NOW)).toEqual({
      replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 4,
    });
  });

  it('adds ReplicaFailure on a failed creation and removes it after a clean sync', () => {
    const failed = calculateReplicaStatus(owner(), [], new Error('exceeded quota'), NOW);
    expect(failed.conditions).toEqual([
      { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'exceeded quota', lastTransitionTime: '2026-03-01T12:00:00Z' },
    ]);
    const again = calculateReplicaStatus(owner({ status: failed }), [], new Error('other'), NOW);
    expect(again.conditions?.[0].message).toBe('exceeded quota');
    expect(calculateReplicaStatus(owner({ status: failed }), [], undefined, NOW).conditions).toBeUndefined();
  });

  it('calls a failure with too many pods FailedDelete', () => {
    const pods = Array.from({ length: 5 }, () => pod({ app: 'web' }));
    expect(calculateReplicaStatus(owner(), pods, new Error('nope'), NOW).conditions?.[0].reason).toBe('FailedDelete');
  });

  it('detects changes, treating missing counts as 0', () => {
    const o = owner({ status: { replicas: 0, observedGeneration: 4 } });
    expect(replicaStatusChanged(o, { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 4 })).toBe(false);
    expect(replicaStatusChanged(o, { replicas: 1, observedGeneration: 4 })).toBe(true);
  });
});

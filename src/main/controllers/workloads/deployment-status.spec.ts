import { describe, expect, it } from 'vitest';
import { calculateStatus, deploymentTimedOut, rolloutStatus } from './deployment-status.js';
import type { Deployment, DeploymentStatus, ReplicaSet, WorkloadCondition } from './types.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const T0 = '2026-03-01T11:50:00Z';

function deployment(status: DeploymentStatus = {}, replicas = 4, generation = 2): Deployment {
  return {
    metadata: { name: 'web', generation },
    spec: { replicas, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } },
    status,
  };
}

function rs(name: string, specReplicas: number, replicas: number, ready: number, available: number, conditions?: WorkloadCondition[]): ReplicaSet {
  return { metadata: { name }, spec: { replicas: specReplicas }, status: { replicas, readyReplicas: ready, availableReplicas: available, conditions } };
}

const progressing = (reason: string, status: WorkloadCondition['status'] = 'True', at = T0): WorkloadCondition =>
  ({ type: 'Progressing', status, reason, message: '', lastUpdateTime: at, lastTransitionTime: at });

describe('calculateStatus', () => {
  it('sums the ReplicaSets and sets Available by maxUnavailable', () => {
    const newRS = rs('new', 2, 2, 1, 1);
    const s = calculateStatus([rs('old', 3, 3, 3, 3), newRS], newRS, deployment(), NOW);
    expect(s).toMatchObject({ observedGeneration: 2, replicas: 5, updatedReplicas: 2, readyReplicas: 4, availableReplicas: 4, unavailableReplicas: 1 });
    expect(s.conditions).toEqual([
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: '2026-03-01T12:00:00Z', lastTransitionTime: '2026-03-01T12:00:00Z' },
    ]);
    const low = calculateStatus([rs('old', 3, 3, 1, 1), newRS], newRS, deployment(), NOW);
    expect(low.conditions?.[0]).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
  });

  it('keeps collisionCount', () => {
    expect(calculateStatus([], undefined, deployment({ collisionCount: 2 }), NOW).collisionCount).toBe(2);
  });
});

describe('rolloutStatus', () => {
  it('marks a complete rollout NewReplicaSetAvailable', () => {
    const newRS = rs('web-abc', 4, 4, 4, 4);
    const r = rolloutStatus([rs('old', 0, 0, 0, 0), newRS], newRS, deployment({ conditions: [progressing('ReplicaSetUpdated')] }), NOW);
    expect(r.changed).toBe(true);
    const c = r.status.conditions?.find((x) => x.type === 'Progressing');
    expect(c).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-abc" has successfully progressed.' });
    expect(c?.lastTransitionTime).toBe(T0);
    expect(r.requeueAfterMs).toBeUndefined();
  });

  it('refreshes lastUpdateTime on progress but keeps lastTransitionTime', () => {
    const newRS = rs('web-abc', 2, 2, 1, 1);
    const d = deployment({ replicas: 5, updatedReplicas: 1, availableReplicas: 3, conditions: [progressing('NewReplicaSetCreated')] });
    const c = rolloutStatus([rs('old', 3, 3, 3, 3), newRS], newRS, d, NOW).status.conditions?.find((x) => x.type === 'Progressing');
    expect(c).toMatchObject({ reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-abc" is progressing.', lastUpdateTime: '2026-03-01T12:00:00Z', lastTransitionTime: T0 });
  });

  it('times out without progress past the deadline, and asks to be woken at the deadline before', () => {
    const newRS = rs('web-abc', 1, 1, 0, 0);
    const all = [rs('old', 4, 4, 4, 4), newRS];
    const base = { observedGeneration: 2, replicas: 5, updatedReplicas: 1, readyReplicas: 4, availableReplicas: 4, unavailableReplicas: 1 };
    const early = deployment({ ...base, conditions: [progressing('ReplicaSetUpdated', 'True', '2026-03-01T11:55:00Z')] });
    const waiting = rolloutStatus(all, newRS, { ...early, status: calculateStatus(all, newRS, early, NOW) }, NOW);
    expect(waiting.changed).toBe(false);
    expect(waiting.requeueAfterMs).toBe(5 * 60 * 1000);
    const late = deployment({ ...base, conditions: [progressing('ReplicaSetUpdated', 'True', '2026-03-01T11:49:00Z')] });
    const c = rolloutStatus(all, newRS, late, NOW).status.conditions?.find((x) => x.type === 'Progressing');
    expect(c).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-abc" has timed out progressing.' });
    expect(deploymentTimedOut(late, { conditions: [c!] }, NOW)).toBe(true);
  });

  it('copies the new ReplicaSet failure and drops it when gone', () => {
    const failure: WorkloadCondition = { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota', lastTransitionTime: T0 };
    const newRS = rs('web-abc', 4, 0, 0, 0, [failure]);
    const r = rolloutStatus([newRS], newRS, deployment(), NOW);
    expect(r.status.conditions?.find((c) => c.type === 'ReplicaFailure')).toMatchObject({ reason: 'FailedCreate', message: 'quota' });
    const healed = rolloutStatus([rs('web-abc', 4, 0, 0, 0)], rs('web-abc', 4, 0, 0, 0), deployment(r.status), NOW);
    expect(healed.status.conditions?.some((c) => c.type === 'ReplicaFailure')).toBe(false);
  });

  it('drops Progressing without a deadline', () => {
    const d = deployment({ conditions: [progressing('ReplicaSetUpdated')] });
    delete d.spec!.progressDeadlineSeconds;
    const newRS = rs('web-abc', 4, 4, 4, 4);
    expect(rolloutStatus([newRS], newRS, d, NOW).status.conditions?.map((c) => c.type)).toEqual(['Available']);
  });
});

import { describe, expect, it } from 'vitest';
import { planScale, replicaSetFraction } from './proportional-scale.js';
import type { Deployment, ReplicaSet } from './types.js';

function deployment(replicas: number, surge: number | string = 3, unavailable: number | string = 2): Deployment {
  return { metadata: { name: 'web' }, spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } } };
}

function rs(name: string, replicas: number, created: string, annotations: Record<string, string> = {}, available = 0): ReplicaSet {
  return {
    metadata: { name, uid: name, creationTimestamp: created, annotations },
    spec: { replicas },
    status: { replicas, availableReplicas: available },
  };
}

const ANN = { 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '13' };
const sizes = (steps: ReturnType<typeof planScale>) => Object.fromEntries(steps.map((s) => [s.rs.metadata.name, s.replicas]));

describe('planScale', () => {
  const old = rs('old', 8, '2026-01-01T00:00:00Z', ANN);
  const cur = rs('new', 5, '2026-01-01T00:01:00Z', ANN);

  it('spreads added replicas in proportion to size, largest first', () => {
    // allowed 20 + 3 = 23, 10 to add: old 8*23/13 = 14.15 -> +6, new 5*23/13 = 8.85 -> +4
    expect(sizes(planScale(deployment(20), cur, [old]))).toEqual({ old: 14, new: 9 });
  });

  it('spreads removed replicas the same way', () => {
    // allowed 5 + 3 = 8, 5 to remove: old 8*8/13 = 4.92 -> -3, new 5*8/13 = 3.08 -> -2
    expect(sizes(planScale(deployment(5), cur, [old]))).toEqual({ old: 5, new: 3 });
  });

  it('scales everything to 0 when the deployment goes to 0', () => {
    expect(sizes(planScale(deployment(0), cur, [old]))).toEqual({ old: 0, new: 0 });
  });

  it('gives the leftover of rounding to the first (largest) ReplicaSet', () => {
    const a = rs('a', 1, '2026-01-01T00:00:00Z', ANN);
    const b = rs('b', 1, '2026-01-01T00:01:00Z', ANN);
    const c = rs('c', 1, '2026-01-01T00:02:00Z', ANN);
    // allowed 14, 11 to add; each gets round(14/13) - 1 = 0; newest first among equals gets the 11
    expect(sizes(planScale(deployment(11), c, [a, b]))).toEqual({ c: 12, b: 1, a: 1 });
  });

  it('only refreshes annotations when the total is already right', () => {
    const steps = planScale(deployment(10), cur, [old]);
    expect(sizes(steps)).toEqual({ old: 8, new: 5 });
    expect(steps.every((s) => s.evenIfSameSize)).toBe(true);
  });

  it('resizes the only active ReplicaSet directly', () => {
    const idle = rs('idle', 0, '2026-01-01T00:00:00Z');
    const steps = planScale(deployment(7), cur, [idle]);
    expect(steps).toEqual([{ rs: cur, replicas: 7, evenIfSameSize: false }]);
    expect(planScale(deployment(5), cur, [idle])).toEqual([]);
  });

  it('scales old ReplicaSets to 0 once the new one is saturated', () => {
    const full = rs('new', 10, '2026-01-01T00:01:00Z', { ...ANN }, 10);
    expect(sizes(planScale(deployment(10), full, [old]))).toEqual({ old: 0 });
  });

  it('falls back to status.replicas without a max-replicas annotation', () => {
    const bare = rs('bare', 4, '2026-01-01T00:00:00Z');
    const d = { ...deployment(10), status: { replicas: 8 } };
    expect(replicaSetFraction(bare, d)).toBe(Math.round((4 * 13) / 8) - 4);
    expect(replicaSetFraction(bare, deployment(10))).toBe(0);
  });
});

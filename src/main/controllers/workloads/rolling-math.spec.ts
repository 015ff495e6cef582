import { describe, expect, it } from 'vitest';
import { maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts, scaledValue } from './rolling-math.js';
import type { Deployment, ReplicaSet } from './types.js';

function deployment(replicas: number, surge: number | string = '25%', unavailable: number | string = '25%', type = 'RollingUpdate'): Deployment {
  return {
    metadata: { name: 'web' },
    spec: { replicas, strategy: type === 'Recreate' ? { type } : { type, rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } },
  };
}

const rs = (replicas: number): ReplicaSet => ({ metadata: { name: `rs-${replicas}` }, spec: { replicas } });

describe('int-or-percent arithmetic', () => {
  it('rounds percentages up for surge and down for unavailable', () => {
    expect(scaledValue('25%', 10, true)).toBe(3);
    expect(scaledValue('25%', 10, false)).toBe(2);
    expect(scaledValue(4, 10, false)).toBe(4);
    expect(() => scaledValue('abc', 10, true)).toThrow(/not an integer or a percentage/);
  });

  it('lets one pod be unavailable when both fenceposts resolve to 0', () => {
    expect(resolveFenceposts('0%', '10%', 3)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts('10%', '10%', 3)).toEqual({ surge: 1, unavailable: 0 });
  });

  it('maxSurge / maxUnavailable per strategy', () => {
    expect(maxSurge(deployment(4))).toBe(1);
    expect(maxUnavailable(deployment(4))).toBe(1);
    expect(maxUnavailable(deployment(2, 0, 5))).toBe(2); // capped at replicas
    expect(maxUnavailable(deployment(0))).toBe(0);
    expect(maxSurge(deployment(4, 1, 1, 'Recreate'))).toBe(0);
    expect(maxUnavailable(deployment(4, 1, 1, 'Recreate'))).toBe(0);
  });
});

describe('newRSNewReplicas', () => {
  it('grows the new ReplicaSet by what the surge leaves, never beyond replicas', () => {
    const d = deployment(4, 1, 1);
    const newRS = rs(0);
    expect(newRSNewReplicas(d, [rs(4), newRS], newRS)).toBe(1);
    const grown = rs(2);
    expect(newRSNewReplicas(d, [rs(2), grown], grown)).toBe(3);
    const full = rs(3);
    expect(newRSNewReplicas(d, [rs(2), full], full)).toBe(3); // 5 = replicas + surge already
    const last = rs(3);
    expect(newRSNewReplicas(d, [rs(0), last], last)).toBe(4);
  });

  it('Recreate goes to replicas at once', () => {
    const newRS = rs(0);
    expect(newRSNewReplicas(deployment(5, 1, 1, 'Recreate'), [rs(5), newRS], newRS)).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { unknownConditions } from './node-health.js';
import { applyTaints, desiredTaints, type LifecycleNode, type Taint } from './taints.js';
import { evictionTime, tolerates, withDefaultTolerations } from './tolerations.js';

function node(conditions: Record<string, string>, unschedulable = false, taints: Taint[] = []): LifecycleNode {
  return {
    metadata: { name: 'n', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { unschedulable, taints },
    status: { conditions: Object.entries(conditions).map(([type, status]) => ({ type, status })) },
  };
}

const ids = (taints: Taint[] | undefined) => (taints ?? []).map((t) => `${t.key}:${t.effect}`);

describe('node taints from conditions', () => {
  it('maps Ready, pressure conditions and unschedulable to taints', () => {
    expect(ids(desiredTaints(node({ Ready: 'Unknown' }), { noExecute: true }))).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute',
    ]);
    expect(ids(desiredTaints(node({ Ready: 'False' }), { noExecute: false }))).toEqual(['node.kubernetes.io/not-ready:NoSchedule']);
    expect(ids(desiredTaints(node({ Ready: 'True', MemoryPressure: 'True', DiskPressure: 'False' }, true), { noExecute: true }))).toEqual([
      'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(ids(desiredTaints({ metadata: { name: 'new' } }, { noExecute: true }))).toContain('node.kubernetes.io/unreachable:NoExecute');
  });

  it('replaces only managed taints and stamps NoExecute ones', () => {
    const user: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    const stale: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
    const next = applyTaints([user, stale], [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], '2026-01-01T00:00:05Z');
    expect(next).toEqual([user, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:05Z' }]);
    expect(applyTaints(next!, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], 'later')).toBeUndefined();
  });

  it('sets monitored conditions Unknown, adding the ones never posted', () => {
    const out = unknownConditions(node({ Ready: 'True', MemoryPressure: 'False' }), new Date('2026-01-01T00:01:00Z'))!;
    expect(out.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'Unknown', 'NodeStatusUnknown'], ['MemoryPressure', 'Unknown', 'NodeStatusUnknown'],
      ['DiskPressure', 'Unknown', 'NodeStatusNeverUpdated'], ['PIDPressure', 'Unknown', 'NodeStatusNeverUpdated'],
    ]);
    expect(unknownConditions({ ...node({}), status: { conditions: out } }, new Date())).toBeUndefined();
  });
});

describe('NoExecute tolerations', () => {
  const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
  const custom: Taint = { key: 'maintenance', value: 'yes', effect: 'NoExecute' };
  const since = () => 1_000_000;

  it('matches like core/v1 ToleratesTaint', () => {
    expect(tolerates({ operator: 'Exists' }, custom)).toBe(true);
    expect(tolerates({ key: 'maintenance', value: 'yes' }, custom)).toBe(true);
    expect(tolerates({ key: 'maintenance', value: 'no' }, custom)).toBe(false);
    expect(tolerates({ key: 'maintenance', operator: 'Exists', effect: 'NoSchedule' }, custom)).toBe(false);
  });

  it('evicts at once without a toleration, after the shortest tolerationSeconds, or never', () => {
    expect(evictionTime([custom], [], since)).toBe(1_000_000);
    expect(evictionTime([unreachable, custom], [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 60 },
      { key: 'maintenance', operator: 'Exists', tolerationSeconds: 10 },
    ], since)).toBe(1_010_000);
    expect(evictionTime([unreachable], [{ operator: 'Exists' }], since)).toBeUndefined();
  });

  it('adds default tolerations only where the pod has none for the taint', () => {
    const defaults = { notReadySeconds: 30, unreachableSeconds: 45 };
    expect(evictionTime([unreachable], withDefaultTolerations([], defaults), since)).toBe(1_045_000);
    const own = withDefaultTolerations([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }], defaults);
    expect(own.filter((t) => t.key === 'node.kubernetes.io/unreachable')).toHaveLength(1);
    expect(evictionTime([custom], withDefaultTolerations([], defaults), since)).toBe(1_000_000);
  });
});

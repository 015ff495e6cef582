import { describe, expect, it } from 'vitest';
import { leaseStrategy, type Lease } from './lease.js';
import { errorTexts } from './spec-support.js';

describe('Lease', () => {
  it('validates durations, transitions and strategies', () => {
    const lease: Lease = { metadata: { name: 'worker-1', namespace: 'kube-node-lease' }, spec: { leaseDurationSeconds: 0, leaseTransitions: -1, preferredHolder: 'x' } };
    expect(errorTexts(leaseStrategy.validate(lease))).toEqual([
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
      'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
      'spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined',
    ]);
  });

  it('HOLDER AGE', () => {
    const lease: Lease = { metadata: { name: 'worker-1', creationTimestamp: '2024-05-01T11:00:00Z' }, spec: { holderIdentity: 'worker-1', leaseDurationSeconds: 40 } };
    expect(leaseStrategy.validate(lease)).toEqual([]);
    expect(leaseStrategy.table.cells(lease, new Date('2024-05-01T12:00:00Z'))).toEqual(['worker-1', '60m']);
  });
});

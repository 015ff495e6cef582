/**
 * coordination.k8s.io/v1 Lease (node heartbeats, leader election): upstream `ValidateLeaseSpec`
 * (positive duration, non-negative transitions, strategy and preferred holder) and the
 * HOLDER column.
 */
import { isQualifiedName } from '../../../shared/api/names.js';
import type { KubeObject } from '../../../shared/api/object.js';
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { forbidden, invalid, invalidEach, notSupported, type FieldError } from './field-errors.js';
import { AGE_COLUMN, col } from './table-columns.js';

export interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
    strategy?: string;
    preferredHolder?: string;
  };
}

const LEASE_STRATEGIES = ['OldestEmulationVersion'];

function validateLease(lease: Lease): FieldError[] {
  const spec = lease.spec ?? {};
  const out: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds !== null && spec.leaseDurationSeconds <= 0) {
    out.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions !== null && spec.leaseTransitions < 0) {
    out.push(invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  }
  if (spec.strategy) {
    if (!spec.strategy.includes('/')) {
      if (!LEASE_STRATEGIES.includes(spec.strategy)) out.push(notSupported('spec.strategy', spec.strategy, LEASE_STRATEGIES));
    } else out.push(...invalidEach('spec.strategy', spec.strategy, isQualifiedName(spec.strategy)));
  }
  if (spec.preferredHolder && !spec.strategy) {
    out.push(forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return out;
}

export const leaseStrategy = {
  nameRule: 'subdomain',
  validate: validateLease,
  validateUpdate: (lease: Lease) => validateLease(lease),
  table: {
    columns: [col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE_COLUMN],
    cells: (lease: Lease, now: Date) => [lease.spec?.holderIdentity ?? '', formatAge(lease.metadata.creationTimestamp, now)],
  },
} satisfies KindStrategy<Lease>;

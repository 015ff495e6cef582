/**
 * Field numbers of coordination.k8s.io/v1 Lease. Source: k8s.io/api/coordination/v1/generated.proto.
 */
import type { LayoutTable } from './types.js';

export const coordinationLayouts: LayoutTable = {
  'io.k8s.api.coordination.v1.Lease': { fields: { metadata: 1, spec: 2 } },
  'io.k8s.api.coordination.v1.LeaseSpec': {
    fields: {
      holderIdentity: 1, leaseDurationSeconds: 2, acquireTime: 3, renewTime: 4, leaseTransitions: 5, strategy: 6,
      preferredHolder: 7,
    },
    keepZero: ['holderIdentity', 'leaseDurationSeconds', 'leaseTransitions', 'strategy', 'preferredHolder'],
  },
};

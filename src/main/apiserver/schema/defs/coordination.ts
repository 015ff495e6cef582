/**
 * coordination.k8s.io/v1 Lease: node heartbeats and leader election.
 */
import { def, int32, kindDef, microTime, ref, str } from '../dsl.js';
import type { Definition } from '../types.js';

const LEASE_SPEC = 'io.k8s.api.coordination.v1.LeaseSpec';

export const coordinationDefinitions: Definition[] = [
  kindDef('io.k8s.api.coordination.v1.Lease', { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
    'A lease held by one holder at a time; kubelets renew one per node as a heartbeat.', {
      spec: ref(LEASE_SPEC, 'Specification of the lease.'),
    }),
  def(LEASE_SPEC, 'Specification of a lease.', {
    acquireTime: microTime('When the current holder acquired the lease.'),
    holderIdentity: str('Identity of the current holder.'),
    leaseDurationSeconds: int32('Seconds candidates wait after the last renewal before taking the lease.'),
    leaseTransitions: int32('How many times the lease changed holders.'),
    preferredHolder: str('Holder that should take the lease next (coordinated leader election).'),
    renewTime: microTime('When the current holder last renewed the lease.'),
    strategy: str('Strategy for picking leaders (coordinated leader election).'),
  }),
];

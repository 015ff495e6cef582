/**
 * Every kind's strategy, keyed `"<group>/<Kind>"` (group `""` for core: `"/Pod"`,
 * `"apps/Deployment"`). Kinds not listed get no defaults, validation or Table columns.
 */
import type { KindStrategy } from '../registry/types.js';
import { configMapStrategy } from './configmap.js';
import { deploymentStrategy } from './deployment.js';
import { endpointsStrategy } from './endpoints.js';
import { endpointSliceStrategy } from './endpointslice.js';
import { eventStrategy } from './event.js';
import { ingressStrategy } from './ingress.js';
import { ingressClassStrategy } from './ingressclass.js';
import { leaseStrategy } from './lease.js';
import { namespaceStrategy } from './namespace.js';
import { nodeStrategy } from './node.js';
import { podStrategy } from './pod.js';
import { replicaSetStrategy } from './replicaset.js';
import { replicationControllerStrategy } from './replicationcontroller.js';
import { secretStrategy } from './secret.js';
import { serviceStrategy } from './service.js';
import { serviceAccountStrategy } from './serviceaccount.js';

export const STRATEGIES: Readonly<Record<string, KindStrategy>> = {
  '/Namespace': namespaceStrategy,
  '/Node': nodeStrategy,
  '/Pod': podStrategy,
  '/Service': serviceStrategy,
  '/Endpoints': endpointsStrategy,
  '/ConfigMap': configMapStrategy,
  '/Secret': secretStrategy,
  '/ServiceAccount': serviceAccountStrategy,
  '/Event': eventStrategy,
  '/ReplicationController': replicationControllerStrategy,
  'apps/Deployment': deploymentStrategy,
  'apps/ReplicaSet': replicaSetStrategy,
  'coordination.k8s.io/Lease': leaseStrategy,
  'discovery.k8s.io/EndpointSlice': endpointSliceStrategy,
  'networking.k8s.io/Ingress': ingressStrategy,
  'networking.k8s.io/IngressClass': ingressClassStrategy,
};

/** The strategy for a group and kind, or undefined when the kind has none. */
export function strategyFor(group: string, kind: string): KindStrategy | undefined {
  return STRATEGIES[`${group}/${kind}`];
}

/**
 * Objects every cluster has from the start (upstream's bootstrap controller): the system
 * namespaces and the `kubernetes` Service in `default`. Idempotent: runs on every start.
 */
import type { KubeObject } from '../../shared/api/object.js';
import { ApiClientError, type ApiClient } from '../client/api-client.js';
import { CLUSTER_NETWORK } from '../network/cluster-network.js';
import { IMMORTAL_NAMESPACES } from '../apiserver/admission/namespace-lifecycle.js';

export const KUBERNETES_SERVICE_IP = CLUSTER_NETWORK.kubernetesServiceIP;

export async function bootstrapCluster(client: ApiClient, apiServerPort: number): Promise<void> {
  for (const name of IMMORTAL_NAMESPACES) {
    await createIfMissing(client, { apiVersion: 'v1', resource: 'namespaces' }, undefined, {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name },
    });
  }
  await createIfMissing(client, { apiVersion: 'v1', resource: 'services' }, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: KUBERNETES_SERVICE_IP,
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiServerPort }],
      sessionAffinity: 'None',
    },
  });
}

async function createIfMissing(client: ApiClient, ref: { apiVersion: string; resource: string }, namespace: string | undefined, obj: KubeObject): Promise<void> {
  try {
    await client.create(ref, namespace, obj);
  } catch (e) {
    if (e instanceof ApiClientError && e.reason === 'AlreadyExists') return;
    throw e;
  }
}

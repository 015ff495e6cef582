/**
 * The `kubernetes` Service's Endpoints and EndpointSlice (upstream's apiserver endpoint
 * reconciler writes them with the API server's advertise address). Pods reach the API server
 * through the service proxy, which relays connections to its own address at the API server's
 * port, so that address is the endpoint — real and reachable from every pod. Written when the
 * proxy (re)starts, since its address may change.
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient, ResourceRef } from '../client/api-client.js';
import { createOrUpdate } from '../client/create-or-update.js';

const ENDPOINTS: ResourceRef = { apiVersion: 'v1', resource: 'endpoints' };
const SLICES: ResourceRef = { apiVersion: 'discovery.k8s.io/v1', resource: 'endpointslices' };
const MANAGED_BY = 'kube-proxy.pilothouse.dev';

export async function publishApiServerEndpoints(client: ApiClient, ip: string, port: number): Promise<void> {
  const ports = [{ name: 'https', port, protocol: 'TCP' }];
  await createOrUpdate(client, ENDPOINTS, {
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip }], ports }],
  } as KubeObject);
  await createOrUpdate(client, SLICES, {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': MANAGED_BY } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [ip], conditions: { ready: true, serving: true, terminating: false } }],
    ports,
  } as KubeObject);
}

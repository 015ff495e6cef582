/**
 * Service and EndpointSlice objects for the DNS specs, shaped as the API server returns them.
 */
import type { Endpoint, EndpointSlice, Service, ServicePort } from './kube-objects.js';

export function clusterIPService(name: string, namespace: string, clusterIP: string, ports: ServicePort[] = [{ name: 'http', port: 80, protocol: 'TCP' }]): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { type: 'ClusterIP', clusterIP, clusterIPs: [clusterIP], ports } };
}

export function headlessService(name: string, namespace: string, ports: ServicePort[] = [{ name: 'http', port: 80, protocol: 'TCP' }], extra: Partial<NonNullable<Service['spec']>> = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports, ...extra } };
}

export function externalNameService(name: string, namespace: string, externalName: string): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { type: 'ExternalName', externalName } };
}

export function endpoint(address: string, extra: { hostname?: string; ready?: boolean } = {}): Endpoint {
  return { addresses: [address], conditions: { ready: extra.ready ?? true }, ...(extra.hostname ? { hostname: extra.hostname } : {}) };
}

export function endpointSlice(name: string, namespace: string, service: string, endpoints: Endpoint[], ports: ServicePort[] = [{ name: 'http', port: 8080, protocol: 'TCP' }]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
}

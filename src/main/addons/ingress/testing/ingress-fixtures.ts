/**
 * API objects for ingress specs, written through a real API server: Services, EndpointSlices
 * (written by hand, as the endpointslice controller would), Ingresses and IngressClasses.
 */
import type { ApiClient } from '../../../client/api-client.js';
import type { EndpointSlice } from '../../../apiserver/kinds/endpointslice.js';
import type { Ingress } from '../../../apiserver/kinds/ingress.js';
import type { IngressBackend, IngressSpec } from '../../../apiserver/kinds/ingress-validation.js';
import type { Service, ServicePort } from '../../../apiserver/kinds/service-types.js';
import { INGRESSES } from '../ingress-status.js';

export const SERVICES = { apiVersion: 'v1', resource: 'services' };
export const SLICES = { apiVersion: 'discovery.k8s.io/v1', resource: 'endpointslices' };
export const NAMESPACES = { apiVersion: 'v1', resource: 'namespaces' };
export const EVENTS = { apiVersion: 'v1', resource: 'events' };

export async function createNamespace(client: ApiClient, name: string): Promise<void> {
  await client.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** A ClusterIP Service; by default one port `http` 80 → 8080. */
export async function createService(client: ApiClient, ns: string, name: string, ports: ServicePort[] = [{ name: 'http', port: 80, targetPort: 8080 }]): Promise<Service> {
  return client.create<Service>(SERVICES, ns, {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports },
  });
}

export interface SliceEndpoint {
  ip: string;
  ready?: boolean;
}

/** Writes (creates or replaces) the EndpointSlice `<service>-slice` of a Service. */
export async function putSlice(
  client: ApiClient,
  ns: string,
  service: string,
  endpoints: SliceEndpoint[],
  ports: { name?: string; port: number }[] = [{ name: 'http', port: 8080 }],
  sliceName = `${service}-slice`,
): Promise<void> {
  const body: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: sliceName, namespace: ns, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: endpoints.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready ?? true } })),
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: 'TCP' })),
  };
  const existing = await client.tryGet<EndpointSlice>(SLICES, ns, sliceName);
  if (existing) await client.update(SLICES, { ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata.resourceVersion } });
  else await client.create(SLICES, ns, body);
}

/** A backend on a Service port given by number or by name. */
export function backend(service: string, port: number | string = 80): IngressBackend {
  return { service: { name: service, port: typeof port === 'number' ? { number: port } : { name: port } } };
}

export type PathSpec = [path: string, pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific', backend: IngressBackend];

/** `rules`: host ('' for none) → paths. */
export function ingressSpec(rules: Record<string, PathSpec[]>, extra: Partial<IngressSpec> = {}): IngressSpec {
  return {
    ...extra,
    rules: Object.entries(rules).map(([host, paths]) => ({
      ...(host ? { host } : {}),
      http: { paths: paths.map(([path, pathType, b]) => ({ path, pathType, backend: b })) },
    })),
  };
}

export async function createIngress(client: ApiClient, ns: string, name: string, spec: IngressSpec, annotations?: Record<string, string>): Promise<Ingress> {
  return client.create<Ingress>(INGRESSES, ns, {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) }, spec,
  });
}

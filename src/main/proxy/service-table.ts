/**
 * What kube-proxy programs, computed from Services and EndpointSlices: for every Service with a
 * ClusterIP, each TCP/UDP port with its *ready* endpoints (pod IP + the slice's target port),
 * matched by port name as upstream does; `sessionAffinity: ClientIP` with its timeout; the
 * `kubernetes` Service marked for the API-server relay. Pure functions, no I/O.
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { EndpointAddress, ServiceEntry, ServicePortEntry } from '../../dataplane/protocol.js';
import type { EndpointSlice } from '../apiserver/kinds/endpointslice.js';
import { readyEndpointsOf } from '../network/endpoint-slices.js';

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  nodePort?: number;
  targetPort?: number | string;
}

export interface ServiceObject extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    ports?: ServicePort[];
    sessionAffinity?: string;
    sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  };
}

export type EndpointSliceObject = EndpointSlice;
const DEFAULT_AFFINITY_SECONDS = 10_800;

export function serviceKey(s: KubeObject): string {
  return `${s.metadata.namespace}/${s.metadata.name}`;
}

export function isApiServerService(s: ServiceObject): boolean {
  return s.metadata.namespace === 'default' && s.metadata.name === 'kubernetes';
}

export function affinitySeconds(s: ServiceObject): number | undefined {
  if (s.spec?.sessionAffinity !== 'ClientIP') return undefined;
  return s.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS;
}

/** Ready endpoints of one service port, from the Service's slices (IPv4: the pod network's family). */
export function readyEndpoints(port: ServicePort, slices: readonly EndpointSliceObject[]): EndpointAddress[] {
  return readyEndpointsOf(slices, port.name ?? '', port.protocol ?? 'TCP', ['IPv4']);
}

/** The table entry of a Service, or undefined when it has no ClusterIP to serve (headless, ExternalName). */
export function serviceEntry(s: ServiceObject, slices: readonly EndpointSliceObject[]): ServiceEntry | undefined {
  const ip = s.spec?.clusterIP;
  if (!ip || ip === 'None' || s.spec?.type === 'ExternalName') return undefined;
  const apiServer = isApiServerService(s);
  const ports: ServicePortEntry[] = [];
  for (const p of s.spec?.ports ?? []) {
    const protocol = (p.protocol ?? 'TCP') as string;
    if (protocol !== 'TCP' && protocol !== 'UDP') continue;
    ports.push({ port: p.port, protocol, endpoints: apiServer ? [] : readyEndpoints(p, slices), ...(apiServer ? { apiServer: true } : {}) });
  }
  if (ports.length === 0) return undefined;
  return { name: serviceKey(s), clusterIP: ip, affinitySeconds: affinitySeconds(s), ports };
}

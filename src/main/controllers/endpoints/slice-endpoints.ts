/**
 * The discovery.k8s.io/v1 endpoints of a Service, grouped by the ports they serve (upstream
 * `endpointslice` `podToEndpoint` + `getEndpointPorts`): every pod with an IP that is not
 * finished, terminating pods included, with the conditions
 * - `serving`: the pod is Ready;
 * - `terminating`: the pod has a deletionTimestamp;
 * - `ready`: serving and not terminating (always true with `publishNotReadyAddresses`).
 * Each group becomes one or more slices of at most `maxEndpointsPerSlice` endpoints.
 */
import type { Pod } from '../../apiserver/kinds/pod-types.js';
import type { Service } from '../../apiserver/kinds/service-types.js';
import {
  findPort, isPodReady, isPodTerminating, podIP, serviceAddressFamily, shouldPodBeInEndpoints, shouldSetHostname, targetRef,
  type TargetRef,
} from './pod-endpoints.js';

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  targetRef: TargetRef;
}

export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** Endpoints that serve the same ports; `key` identifies the port set. */
export interface EndpointGroup {
  key: string;
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

export function endpointGroups(svc: Service, pods: readonly Pod[]): Map<string, EndpointGroup> {
  const family = serviceAddressFamily(svc);
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, EndpointGroup>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ip = podIP(pod, family);
    if (!ip) continue;
    const serving = isPodReady(pod);
    const terminating = isPodTerminating(pod);
    const endpoint: SliceEndpoint = {
      addresses: [ip],
      conditions: { ready: publishNotReady || (serving && !terminating), serving, terminating },
      targetRef: targetRef(pod),
    };
    if (shouldSetHostname(pod, svc)) endpoint.hostname = pod.spec!.hostname;
    if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
    const ports = slicePorts(svc, pod);
    const key = portsKey(ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, ports, endpoints: [] }));
    group.endpoints.push(endpoint);
  }
  return groups;
}

/** The Service's ports this pod serves, in a canonical order. */
function slicePorts(svc: Service, pod: Pod): SlicePort[] {
  const out: SlicePort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: SlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return sortPorts(out);
}

export function sortPorts<T extends { name?: string; port?: number; protocol?: string }>(ports: T[]): T[] {
  return ports.sort((a, b) => {
    const an = a.name ?? '';
    const bn = b.name ?? '';
    if (an !== bn) return an < bn ? -1 : 1;
    return (a.port ?? 0) - (b.port ?? 0) || ((a.protocol ?? '') < (b.protocol ?? '') ? -1 : (a.protocol ?? '') > (b.protocol ?? '') ? 1 : 0);
  });
}

/** Identifies a set of ports regardless of order. */
export function portsKey(ports: readonly { name?: string; port?: number; protocol?: string; appProtocol?: string }[]): string {
  const canonical = sortPorts(ports.map((p) => ({ name: p.name ?? '', port: p.port ?? 0, protocol: p.protocol ?? 'TCP', appProtocol: p.appProtocol ?? '' })));
  return JSON.stringify(canonical);
}

/** Identifies an endpoint across updates: its pod, else its first address. */
export function endpointKey(ep: { targetRef?: { uid?: string }; addresses?: string[] }): string {
  return ep.targetRef?.uid ?? ep.addresses?.[0] ?? '';
}

/**
 * The core/v1 Endpoints `subsets` of a Service (upstream `endpoints_controller.go` `syncService`
 * + `RepackSubsets`): one subset per distinct set of resolved ports; ready pods in `addresses`,
 * the others in `notReadyAddresses` (`publishNotReadyAddresses` puts every pod in `addresses`).
 * Terminating pods are left out unless `publishNotReadyAddresses`. Pods without an IP, and
 * ports a pod does not have (a named targetPort it lacks), are skipped. Deterministic order:
 * subsets by their ports, addresses by IP.
 */
import type { Pod } from '../../apiserver/kinds/pod-types.js';
import type { Service } from '../../apiserver/kinds/service-types.js';
import {
  findPort, isHeadlessService, isPodReady, podIP, serviceAddressFamily, shouldPodBeInEndpoints, shouldSetHostname, targetRef,
  type TargetRef,
} from './pod-endpoints.js';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: TargetRef;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** Upstream `maxCapacity`: Endpoints beyond this many addresses are truncated. */
export const MAX_ENDPOINT_ADDRESSES = 1000;

export interface DesiredSubsets {
  subsets: EndpointSubset[];
  /** Addresses were dropped to stay within `MAX_ENDPOINT_ADDRESSES`. */
  truncated: boolean;
}

export function desiredSubsets(svc: Service, pods: readonly Pod[]): DesiredSubsets {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const family = serviceAddressFamily(svc);
  const groups = new Map<string, { ports: EndpointPort[]; ready: Map<string, EndpointAddress>; notReady: Map<string, EndpointAddress> }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const ip = podIP(pod, family);
    if (!ip) continue;
    const address: EndpointAddress = { ip, targetRef: targetRef(pod) };
    if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
    if (shouldSetHostname(pod, svc)) address.hostname = pod.spec!.hostname;
    const ports = resolvedPorts(svc, pod);
    if (ports === undefined) continue;
    const key = JSON.stringify(ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, ready: new Map(), notReady: new Map() }));
    const id = `${ip}/${address.targetRef.uid}`;
    if (publishNotReady || isPodReady(pod)) {
      group.ready.set(id, address);
      group.notReady.delete(id);
    } else if (!group.ready.has(id)) group.notReady.set(id, address);
  }
  let budget = MAX_ENDPOINT_ADDRESSES;
  let truncated = false;
  const take = (addresses: Iterable<EndpointAddress>): EndpointAddress[] => {
    const sorted = [...addresses].sort(compareAddresses);
    if (sorted.length > budget) truncated = true;
    const kept = sorted.slice(0, Math.max(0, budget));
    budget -= kept.length;
    return kept;
  };
  const ordered = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  const readyLists = ordered.map((g) => take(g.ready.values()));
  const subsets: EndpointSubset[] = [];
  ordered.forEach((g, i) => {
    const subset: EndpointSubset = {};
    const ready = readyLists[i];
    const notReady = take(g.notReady.values());
    if (ready.length) subset.addresses = ready;
    if (notReady.length) subset.notReadyAddresses = notReady;
    if (g.ports.length) subset.ports = g.ports;
    if (ready.length || notReady.length) subsets.push(subset);
  });
  return { subsets, truncated };
}

/**
 * The Service's ports as this pod serves them, sorted by name; undefined when the pod serves
 * none of them (a Service without ports lists only the addresses of a headless Service).
 */
function resolvedPorts(svc: Service, pod: Pod): EndpointPort[] | undefined {
  const servicePorts = svc.spec?.ports ?? [];
  if (servicePorts.length === 0) return isHeadlessService(svc) ? [] : undefined;
  const out: EndpointPort[] = [];
  for (const sp of servicePorts) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
    if (sp.name) ep.name = sp.name;
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  if (out.length === 0) return undefined;
  return out.sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : a.port - b.port));
}

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  return a.targetRef.uid < b.targetRef.uid ? -1 : a.targetRef.uid > b.targetRef.uid ? 1 : 0;
}

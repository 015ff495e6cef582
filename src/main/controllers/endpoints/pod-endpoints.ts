/**
 * How a pod becomes an endpoint of a Service (upstream `staging/src/k8s.io/endpointslice/util`
 * and `pkg/api/v1/pod`): which pods count, their address, readiness and the port a Service port
 * reaches on them. Shared by the Endpoints and EndpointSlice controllers; pure functions.
 */
import type { Pod } from '../../apiserver/kinds/pod-types.js';
import type { Service, ServicePort } from '../../apiserver/kinds/service-types.js';
import { selectorFromSet } from '../../../shared/api/label-selector.js';

export type AddressFamily = 'IPv4' | 'IPv6';

export interface TargetRef {
  kind: 'Pod';
  namespace: string;
  name: string;
  uid: string;
}

/** The pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function isPodTerminating(pod: Pod): boolean {
  return !!pod.metadata.deletionTimestamp;
}

/**
 * Whether the pod belongs in Endpoints/EndpointSlices at all: not finished (Succeeded/Failed),
 * has an IP, and — unless `includeTerminating` — is not being deleted.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) return false;
  return includeTerminating || !isPodTerminating(pod);
}

/** The pod's first IP of the family, from `podIPs` (or `podIP`). */
export function podIP(pod: Pod, family: AddressFamily = 'IPv4'): string | undefined {
  const ips = pod.status?.podIPs?.length ? pod.status.podIPs.map((p) => p.ip) : pod.status?.podIP ? [pod.status.podIP] : [];
  return ips.find((ip) => (family === 'IPv6') === ip.includes(':'));
}

/**
 * The port a Service port reaches on this pod (upstream `FindPort`): a numeric `targetPort` as
 * is; a named one through the containers' (and restartable init containers') port of that name
 * and protocol; undefined when the pod has no such port.
 */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (target === undefined || target === '') return undefined;
  const protocol = servicePort.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const container of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol && port.containerPort) return port.containerPort;
    }
  }
  return undefined;
}

/** A headless Service's pods publish their `hostname` when their `subdomain` names the Service. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

export function targetRef(pod: Pod): TargetRef {
  return { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! };
}

/** Services whose endpoints are computed from pods: a selector with at least one label, and not ExternalName. */
export function hasPodSelector(svc: Service): boolean {
  return svc.spec?.type !== 'ExternalName' && Object.keys(svc.spec?.selector ?? {}).length > 0;
}

/** The Service selects the pod: same namespace and every selector label matches. */
export function selectsPod(svc: Service, pod: Pod): boolean {
  return hasPodSelector(svc) && svc.metadata.namespace === pod.metadata.namespace && selectorFromSet(svc.spec?.selector).matches(pod.metadata.labels);
}

/** The Service's address family (first of `ipFamilies`, IPv4 by default). */
export function serviceAddressFamily(svc: Service): AddressFamily {
  return svc.spec?.ipFamilies?.[0] === 'IPv6' ? 'IPv6' : 'IPv4';
}

export function isHeadlessService(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

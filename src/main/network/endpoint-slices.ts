/**
 * EndpointSlices as the data planes read them (kube-proxy, the ingress controller): the ready
 * endpoints of one Service port, matched by port name and protocol as upstream does, and an
 * index of slices by the Service they belong to (label `kubernetes.io/service-name`), kept
 * current by an informer's handlers. Readiness follows discovery.k8s.io/v1: `conditions.ready`
 * unset means ready.
 */
import type { EndpointSlice } from '../apiserver/kinds/endpointslice.js';
import type { InformerHandlers } from '../client/informer.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** A pod address and the port to dial on it. */
export interface Endpoint {
  ip: string;
  port: number;
}

/** The fields of a slice the data planes read. */
export type SliceLike = Pick<EndpointSlice, 'addressType' | 'endpoints' | 'ports'>;

/**
 * Ready endpoints for the Service port named `portName` ('' for an unnamed port) of `protocol`,
 * from slices of the given address families; each address once, in the slices' order.
 */
export function readyEndpointsOf(slices: readonly SliceLike[], portName: string, protocol: string, families: readonly string[]): Endpoint[] {
  const out = new Map<string, Endpoint>();
  for (const slice of slices) {
    if (slice.addressType !== undefined && !families.includes(slice.addressType)) continue;
    const port = (slice.ports ?? []).find((p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === protocol)?.port;
    if (port === undefined || port === null) continue;
    for (const ep of slice.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const ip of ep.addresses ?? []) {
        const key = `${ip}:${port}`;
        if (!out.has(key)) out.set(key, { ip, port });
      }
    }
  }
  return [...out.values()];
}

export class EndpointSliceIndex {
  /** `<ns>/<service>` → slice name → slice; only slices that carry the service-name label. */
  private readonly byService = new Map<string, Map<string, EndpointSlice>>();

  /** Handlers to register on the EndpointSlice informer. */
  readonly handlers: InformerHandlers<EndpointSlice> = {
    onAdd: (s) => this.put(s),
    onUpdate: (old, s) => {
      this.remove(old);
      this.put(s);
    },
    onDelete: (s) => this.remove(s),
  };

  /** The slices of one Service, in the order they were first seen. */
  slicesOf(namespace: string, service: string): EndpointSlice[] {
    return [...(this.byService.get(`${namespace}/${service}`)?.values() ?? [])];
  }

  /**
   * Ready TCP endpoints of a Service for the Service port named `portName` ('' for an unnamed
   * port), each address once, in a stable order (slices by name).
   */
  readyEndpoints(namespace: string, service: string, portName: string): Endpoint[] {
    const slices = this.slicesOf(namespace, service).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    return readyEndpointsOf(slices, portName, 'TCP', ['IPv4', 'IPv6']);
  }

  private put(slice: EndpointSlice): void {
    const key = serviceKey(slice);
    if (!key) return;
    let slices = this.byService.get(key);
    if (!slices) this.byService.set(key, (slices = new Map()));
    slices.set(slice.metadata.name!, slice);
  }

  private remove(slice: EndpointSlice): void {
    const key = serviceKey(slice);
    if (!key) return;
    const slices = this.byService.get(key);
    slices?.delete(slice.metadata.name!);
    if (slices?.size === 0) this.byService.delete(key);
  }
}

function serviceKey(slice: EndpointSlice): string | undefined {
  const service = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  return service ? `${slice.metadata.namespace}/${service}` : undefined;
}

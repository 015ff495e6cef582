/**
 * Turns an Ingress backend into the pod endpoints to try, in round-robin order, or into the
 * reason it cannot be served: a resource backend (501), a Service that does not exist, a port
 * that is not one of its ports, no ready endpoints (503). The Service port is found by number
 * or by name; its endpoints are the EndpointSlice ports carrying the Service port's name.
 */
import type { IngressBackend } from '../../apiserver/kinds/ingress-validation.js';
import type { Service } from '../../apiserver/kinds/service-types.js';
import type { Endpoint, EndpointSliceIndex } from '../../network/endpoint-slices.js';
import type { ProxyError } from './error-page.js';

export type Resolution =
  | { ok: true; /** `ns/name:port`, for messages. */ service: string; /** Every ready endpoint, starting with this request's turn. */ endpoints: Endpoint[] }
  | { ok: false; error: ProxyError };

export class BackendResolver {
  /** Round-robin position per `ns/service:port`. */
  private readonly turns = new Map<string, number>();

  constructor(
    private readonly services: { get(key: string): Service | undefined },
    private readonly slices: EndpointSliceIndex,
  ) {}

  resolve(namespace: string, backend: IngressBackend): Resolution {
    if (backend.resource) {
      const r = backend.resource;
      const what = `${r.kind ?? 'resource'}${r.apiGroup ? `.${r.apiGroup}` : ''} ${namespace}/${r.name ?? ''}`;
      return fail(501, 'Resource backends are not supported', `This path is backed by ${what}; the Pilothouse ingress controller only routes to Services.`);
    }
    const name = backend.service?.name ?? '';
    const id = `${namespace}/${name}`;
    const svc = this.services.get(id);
    if (!svc) return fail(503, `Service ${id} does not exist`, `service ${id} does not exist. Create it, or correct the Ingress backend.`);
    if (svc.spec?.type === 'ExternalName') {
      return fail(503, `Service ${id} is an ExternalName service`, `service ${id} points outside the cluster (ExternalName); the ingress controller only routes to pods.`);
    }
    const wanted = backend.service?.port;
    const port = (svc.spec?.ports ?? []).find((p) => (wanted?.name ? p.name === wanted.name : p.port === wanted?.number));
    const label = wanted?.name ?? String(wanted?.number ?? '');
    if (!port) {
      const known = (svc.spec?.ports ?? []).map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port))).join(', ') || 'none';
      return fail(503, `Port ${label} is not a port of service ${id}`, `port ${label} is not a port of service ${id}; its ports are: ${known}.`);
    }
    const endpoints = this.slices.readyEndpoints(namespace, name, port.name ?? '');
    if (endpoints.length === 0) {
      return fail(503, `Service ${id} has no ready endpoints`, `service ${id} has no ready endpoints: no pod behind it is ready yet (check its selector and its pods' readiness).`);
    }
    const key = `${id}:${port.port}`;
    const turn = this.turns.get(key) ?? 0;
    this.turns.set(key, (turn + 1) % endpoints.length);
    const start = turn % endpoints.length;
    return { ok: true, service: key, endpoints: [...endpoints.slice(start), ...endpoints.slice(0, start)] };
  }
}

function fail(status: number, title: string, detail: string): Resolution {
  return { ok: false, error: { status, title, detail } };
}

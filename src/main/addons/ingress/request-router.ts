/**
 * The decision for one request: the routing table (rebuilt after Ingresses or classes changed)
 * picks the backend, the resolver turns it into pods — or the request gets the error page that
 * says why not (404 no rule, 501/503 from the backend, 503 while the caches are still filling).
 */
import type { IncomingMessage } from 'node:http';
import type { Ingress } from '../../apiserver/kinds/ingress.js';
import type { BackendResolver } from './backend-resolver.js';
import type { ProxyError } from './error-page.js';
import type { RouteDecision } from './ingress-server.js';
import { normalizeHost, requestPath, RouteTable } from './route-table.js';

const MAX_LISTED_HOSTS = 20;

export interface RequestRouterOptions {
  /** The Ingresses this controller serves, now. */
  served: () => Ingress[];
  resolver: BackendResolver;
  className: string;
}

export class RequestRouter {
  /** Undefined until built, and again once the served Ingresses changed. */
  private table?: RouteTable;
  private ready = false;

  constructor(private readonly options: RequestRouterOptions) {}

  /** The served Ingresses changed: rebuild the table on the next request. */
  invalidate(): void {
    this.table = undefined;
  }

  /** The caches are filled: start routing. */
  markReady(): void {
    this.ready = true;
    this.table = undefined;
  }

  route(req: IncomingMessage): RouteDecision {
    if (!this.ready) {
      return { ok: false, error: { status: 503, title: 'The ingress controller is starting', detail: "It has not read the cluster's Ingresses yet; try again in a moment." } };
    }
    const table = (this.table ??= new RouteTable(this.options.served()));
    const match = table.match(req.headers.host, req.url ?? '/');
    if (!match) return { ok: false, error: this.noRule(table, req) };
    const resolved = this.options.resolver.resolve(match.namespace, match.backend);
    if (!resolved.ok) {
      const via = `Matched ${match.rule} of Ingress ${match.namespace}/${match.ingress}.`;
      return { ok: false, error: { ...resolved.error, hints: [...(resolved.error.hints ?? []), via] } };
    }
    return { ok: true, target: { service: resolved.service, endpoints: resolved.endpoints } };
  }

  private noRule(table: RouteTable, req: IncomingMessage): ProxyError {
    const host = normalizeHost(req.headers.host) || '(none)';
    const path = requestPath(req.url ?? '/');
    const hosts = table.hosts();
    const listed = hosts.length > MAX_LISTED_HOSTS ? [...hosts.slice(0, MAX_LISTED_HOSTS), `and ${hosts.length - MAX_LISTED_HOSTS} more`] : hosts;
    const paths = table.pathsFor(req.headers.host);
    return {
      status: 404,
      title: 'No Ingress rule matches',
      detail: `no Ingress rule matches host ${host} path ${path}, and no Ingress has a default backend.`,
      hints: [
        hosts.length ? `Hosts served: ${listed.join(', ')}` : `No Ingress of class ${this.options.className} is served yet.`,
        ...(paths.length ? [`Paths served for this host: ${paths.join(', ')}`] : []),
      ],
    };
  }
}

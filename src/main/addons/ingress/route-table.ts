/**
 * The routing table built from the Ingresses this controller serves, and the one question it
 * answers: which backend gets a request for this Host and path.
 *
 * Matching follows ingress-nginx, where every host is its own nginx `server`:
 * - the Host header is lower-cased and its port dropped;
 * - an exact host wins over a `*.` wildcard (which covers exactly one label: `*.foo.com` matches
 *   `a.foo.com`, not `foo.com` nor `a.b.foo.com`), which wins over rules without a host; the
 *   most specific host that has rules decides, there is no falling through to a less specific one;
 * - within that host, an `Exact` path wins over any `Prefix`; among prefixes the longest wins;
 *   `Prefix` is element-wise (`/foo` matches `/foo`, `/foo/`, `/foo/bar`, not `/foobar`), a
 *   trailing slash on the rule's path is ignored, and `ImplementationSpecific` is a prefix;
 * - equal matches from different Ingresses go to the older one (creationTimestamp, then
 *   namespace/name, as ingress-nginx sorts them);
 * - nothing matched: the `spec.defaultBackend` of the oldest Ingress with rules for that host
 *   that has one, else of the oldest served Ingress that has one.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { Ingress } from '../../apiserver/kinds/ingress.js';
import type { IngressBackend } from '../../apiserver/kinds/ingress-validation.js';

export type PathKind = 'Exact' | 'Prefix';

/** One path of one rule of one Ingress. */
interface Route {
  namespace: string;
  ingress: string;
  /** Lower-case; '' for a rule without a host. */
  host: string;
  /** The rule's path as written. */
  path: string;
  kind: PathKind;
  /** For Prefix: the path without its trailing slash ('' for `/`). */
  prefix: string;
  backend: IngressBackend;
  /** Position of the Ingress in age order: lower is older. */
  age: number;
}

/** What a request is routed to. */
export interface RouteMatch {
  namespace: string;
  ingress: string;
  backend: IngressBackend;
  /** Which rule matched, for messages: `a.localhost/api (Prefix)` or `default backend`. */
  rule: string;
}

interface HostGroup {
  routes: Route[];
  /** The defaultBackend of the oldest Ingress with rules for this host that has one. */
  fallback?: RouteMatch;
}

export class RouteTable {
  private readonly exact = new Map<string, HostGroup>();
  private readonly wildcard = new Map<string, HostGroup>();
  private anyHost?: HostGroup;
  private defaultBackend?: RouteMatch;

  /** Builds the table; `ingresses` in any order. */
  constructor(ingresses: Ingress[]) {
    const sorted = [...ingresses].sort(byAge);
    sorted.forEach((ing, age) => {
      const namespace = ing.metadata.namespace ?? 'default';
      const name = ing.metadata.name ?? '';
      const fallback = ing.spec?.defaultBackend ? { namespace, ingress: name, backend: ing.spec.defaultBackend, rule: 'default backend' } : undefined;
      this.defaultBackend ??= fallback;
      for (const rule of ing.spec?.rules ?? []) {
        const host = (rule.host ?? '').toLowerCase();
        const group = host === '' ? (this.anyHost ??= { routes: [] }) : groupFor(host.startsWith('*.') ? this.wildcard : this.exact, host.startsWith('*.') ? host.slice(2) : host);
        group.fallback ??= fallback;
        for (const p of rule.http?.paths ?? []) {
          if (!p.backend) continue;
          const path = p.path || '/';
          const kind: PathKind = p.pathType === 'Exact' ? 'Exact' : 'Prefix';
          group.routes.push({ namespace, ingress: name, host, path, kind, prefix: path.replace(/\/+$/, ''), backend: p.backend, age });
        }
      }
    });
  }

  /** The backend for a request, or undefined when nothing (not even a default backend) matches. */
  match(hostHeader: string | undefined, url: string): RouteMatch | undefined {
    const group = this.groupFor(normalizeHost(hostHeader));
    const path = requestPath(url);
    if (group) {
      const route = bestRoute(group.routes, path);
      if (route) {
        return { namespace: route.namespace, ingress: route.ingress, backend: route.backend, rule: `${route.host || '*'}${route.path} (${route.kind})` };
      }
      return group.fallback ?? this.defaultBackend;
    }
    return this.defaultBackend;
  }

  /** The hosts that have rules, for the 404 page (`*` stands for rules without a host). */
  hosts(): string[] {
    return [...this.exact.keys(), ...[...this.wildcard.keys()].map((h) => `*.${h}`), ...(this.anyHost ? ['*'] : [])].sort();
  }

  /** The paths served for a host, for the 404 page: `/api (Prefix)`. */
  pathsFor(hostHeader: string | undefined): string[] {
    const group = this.groupFor(normalizeHost(hostHeader));
    return [...new Set(group?.routes.map((r) => `${r.path} (${r.kind})`) ?? [])];
  }

  private groupFor(host: string): HostGroup | undefined {
    const exact = this.exact.get(host);
    if (exact) return exact;
    const dot = host.indexOf('.');
    const wildcard = dot > 0 ? this.wildcard.get(host.slice(dot + 1)) : undefined;
    return wildcard ?? this.anyHost;
  }
}

/** `A.Example.com:8080` → `a.example.com`; `[::1]:80` → `[::1]`; a trailing dot is dropped. */
export function normalizeHost(header: string | undefined): string {
  const h = (header ?? '').trim().toLowerCase();
  const host = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '');
  return host.replace(/\.$/, '');
}

/**
 * A request target in origin form, as a pod expects it: `http://a.localhost/x?y` → `/x?y`;
 * origin form and `*` stay as they are.
 */
export function originForm(url: string): string {
  if (url.startsWith('/') || url === '*') return url;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (!m) return url;
  const rest = url.slice(m[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** The path of a request target without its query (`/a/b?x=1` → `/a/b`); absolute-form too. */
export function requestPath(url: string): string {
  const target = originForm(url);
  if (!target.startsWith('/')) return '/';
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

/** Element-wise prefix match; `prefix` has no trailing slash ('' is `/`). */
export function prefixMatches(prefix: string, path: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

function bestRoute(routes: Route[], path: string): Route | undefined {
  let best: Route | undefined;
  for (const r of routes) {
    if (r.kind === 'Exact' ? r.path !== path : !prefixMatches(r.prefix, path)) continue;
    if (!best || better(r, best)) best = r;
  }
  return best;
}

/** Exact beats Prefix, a longer prefix beats a shorter one, then the older Ingress. */
function better(a: Route, b: Route): boolean {
  if (a.kind !== b.kind) return a.kind === 'Exact';
  if (a.kind === 'Prefix' && a.prefix.length !== b.prefix.length) return a.prefix.length > b.prefix.length;
  return a.age < b.age;
}

function groupFor(map: Map<string, HostGroup>, key: string): HostGroup {
  let g = map.get(key);
  if (!g) map.set(key, (g = { routes: [] }));
  return g;
}

/** Oldest first; the same instant is ordered by namespace/name. */
export function byAge(a: KubeObject, b: KubeObject): number {
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

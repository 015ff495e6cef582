/**
 * A pod's resolver settings from its `dnsPolicy` and `dnsConfig` (upstream `pkg/kubelet/network/dns`):
 * `ClusterFirst` points at the cluster DNS service with the namespace's search path and
 * `ndots:5`; `Default` keeps the node's (Docker's) resolver; `None` takes `dnsConfig` alone.
 * `dnsConfig` adds nameservers and searches and overrides options by name.
 */
import type { Pod } from './api-types.js';

export interface ClusterDNS {
  /** The cluster DNS service's address(es), e.g. 10.96.0.10. */
  servers: string[];
  /** e.g. `cluster.local`. */
  domain: string;
}

export interface PodDNS {
  servers: string[];
  searches: string[];
  options: string[];
}

const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;

interface DnsConfigSpec {
  nameservers?: string[];
  searches?: string[];
  options?: { name?: string; value?: string }[];
}

/** Undefined: leave the runtime's default resolver (the node's). */
export function podDNS(pod: Pod, cluster: ClusterDNS | undefined): PodDNS | undefined {
  const spec = (pod.spec ?? {}) as { dnsPolicy?: string; dnsConfig?: DnsConfigSpec; hostNetwork?: boolean };
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  let base: PodDNS | undefined;
  if (policy === 'None') {
    base = { servers: [], searches: [], options: [] };
  } else if (cluster && cluster.servers.length && (policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !spec.hostNetwork))) {
    const ns = pod.metadata.namespace ?? 'default';
    base = { servers: [...cluster.servers], searches: [`${ns}.svc.${cluster.domain}`, `svc.${cluster.domain}`, cluster.domain], options: ['ndots:5'] };
  }
  const extra = spec.dnsConfig;
  if (!extra) return base;
  base ??= { servers: [], searches: [], options: [] };
  const servers = [...base.servers, ...(extra.nameservers ?? [])].slice(0, MAX_NAMESERVERS);
  const searches = [...new Set([...base.searches, ...(extra.searches ?? [])])].slice(0, MAX_SEARCHES);
  const options = new Map<string, string>();
  for (const o of base.options) {
    const [name, value] = o.split(':');
    options.set(name, value ?? '');
  }
  for (const o of extra.options ?? []) if (o.name) options.set(o.name, o.value ?? '');
  return { servers, searches, options: [...options].map(([n, v]) => (v ? `${n}:${v}` : n)) };
}

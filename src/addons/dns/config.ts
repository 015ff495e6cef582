/**
 * The add-on's configuration from its environment: ports, bind address, cluster domain, upstream
 * resolvers (`DNS_UPSTREAM`, else the nameservers in /etc/resolv.conf) and how to reach the API
 * server from a pod (KUBERNETES_SERVICE_HOST/PORT and the service-account files).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ApiConnectionConfig } from './api-connection.js';
import type { Upstream } from './upstream-forwarder.js';

export interface DnsAddonConfig {
  /** UDP and TCP port for DNS (DNS_PORT, default 53). */
  dnsPort: number;
  /** HTTP port for /health and /ready (DNS_HEALTH_PORT, default 8080). */
  healthPort: number;
  /** Address both listen on (DNS_BIND_ADDRESS, default 0.0.0.0). */
  bindAddress: string;
  /** Canonical cluster domain (CLUSTER_DOMAIN, default cluster.local). */
  domain: string;
  /** TTL of cluster records (DNS_TTL, default 5, CoreDNS's kubernetes plugin default). */
  ttl: number;
  upstreams: Upstream[];
  api: ApiConnectionConfig;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A setting is missing or malformed; the message says which and what is expected. */
export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): DnsAddonConfig {
  const host = env.KUBERNETES_SERVICE_HOST;
  if (!host) throw new ConfigError('KUBERNETES_SERVICE_HOST is not set: the DNS add-on must run in a pod (or be told where the API server is)');
  const resolvConf = env.DNS_RESOLV_CONF ?? '/etc/resolv.conf';
  let upstreams: Upstream[];
  if (env.DNS_UPSTREAM) {
    upstreams = parseUpstreams(env.DNS_UPSTREAM);
  } else {
    let text = '';
    try {
      text = readFile(resolvConf);
    } catch {
      // No resolv.conf: no upstreams; forwarded queries get SERVFAIL.
    }
    upstreams = parseResolvConf(text);
  }
  return {
    dnsPort: port(env, 'DNS_PORT', 53),
    healthPort: port(env, 'DNS_HEALTH_PORT', 8080),
    bindAddress: env.DNS_BIND_ADDRESS || '0.0.0.0',
    domain: (env.CLUSTER_DOMAIN || 'cluster.local').toLowerCase().replace(/^\.+|\.+$/g, ''),
    ttl: integer(env, 'DNS_TTL', 5, 0, 2 ** 31 - 1),
    upstreams,
    api: {
      host,
      port: port(env, 'KUBERNETES_SERVICE_PORT', 443),
      tokenFile: env.DNS_TOKEN_FILE || `${SERVICE_ACCOUNT_DIR}/token`,
      caFile: env.DNS_CA_FILE || `${SERVICE_ACCOUNT_DIR}/ca.crt`,
    },
  };
}

/** `nameserver` lines of a resolv.conf, port 53 (scoped IPv6 addresses lose their zone index). */
export function parseResolvConf(text: string): Upstream[] {
  const out: Upstream[] = [];
  for (const line of text.split('\n')) {
    const [keyword, address] = line.replace(/[#;].*/, '').trim().split(/\s+/);
    const host = address?.replace(/%.*/, '');
    if (keyword === 'nameserver' && host && isIP(host)) out.push({ host, port: 53 });
  }
  return out;
}

/** `ip[:port],...`; IPv6 with a port as `[addr]:port`. */
export function parseUpstreams(text: string): Upstream[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map((item) => {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(item);
    const [host, portText] = bracketed ? [bracketed[1], bracketed[2]] : isIP(item) ? [item, undefined] : item.split(':');
    const portNumber = portText === undefined ? 53 : Number(portText);
    if (!isIP(host ?? '') || !Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
      throw new ConfigError(`DNS_UPSTREAM entry "${item}" is not ip[:port] (IPv6 as [addr]:port)`);
    }
    return { host, port: portNumber };
  });
}

function port(env: Record<string, string | undefined>, name: string, fallback: number): number {
  return integer(env, name, fallback, 0, 65535);
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name}="${text}" is not an integer in ${min}..${max}`);
  return n;
}

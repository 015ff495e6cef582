/**
 * Service-link environment variables (upstream `getServiceEnvVarMap` and `envvars.FromServices`):
 * for every Service of the pod's namespace with a cluster IP (when `enableServiceLinks`, the
 * default) and always for the `kubernetes` Service in `default`, the Docker-links-style
 * `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT[_<PORT NAME>]`, `<NAME>_PORT`, and
 * `<NAME>_PORT_<port>_<PROTO>[_PROTO|_PORT|_ADDR]`. They come before the container's own `env`,
 * which may override them.
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { Pod } from './api-types.js';
import type { ApiClient } from '../client/api-client.js';

export interface ServiceObject extends KubeObject {
  spec?: { clusterIP?: string; type?: string; ports?: { name?: string; port?: number; protocol?: string }[] };
}

/** Lists the Services a pod's env is made from. */
export interface ServiceLister {
  list(namespace: string): Promise<ServiceObject[]>;
  /** The `kubernetes` Service in `default` (the API server as pods see it), if it exists. */
  master(): Promise<ServiceObject | undefined>;
}

export async function serviceEnvironment(pod: Pod, lister: ServiceLister): Promise<Record<string, string>> {
  const namespace = pod.metadata.namespace ?? 'default';
  const links = (pod.spec as { enableServiceLinks?: boolean } | undefined)?.enableServiceLinks !== false;
  const services = new Map<string, ServiceObject>();
  if (links) for (const s of await lister.list(namespace)) services.set(s.metadata.name ?? '', s);
  // The master service is always there; a Service named `kubernetes` in the pod's own namespace wins when links are on.
  const master = await lister.master();
  if (master && !(links && namespace !== 'default' && services.has('kubernetes'))) services.set('kubernetes', master);
  const env: Record<string, string> = {};
  for (const s of [...services.values()].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))) {
    Object.assign(env, serviceVariables(s));
  }
  return env;
}

export function serviceVariables(s: ServiceObject): Record<string, string> {
  const ip = s.spec?.clusterIP;
  const ports = s.spec?.ports ?? [];
  if (!ip || ip === 'None' || s.spec?.type === 'ExternalName' || ports.length === 0) return {};
  const name = (s.metadata.name ?? '').toUpperCase().replace(/-/g, '_');
  const env: Record<string, string> = {};
  env[`${name}_SERVICE_HOST`] = ip;
  env[`${name}_SERVICE_PORT`] = String(ports[0].port);
  for (const p of ports) if (p.name) env[`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`] = String(p.port);
  const first = ports[0];
  env[`${name}_PORT`] = `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`;
  for (const p of ports) {
    const proto = (p.protocol ?? 'TCP').toUpperCase();
    const prefix = `${name}_PORT_${p.port}_${proto}`;
    env[prefix] = `${proto.toLowerCase()}://${ip}:${p.port}`;
    env[`${prefix}_PROTO`] = proto.toLowerCase();
    env[`${prefix}_PORT`] = String(p.port);
    env[`${prefix}_ADDR`] = ip;
  }
  return env;
}

const SERVICES = { apiVersion: 'v1', resource: 'services' };

/** Reads Services through the API when a container is created (one list per container start). */
export function apiServiceLister(client: ApiClient): ServiceLister {
  return {
    list: async (namespace) => (await client.list<ServiceObject>(SERVICES, namespace)).items,
    master: () => client.tryGet<ServiceObject>(SERVICES, 'default', 'kubernetes'),
  };
}

/**
 * Store key layout, as the upstream API server lays out etcd:
 * `/registry/{group|core}/{resource}/{namespace}/{name}` for namespaced resources and
 * `/registry/{group|core}/{resource}/{name}` for cluster-scoped ones.
 */
import type { ResourceDef } from '../registry/resource-def.js';

export function resourcePrefix(r: ResourceDef): string {
  return `/registry/${r.group || 'core'}/${r.plural}/`;
}

/** Prefix of every object of `r` in `namespace` (or all namespaces when undefined). */
export function collectionPrefix(r: ResourceDef, namespace?: string): string {
  const base = resourcePrefix(r);
  return r.namespaced && namespace ? `${base}${namespace}/` : base;
}

export function objectKey(r: ResourceDef, namespace: string | undefined, name: string): string {
  return r.namespaced ? `${resourcePrefix(r)}${namespace}/${name}` : `${resourcePrefix(r)}${name}`;
}

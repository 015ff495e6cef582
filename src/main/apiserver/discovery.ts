/**
 * Unaggregated discovery documents (`/api`, `/api/v1`, `/apis`, `/apis/{g}`, `/apis/{g}/{v}`),
 * which kubectl and client-go fall back to when the server answers plain `application/json`.
 */
import { CONNECT_SUBRESOURCES, RESOURCES, apiVersionOf, servedGroupVersions } from './registry/resources.js';
import type { ResourceDef } from './registry/resource-def.js';

const STORED_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/**
 * Groups served without resources of their own. policy/v1 is deliberately absent: a group with
 * no resources makes `kubectl api-resources` fail, and `kubectl drain` finds eviction support
 * through the `pods/eviction` entry in /api/v1 (its group and version say policy/v1).
 */
const EXTRA_GROUPS: { group: string; version: string }[] = [
  // The scheduler's decision records, served by the scheduler's handler (see scheduler/decisions-api.ts).
  { group: 'scheduling.pilothouse.dev', version: 'v1' },
];

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(group: string, version: string) {
  const gv = { groupVersion: `${group}/${version}`, version };
  return { name: group, versions: [gv], preferredVersion: gv };
}

function allGroups(): { group: string; version: string }[] {
  const gvs = servedGroupVersions().filter((gv) => gv.group !== '');
  for (const extra of EXTRA_GROUPS) if (!gvs.some((g) => g.group === extra.group)) gvs.push(extra);
  return gvs;
}

export function apiGroupList(): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: allGroups().map((gv) => groupEntry(gv.group, gv.version)) };
}

export function apiGroup(group: string): unknown | undefined {
  const gv = allGroups().find((g) => g.group === group);
  return gv ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(gv.group, gv.version) } : undefined;
}

export function apiResourceList(group: string, version: string): unknown | undefined {
  if (!allGroups().some((g) => g.group === group && g.version === version) && !(group === '' && version === 'v1')) {
    return undefined;
  }
  const resources: unknown[] = [];
  for (const r of RESOURCES.filter((x) => x.group === group && x.version === version)) {
    resources.push(resourceEntry(r));
    if (r.status) resources.push(subresourceEntry(r, 'status', r.kind, ['get', 'patch', 'update']));
    if (r.scale) resources.push({ ...subresourceEntry(r, 'scale', 'Scale', ['get', 'patch', 'update']), group: 'autoscaling', version: 'v1' });
    if (r.kind === 'Namespace') resources.push(subresourceEntry(r, 'finalize', 'Namespace', ['update']));
    for (const c of CONNECT_SUBRESOURCES[r.plural] ?? []) {
      const entry: Record<string, unknown> = subresourceEntry(r, c.subresource, c.kind, c.verbs);
      // A subresource of another group names both group and version (upstream: pods/eviction is
      // policy/v1); kubectl drain uses eviction only when both are non-empty.
      if (c.group !== r.group || c.version !== r.version) {
        entry.group = c.group;
        entry.version = c.version;
      }
      resources.push(entry);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
}

function resourceEntry(r: ResourceDef) {
  const entry: Record<string, unknown> = {
    name: r.plural,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: STORED_VERBS,
  };
  if (r.shortNames?.length) entry.shortNames = r.shortNames;
  if (r.categories?.length) entry.categories = r.categories;
  return entry;
}

function subresourceEntry(r: ResourceDef, sub: string, kind: string, verbs: string[]) {
  return { name: `${r.plural}/${sub}`, singularName: '', namespaced: r.namespaced, kind, verbs };
}

export function serverVersion(): unknown {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-pilothouse',
    gitCommit: 'pilothouse',
    gitTreeState: 'clean',
    buildDate: '2026-11-29T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

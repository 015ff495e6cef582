/**
 * Every resource the API server serves, with what discovery, storage and the handlers need to
 * know. Per-kind behaviour (defaults, validation, Table columns) comes from `kinds/`.
 */
import type { ResourceDef } from './resource-def.js';

const core = (def: Omit<ResourceDef, 'group' | 'version'>): ResourceDef => ({ group: '', version: 'v1', ...def });
const apps = (def: Omit<ResourceDef, 'group' | 'version'>): ResourceDef => ({ group: 'apps', version: 'v1', ...def });

const ALL = ['all'];

export const RESOURCES: readonly ResourceDef[] = [
  core({ plural: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'], status: true, definition: 'io.k8s.api.core.v1.Namespace' }),
  core({ plural: 'nodes', singular: 'node', kind: 'Node', namespaced: false, shortNames: ['no'], status: true, definition: 'io.k8s.api.core.v1.Node' }),
  core({ plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ALL, status: true, definition: 'io.k8s.api.core.v1.Pod', generation: true }),
  core({ plural: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ALL, status: true, definition: 'io.k8s.api.core.v1.Service' }),
  core({ plural: 'endpoints', singular: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'], definition: 'io.k8s.api.core.v1.Endpoints' }),
  core({ plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'], definition: 'io.k8s.api.core.v1.ConfigMap' }),
  core({ plural: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true, definition: 'io.k8s.api.core.v1.Secret' }),
  core({ plural: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'], definition: 'io.k8s.api.core.v1.ServiceAccount' }),
  core({ plural: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'], definition: 'io.k8s.api.core.v1.Event' }),
  core({ plural: 'replicationcontrollers', singular: 'replicationcontroller', kind: 'ReplicationController', namespaced: true, shortNames: ['rc'], categories: ALL, status: true, scale: true, definition: 'io.k8s.api.core.v1.ReplicationController', generation: true }),
  apps({ plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ALL, status: true, scale: true, definition: 'io.k8s.api.apps.v1.Deployment', generation: true }),
  apps({ plural: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], categories: ALL, status: true, scale: true, definition: 'io.k8s.api.apps.v1.ReplicaSet', generation: true }),
  { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', singular: 'lease', kind: 'Lease', namespaced: true, definition: 'io.k8s.api.coordination.v1.Lease' },
  { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', namespaced: true, definition: 'io.k8s.api.discovery.v1.EndpointSlice' },
  { group: 'networking.k8s.io', version: 'v1', plural: 'ingresses', singular: 'ingress', kind: 'Ingress', namespaced: true, shortNames: ['ing'], status: true, definition: 'io.k8s.api.networking.v1.Ingress', generation: true },
  { group: 'networking.k8s.io', version: 'v1', plural: 'ingressclasses', singular: 'ingressclass', kind: 'IngressClass', namespaced: false, definition: 'io.k8s.api.networking.v1.IngressClass', generation: true },
];

/** Subresources that are not stored objects of their own, per resource plural. */
export const CONNECT_SUBRESOURCES: Record<string, { subresource: string; kind: string; group: string; version: string; verbs: string[] }[]> = {
  pods: [
    { subresource: 'binding', kind: 'Binding', group: '', version: 'v1', verbs: ['create'] },
    { subresource: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
    // Served by the node proxy (apiserver/node-proxy/), which forwards them to the pod's kubelet.
    { subresource: 'attach', kind: 'PodAttachOptions', group: '', version: 'v1', verbs: ['create', 'get'] },
    { subresource: 'exec', kind: 'PodExecOptions', group: '', version: 'v1', verbs: ['create', 'get'] },
    { subresource: 'log', kind: 'Pod', group: '', version: 'v1', verbs: ['get'] },
  ],
  serviceaccounts: [{ subresource: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] }],
};

const byPath = new Map<string, ResourceDef>();
const byKind = new Map<string, ResourceDef>();
for (const r of RESOURCES) {
  byPath.set(`${r.group}/${r.version}/${r.plural}`, r);
  byKind.set(`${r.group}/${r.version}/${r.kind}`, r);
}

export function findResource(group: string, version: string, plural: string): ResourceDef | undefined {
  return byPath.get(`${group}/${version}/${plural}`);
}

export function findResourceByKind(group: string, version: string, kind: string): ResourceDef | undefined {
  return byKind.get(`${group}/${version}/${kind}`);
}

/** The group/versions served, core first, in discovery order. */
export function servedGroupVersions(): { group: string; version: string }[] {
  const seen = new Set<string>();
  const out: { group: string; version: string }[] = [];
  for (const r of RESOURCES) {
    const key = `${r.group}/${r.version}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ group: r.group, version: r.version });
    }
  }
  return out;
}

export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

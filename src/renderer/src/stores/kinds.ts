/**
 * One watch-driven store per resource kind, all made by `defineResourceStore`. Pods are watched
 * as compact rows (a 10,000-pod cluster stays cheap); detail views watch their one object in
 * full with `useObject` / `useWatch` (composables/useWatch.ts).
 *
 * Asked of the contract while building the renderer, and since added by the back end (used here):
 * `cpuRequest`/`memoryRequest` cells on pod rows (the Nodes list's requested column),
 * `metrics:watch` (usage pushed, no polling), `images:pulls` (pull progress bars while deploying),
 * the node fault annotation and kind labels (NODE_FAULT_ANNOTATION, NODE_INSTANCE_TYPE_LABEL).
 * Still missing: a connection-state event on `PilothouseApi` itself (the dashboard client reports
 * its socket through `connectDashboard(onStatus)`; the Electron preload cannot drop, so it has none).
 */
import { defineResourceStore } from './resource-store';
import type { ResourceRow } from '../../../shared/ipc/resource-types';
import type { ConfigMap, Deployment, Endpoints, Ingress, KubeEvent, KubeObject, Node, ReplicaSet, Secret, Service } from '../lib/kube-types';

export const useNamespaces = defineResourceStore<KubeObject>('namespaces', { resource: { apiVersion: 'v1', resource: 'namespaces' } });
export const useNodes = defineResourceStore<Node>('nodes', { resource: { apiVersion: 'v1', resource: 'nodes' } });
export const usePodRows = defineResourceStore<ResourceRow>('pods', { resource: { apiVersion: 'v1', resource: 'pods' }, view: 'row' });
export const useDeployments = defineResourceStore<Deployment>('deployments', { resource: { apiVersion: 'apps/v1', resource: 'deployments' } });
export const useReplicaSets = defineResourceStore<ReplicaSet>('replicasets', { resource: { apiVersion: 'apps/v1', resource: 'replicasets' } });
export const useServices = defineResourceStore<Service>('services', { resource: { apiVersion: 'v1', resource: 'services' } });
export const useEndpoints = defineResourceStore<Endpoints>('endpoints', { resource: { apiVersion: 'v1', resource: 'endpoints' } });
export const useIngresses = defineResourceStore<Ingress>('ingresses', { resource: { apiVersion: 'networking.k8s.io/v1', resource: 'ingresses' } });
export const useEvents = defineResourceStore<KubeEvent>('events', { resource: { apiVersion: 'v1', resource: 'events' } });
export const useConfigMaps = defineResourceStore<ConfigMap>('configmaps', { resource: { apiVersion: 'v1', resource: 'configmaps' } });
export const useSecrets = defineResourceStore<Secret>('secrets', { resource: { apiVersion: 'v1', resource: 'secrets' } });

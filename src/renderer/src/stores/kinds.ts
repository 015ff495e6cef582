/**
 * One watch-driven store per resource kind, all made by `defineResourceStore`. Pods are watched
 * as compact rows (a 10,000-pod cluster stays cheap); detail views watch their one object in
 * full with `useObject` / `useWatch` (composables/useWatch.ts).
 *
 * What the renderer needs from the IPC contract (src/shared/ipc) and does not get yet:
 * - Pod rows (`toRow` cells for pods) carry no CPU/memory requests, so the Nodes *list* cannot
 *   show requested CPU/memory per node without watching 10,000 full pods; the node detail view
 *   sums them from a `spec.nodeName=` watch instead. Wanted: `cpuRequest` and `memoryRequest`
 *   cells (cores and bytes, as numbers) on pod rows.
 * - Usage is only a call (`metrics:nodes`, `metrics:pods`): the node views re-ask every 15 s
 *   while shown. Wanted: a `metrics:watch` subscription pushing samples as the metrics add-on
 *   takes them.
 * - No image pull progress anywhere (bytes done/total per layer): the deploy panel shows the
 *   kubelet's Pulling/Pulled events and container states instead of progress bars. Wanted: a
 *   `pods:pulls` subscription (node, image, bytes done/total, layers).
 * - A node's fault-injection state (`running | stopped | killed`) is only returned by the
 *   `nodes:stop|kill|start` calls; a fresh window cannot tell a stopped kubelet from a
 *   NotReady node. Wanted: that state on the Node (an annotation or a `nodes:list` call), and
 *   the node's kind (docker, simulated, remote) — inferred today from `nodeInfo.containerRuntimeVersion`.
 * - `PilothouseApi` has no connection-state event; the dashboard's `connectDashboard(onStatus)`
 *   reports the socket, the Electron preload has nothing (IPC cannot drop, so that is fine).
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

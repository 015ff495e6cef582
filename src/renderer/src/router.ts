/**
 * The cockpit's routes. Hash history: the same build works from `file://` (desktop) and from the
 * dashboard server. Heavy views (editor, terminals) load on first use.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import OverviewView from './views/OverviewView.vue';
import NodesView from './views/NodesView.vue';
import PodsView from './views/PodsView.vue';
import DeploymentsView from './views/DeploymentsView.vue';

/** The sidebar's sections, in order; the command palette offers the same list. */
export const NAVIGATION = [
  { path: '/', label: 'Overview', group: 'Cluster' },
  { path: '/nodes', label: 'Nodes', group: 'Cluster' },
  { path: '/addons', label: 'Add-ons', group: 'Cluster' },
  { path: '/events', label: 'Events', group: 'Cluster' },
  { path: '/deployments', label: 'Deployments', group: 'Workloads' },
  { path: '/replicasets', label: 'ReplicaSets', group: 'Workloads' },
  { path: '/pods', label: 'Pods', group: 'Workloads' },
  { path: '/services', label: 'Services', group: 'Network' },
  { path: '/ingresses', label: 'Ingresses', group: 'Network' },
  { path: '/configmaps', label: 'ConfigMaps', group: 'Config' },
  { path: '/secrets', label: 'Secrets', group: 'Config' },
  { path: '/deploy', label: 'Deploy', group: 'Create' },
  { path: '/editor', label: 'Manifest editor', group: 'Create' },
] as const;

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'overview', component: OverviewView },
  { path: '/nodes', name: 'nodes', component: NodesView },
  { path: '/nodes/:name', name: 'node', component: () => import('./views/NodeDetailView.vue'), props: true },
  { path: '/deployments', name: 'deployments', component: DeploymentsView },
  { path: '/deployments/:namespace/:name', name: 'deployment', component: () => import('./views/DeploymentDetailView.vue'), props: true },
  { path: '/replicasets', name: 'replicasets', component: () => import('./views/ReplicaSetsView.vue') },
  { path: '/pods', name: 'pods', component: PodsView },
  { path: '/pods/:namespace/:name', name: 'pod', component: () => import('./views/PodDetailView.vue'), props: true },
  { path: '/services', name: 'services', component: () => import('./views/ServicesView.vue') },
  { path: '/ingresses', name: 'ingresses', component: () => import('./views/IngressesView.vue') },
  { path: '/events', name: 'events', component: () => import('./views/EventsView.vue') },
  { path: '/configmaps', name: 'configmaps', component: () => import('./views/ConfigMapsView.vue') },
  { path: '/secrets', name: 'secrets', component: () => import('./views/SecretsView.vue') },
  { path: '/addons', name: 'addons', component: () => import('./views/AddonsView.vue') },
  { path: '/deploy', name: 'deploy', component: () => import('./views/DeployView.vue') },
  { path: '/editor', name: 'editor', component: () => import('./views/EditorView.vue') },
  { path: '/logs', name: 'logs', component: () => import('./views/LogsView.vue') },
  { path: '/shell', name: 'shell', component: () => import('./views/ShellView.vue') },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes });
}

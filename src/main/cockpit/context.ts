/**
 * What the cockpit's services need from the running cluster, and from the mode they serve
 * (desktop or dashboard). Built once from a `ClusterHandle` by `cockpitContext()`.
 */
import type { ApiClient } from '../client/api-client.js';
import type { ApiServer } from '../apiserver/server.js';
import type { ClusterHandle } from '../cluster/start-cluster.js';
import type { AddonManager } from '../addons/addon-manager.js';
import type { KubeProxy } from '../proxy/kube-proxy.js';
import type { Settings } from '../../shared/ipc/operation-types.js';
import { NodeFaults } from './node-faults.js';

export interface SettingsStore {
  get(): Settings;
  set(patch: Partial<Settings>): Settings;
}

export interface CockpitContext {
  mode: 'desktop' | 'dashboard';
  /** The in-process admin client (same semantics as HTTPS). */
  client: ApiClient;
  /** For raw requests the typed client has no method for (pods/log streams). */
  apiServer: Pick<ApiServer, 'handle'>;
  /** The API server's HTTPS URL, its CA and a token for it (exec goes over WebSocket like kubectl). */
  url: string;
  caCert: string;
  token: string;
  kubeconfigPath?: string;
  kubeconfigContext?: string;
  dataDir?: string;
  nodes: NodeFaults;
  /** kube-proxy of the Docker nodes (port-forwarding), when service networking runs. */
  proxy?: KubeProxy;
  /** What each add-on offers now or why it cannot run (the cluster's add-on manager). */
  addons?: Pick<AddonManager, 'status'>;
  /** Desktop only. */
  settings?: SettingsStore;
  /** Whether Docker nodes can run, and if not why (shown by cluster:info). */
  docker?: { available: boolean; message?: string };
  /** Batch window of `resources:watch` changes (default 50 ms). */
  watchBatchMs?: number;
  /** How often `metrics:watch` asks the (cached) metrics API (default 5 s). */
  metricsCheckMs?: number;
}

export interface CockpitContextOptions {
  mode: 'desktop' | 'dashboard';
  kubeconfigPath?: string;
  kubeconfigContext?: string;
  dataDir?: string;
  settings?: SettingsStore;
  docker?: { available: boolean; message?: string };
  watchBatchMs?: number;
  metricsCheckMs?: number;
}

export function cockpitContext(cluster: ClusterHandle, options: CockpitContextOptions): CockpitContext {
  return {
    ...options,
    client: cluster.client,
    apiServer: cluster.apiServer,
    url: cluster.url,
    caCert: cluster.credentials.ca.cert,
    token: cluster.credentials.adminToken,
    addons: cluster.addons,
    proxy: cluster.proxy,
    nodes: new NodeFaults({ client: cluster.client, connections: cluster.connections, simulated: cluster.simulatedNodes, docker: cluster.dockerNodes }),
  };
}

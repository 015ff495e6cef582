/** `pilothouse serve`: start the cluster, write the kubeconfig, run until SIGINT/SIGTERM. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCluster, ClusterStartError, type StoreConfig } from '../main/cluster/start-cluster.js';
import { DataDirError } from '../main/cluster/data-dir.js';
import { defaultKubeconfigPath, mergeKubeconfig, writeKubeconfig } from '../main/cluster/kubeconfig.js';
import { StoreUnavailableError } from '../main/store/errors.js';
import { parseCapacityFlag, parseLabelsFlag, parseTaintsFlag } from '../main/kubelet/simulated-node-flags.js';
import { DashboardStartError } from '../main/dashboard/dashboard-server.js';
import { startServeDashboard } from './serve-dashboard.js';

export interface ServeOptions {
  dataDir?: string;
  port: number;
  address: string;
  kubeconfig?: string;
  store: string;
  etcdEndpoints: string;
  etcdPrefix: string;
  sqliteSync: string;
  simulatedNodes: number;
  nodes: number;
  sandboxImage: string;
  dockerSocket?: string;
  stopPodsOnExit?: boolean;
  addonImage: string;
  serviceNetworking: boolean;
  ingressPort: number;
  simulatedNodeCapacity?: string;
  simulatedNodeLabels?: string;
  simulatedNodeTaints?: string;
  /** `--no-dashboard` sets false. */
  dashboard?: boolean;
  dashboardPort?: number;
}

/** The per-user data directory (XDG on Linux, Application Support on macOS, AppData on Windows). */
export function defaultDataDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Pilothouse');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Pilothouse');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'pilothouse');
}

export async function runServe(opts: ServeOptions): Promise<void> {
  const dataDir = resolve(opts.dataDir ?? defaultDataDir());
  let store: StoreConfig;
  const sync = opts.sqliteSync.toUpperCase();
  if (sync !== 'NORMAL' && sync !== 'FULL') return fail(`unknown --sqlite-sync "${opts.sqliteSync}": use normal or full`);
  if (opts.store === 'sqlite') store = { backend: 'sqlite', synchronous: sync };
  else if (opts.store === 'memory') store = { backend: 'memory' };
  else if (opts.store === 'etcd') store = { backend: 'etcd', endpoints: opts.etcdEndpoints.split(',').map((s) => s.trim()).filter(Boolean), prefix: opts.etcdPrefix || undefined };
  else return fail(`unknown --store "${opts.store}": use sqlite, memory or etcd`);

  let simulatedNodes;
  try {
    simulatedNodes = opts.simulatedNodes > 0 ? {
      count: opts.simulatedNodes,
      capacity: opts.simulatedNodeCapacity ? parseCapacityFlag(opts.simulatedNodeCapacity) : undefined,
      labels: opts.simulatedNodeLabels ? parseLabelsFlag(opts.simulatedNodeLabels) : undefined,
      taints: opts.simulatedNodeTaints ? parseTaintsFlag(opts.simulatedNodeTaints) : undefined,
    } : undefined;
  } catch (e) {
    return fail((e as Error).message);
  }
  let cluster;
  try {
    cluster = await startCluster({
      dataDir, store, host: opts.address, port: opts.port, simulatedNodes,
      dockerNodes: opts.nodes > 0 ? { count: opts.nodes, sandboxImage: opts.sandboxImage, socketPath: opts.dockerSocket } : undefined,
      stopPodsOnExit: opts.stopPodsOnExit,
      serviceNetworking: opts.serviceNetworking === false ? false : { addonImage: opts.addonImage },
      ingressPort: opts.ingressPort,
      log: (l) => console.log(l),
    });
  } catch (e) {
    if (e instanceof ClusterStartError || e instanceof DataDirError || e instanceof StoreUnavailableError) return fail(e.message);
    throw e;
  }
  const entry = { name: 'pilothouse', server: cluster.url, caCert: cluster.credentials.ca.cert, token: cluster.credentials.adminToken };
  const kubeconfigPath = opts.kubeconfig ? resolve(opts.kubeconfig) : defaultKubeconfigPath();
  try {
    if (opts.kubeconfig) writeKubeconfig(kubeconfigPath, entry);
    else mergeKubeconfig(kubeconfigPath, entry);
  } catch (e) {
    await cluster.stop();
    return fail(`cannot write kubeconfig ${kubeconfigPath}: ${(e as Error).message}`);
  }
  console.log(`Data directory: ${dataDir}`);
  console.log(`Kubeconfig: ${kubeconfigPath}${opts.kubeconfig ? '' : ' (context "pilothouse")'}`);
  console.log(`API server: ${cluster.url}`);
  console.log(`Try: kubectl --kubeconfig ${kubeconfigPath} get namespaces`);
  let dashboard: Awaited<ReturnType<typeof startServeDashboard>> | undefined;
  if (opts.dashboard !== false) {
    try {
      dashboard = await startServeDashboard(cluster, {
        dataDir, port: opts.dashboardPort ?? 0, kubeconfigPath, kubeconfigContext: opts.kubeconfig ? undefined : 'pilothouse',
      });
    } catch (e) {
      await cluster.stop();
      if (e instanceof DashboardStartError) return fail(e.message);
      throw e;
    }
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down`);
    await dashboard?.close();
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function fail(message: string): never {
  console.error(`pilothouse: ${message}`);
  process.exit(1);
}

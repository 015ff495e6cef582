/**
 * The desktop app's cluster, in plain Node (the Electron shell only calls it): the data
 * directory under the app's data path, Docker nodes when Docker answers (otherwise simulated
 * nodes, and the reason), a kubeconfig for kubectl, the cockpit over it, and a stop that
 * leaves or stops the workloads as the settings say.
 */
import { join } from 'node:path';
import { startCluster, type ClusterConfig, type ClusterHandle } from '../cluster/start-cluster.js';
import { writeKubeconfig } from '../cluster/kubeconfig.js';
import { Cockpit, type Handlers } from '../cockpit/cockpit.js';
import { cockpitContext } from '../cockpit/context.js';
import { cockpitHandlers } from '../cockpit/handlers.js';
import type { DockerStatus } from './docker-probe.js';
import { FileSettingsStore } from './settings-store.js';

export interface DesktopClusterOptions {
  /** `app.getPath('userData')`. */
  appDataDir: string;
  docker: DockerStatus;
  log?: (line: string) => void;
  /** Channels only the shell can serve (`app:openExternal`). */
  extraHandlers?: Partial<Handlers>;
  /** For tests: a store other than SQLite. */
  store?: ClusterConfig['store'];
}

export interface DesktopCluster {
  cluster: ClusterHandle;
  cockpit: Cockpit;
  settings: FileSettingsStore;
  kubeconfigPath: string;
  dataDir: string;
  /** Stops the cockpit's streams and the cluster; with `stopWorkloadsOnQuit`, the pods' containers too. */
  stop(): Promise<void>;
}

export const DESKTOP_SIMULATED_NODES = 2;
export const DESKTOP_DOCKER_NODES = 1;

export async function startDesktopCluster(o: DesktopClusterOptions): Promise<DesktopCluster> {
  const dataDir = join(o.appDataDir, 'cluster');
  const settings = new FileSettingsStore(join(o.appDataDir, 'settings.json'));
  const cluster = await startCluster({
    dataDir,
    port: 0,
    store: o.store,
    log: o.log,
    dockerNodes: o.docker.available ? { count: DESKTOP_DOCKER_NODES } : undefined,
    simulatedNodes: o.docker.available ? undefined : { count: DESKTOP_SIMULATED_NODES },
  });
  const kubeconfigPath = join(o.appDataDir, 'pilothouse.kubeconfig');
  writeKubeconfig(kubeconfigPath, { name: 'pilothouse', server: cluster.url, caCert: cluster.credentials.ca.cert, token: cluster.credentials.adminToken });
  const context = cockpitContext(cluster, { mode: 'desktop', dataDir, kubeconfigPath, settings, docker: o.docker });
  const cockpit = new Cockpit(context, cockpitHandlers(context, o.extraHandlers));
  let stopping: Promise<void> | undefined;
  return {
    cluster, cockpit, settings, kubeconfigPath, dataDir,
    stop() {
      stopping ??= (async () => {
        await cockpit.close();
        if (settings.get().stopWorkloadsOnQuit) {
          await cluster.dockerNodes?.stop({ stopPods: true });
          await cluster.simulatedNodes?.stop({ stopPods: true });
        }
        await cluster.stop();
      })();
      return stopping;
    },
  };
}

/**
 * The dashboard part of `pilothouse serve`: the cockpit over WebSocket plus the built renderer,
 * on 127.0.0.1, signed in by the data directory's token. It follows the `dashboard` add-on
 * (kube-system/pilothouse-addons): served while enabled, stopped when disabled, served again
 * (same port when free) when enabled again. Each start prints one line,
 * `Dashboard: http://127.0.0.1:PORT/#token=...`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterHandle } from '../main/cluster/start-cluster.js';
import { Cockpit } from '../main/cockpit/cockpit.js';
import { cockpitContext } from '../main/cockpit/context.js';
import { DashboardStartError, startDashboard, type DashboardHandle } from '../main/dashboard/dashboard-server.js';
import { loadOrCreateDashboardToken } from '../main/dashboard/dashboard-token.js';

export interface ServeDashboardOptions {
  dataDir: string;
  port: number;
  kubeconfigPath?: string;
  kubeconfigContext?: string;
  /** Default: the built renderer beside the built CLI (`out/renderer`), or PILOTHOUSE_RENDERER_DIR. */
  staticRoot?: string;
  log?: (line: string) => void;
}

export interface ServeDashboard {
  /** The current URL (`http://127.0.0.1:PORT/#token=...`); '' while the add-on is disabled. */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts following the add-on; rejects (e.g. port in use) only if the first start fails. */
export async function startServeDashboard(cluster: ClusterHandle, o: ServeDashboardOptions): Promise<ServeDashboard> {
  const log = o.log ?? ((line: string) => console.log(line));
  const cockpit = new Cockpit(cockpitContext(cluster, {
    mode: 'dashboard', dataDir: o.dataDir, kubeconfigPath: o.kubeconfigPath, kubeconfigContext: o.kubeconfigContext,
  }));
  const token = loadOrCreateDashboardToken(o.dataDir);
  const staticRoot = o.staticRoot ?? rendererDir();
  let server: DashboardHandle | undefined;
  let lastPort = o.port;
  let closed = false;
  let queue: Promise<void> = Promise.resolve();

  const start = async () => {
    try {
      server = await startDashboard({ cockpit, token, port: lastPort, staticRoot });
    } catch (e) {
      // A port picked for us before may be taken by now: any free one will do.
      if (!(e instanceof DashboardStartError) || lastPort === o.port) throw e;
      server = await startDashboard({ cockpit, token, port: o.port, staticRoot });
    }
    lastPort = server.port;
    log(`Dashboard: ${server.url}`);
  };
  const follow = (enabled: boolean) => {
    queue = queue.then(async () => {
      if (closed || enabled === !!server) return;
      if (enabled) return start();
      const s = server!;
      server = undefined;
      await s.close();
      log('Dashboard stopped: the dashboard add-on was disabled (pilothouse addons enable dashboard serves it again)');
    }).catch((e: Error) => log(`dashboard: ${e.message}`));
  };

  if (cluster.addons.states().dashboard) await start();
  else log('No dashboard: the dashboard add-on is disabled (pilothouse addons enable dashboard serves it)');
  const unfollow = cluster.addons.onDashboard(follow);
  return {
    get url() {
      return server?.url ?? '';
    },
    async close() {
      closed = true;
      unfollow();
      await queue;
      await server?.close();
      server = undefined;
      await cockpit.close();
    },
  };
}

/** `out/renderer`, found from wherever the bundler put this module (`out/main/` or `out/main/chunks/`). */
export function rendererDir(): string {
  if (process.env.PILOTHOUSE_RENDERER_DIR) return process.env.PILOTHOUSE_RENDERER_DIR;
  const candidates = ['../renderer', '../../renderer', '../../out/renderer'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}

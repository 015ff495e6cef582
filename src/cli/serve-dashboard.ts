/**
 * The dashboard part of `pilothouse serve`: the cockpit over WebSocket plus the built renderer,
 * on 127.0.0.1, signed in by the data directory's token. Prints exactly one line,
 * `Dashboard: http://127.0.0.1:PORT/#token=...`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterHandle } from '../main/cluster/start-cluster.js';
import { Cockpit } from '../main/cockpit/cockpit.js';
import { cockpitContext } from '../main/cockpit/context.js';
import { startDashboard } from '../main/dashboard/dashboard-server.js';
import { loadOrCreateDashboardToken } from '../main/dashboard/dashboard-token.js';

export interface ServeDashboardOptions {
  dataDir: string;
  port: number;
  kubeconfigPath?: string;
  kubeconfigContext?: string;
  /** Default: the built renderer beside the built CLI (`out/renderer`), or PILOTHOUSE_RENDERER_DIR. */
  staticRoot?: string;
}

export async function startServeDashboard(cluster: ClusterHandle, o: ServeDashboardOptions): Promise<{ url: string; close(): Promise<void> }> {
  const cockpit = new Cockpit(cockpitContext(cluster, {
    mode: 'dashboard', dataDir: o.dataDir, kubeconfigPath: o.kubeconfigPath, kubeconfigContext: o.kubeconfigContext,
  }));
  const dashboard = await startDashboard({
    cockpit, token: loadOrCreateDashboardToken(o.dataDir), port: o.port, staticRoot: o.staticRoot ?? rendererDir(),
  });
  console.log(`Dashboard: ${dashboard.url}`);
  return {
    url: dashboard.url,
    async close() {
      await dashboard.close();
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

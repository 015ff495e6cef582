/**
 * Electron main process (desktop mode): starts the embedded cluster in the app's data
 * directory, opens the cockpit window, and stops the cluster on quit. Everything else lives in
 * plain-Node modules that `pilothouse serve` and the tests use too.
 */
import { app, dialog, ipcMain } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster, type ClusterHandle } from './cluster/start-cluster.js';
import { createMainWindow } from './window.js';

const here = dirname(fileURLToPath(import.meta.url));
let cluster: ClusterHandle | undefined;

async function boot(): Promise<void> {
  try {
    cluster = await startCluster({ dataDir: join(app.getPath('userData'), 'cluster'), port: 0 });
  } catch (e) {
    dialog.showErrorBox('Pilothouse could not start its cluster', (e as Error).message);
    app.quit();
    return;
  }
  ipcMain.handle('cluster:info', (event) => {
    if (!event.senderFrame?.url.startsWith('file://') && !process.env.ELECTRON_RENDERER_URL) {
      return { ok: false, error: { code: 'Forbidden', message: 'unexpected sender' } };
    }
    return { ok: true, result: { url: cluster?.url } };
  });
  createMainWindow(join(here, '../preload/index.cjs'), join(here, '../renderer/index.html'));
}

app.whenReady().then(boot);
app.on('window-all-closed', () => app.quit());
app.on('before-quit', (event) => {
  if (!cluster) return;
  event.preventDefault();
  const c = cluster;
  cluster = undefined;
  void c.stop().finally(() => app.quit());
});

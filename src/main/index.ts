/**
 * Electron main process (desktop mode), kept thin: probe Docker (say clearly when it is missing,
 * then run on simulated nodes), start the embedded cluster in the app's data directory, serve
 * the contract over IPC to the one trusted window, build the menu, and stop everything on quit.
 * The work itself lives in plain-Node modules that `pilothouse serve` and the tests share.
 */
import { app, BrowserWindow, clipboard, dialog, Menu, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isOpenableExternally, isTrustedRendererUrl } from './desktop/security.js';
import { menuTemplate } from './desktop/menu-template.js';
import { probeDocker } from './desktop/docker-probe.js';
import { startDesktopCluster, type DesktopCluster } from './desktop/desktop-cluster.js';
import { registerCockpitIpc } from './ipc/electron-ipc.js';
import { createMainWindow } from './window.js';
import { CockpitError } from './cockpit/errors.js';
import { kubectlCommand } from './cockpit/services/cluster-info.js';
import type { MenuItemConstructorOptions } from 'electron';

const here = dirname(fileURLToPath(import.meta.url));
const preload = join(here, '../preload/index.cjs');
const indexHtml = join(here, '../renderer/index.html');
const devServerUrl = process.env.ELECTRON_RENDERER_URL || undefined;
const DOCS_URL = 'https://github.com/pilothouse-dev/pilothouse#readme';

let desktop: DesktopCluster | undefined;
let unregisterIpc: (() => void) | undefined;
let quitting = false;

export async function boot(): Promise<void> {
  const docker = await probeDocker();
  if (!docker.available) {
    const { response } = await dialog.showMessageBox({
      type: 'warning',
      title: 'Docker is not running',
      message: 'Docker is not running',
      detail: docker.message,
      buttons: ['Continue with simulated nodes', 'Quit'],
      defaultId: 0,
      cancelId: 1,
    });
    if (response === 1) {
      app.quit();
      return;
    }
  }
  try {
    desktop = await startDesktopCluster({
      appDataDir: app.getPath('userData'),
      docker,
      log: (line) => console.log(line),
      extraHandlers: {
        calls: {
          'app:openExternal': async ({ url }) => {
            if (!isOpenableExternally(url)) throw new CockpitError('BadRequest', 'only http:// and https:// links can be opened');
            await shell.openExternal(url);
            return { opened: true };
          },
        },
      },
    });
  } catch (e) {
    dialog.showErrorBox('Pilothouse could not start its cluster', (e as Error).message);
    app.quit();
    return;
  }
  const d = desktop;
  unregisterIpc = registerCockpitIpc(d.cockpit, {
    isTrustedSender: (url) => isTrustedRendererUrl(url, pathToFileURL(indexHtml).href, devServerUrl),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({
    openDataDir: () => void shell.openPath(d.dataDir),
    copyKubectlCommand: () => clipboard.writeText(kubectlCommand(d.kubeconfigPath)),
    openDocs: () => void shell.openExternal(DOCS_URL),
  }) as MenuItemConstructorOptions[]));
  createMainWindow({ preload, indexHtml, devServerUrl });
}

/** Quit: stop the cluster first (leaving or stopping workloads as the settings say), then exit. */
export function onBeforeQuit(event: { preventDefault(): void }): void {
  if (!desktop || quitting) return;
  event.preventDefault();
  quitting = true;
  const d = desktop;
  desktop = undefined;
  unregisterIpc?.();
  void d.stop().catch((e: Error) => console.error(`pilothouse: stopping the cluster failed: ${e.message}`)).finally(() => app.quit());
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
  });
  void app.whenReady().then(boot);
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (desktop && BrowserWindow.getAllWindows().length === 0) createMainWindow({ preload, indexHtml, devServerUrl });
  });
  app.on('before-quit', onBeforeQuit);
}

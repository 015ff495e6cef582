/**
 * The cockpit window with the Electron security baseline: context isolation, sandbox, no Node
 * in the renderer, web security on, a strict Content Security Policy, every navigation and
 * `window.open` denied (web links leave the app only through `app:openExternal`), no
 * permission requests granted, no webviews.
 */
import { BrowserWindow, session } from 'electron';
import { desktopCsp } from './desktop/security.js';

export interface MainWindowOptions {
  preload: string;
  /** `out/renderer/index.html`. */
  indexHtml: string;
  /** Development: the renderer dev server (`ELECTRON_RENDERER_URL`). */
  devServerUrl?: string;
}

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

let hardened = false;

/** Session-wide rules (once): CSP on every response, and no permission is ever granted. */
export function hardenSession(devServerUrl?: string): void {
  if (hardened) return;
  hardened = true;
  const csp = desktopCsp(!!devServerUrl, devServerUrl);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}

export function createMainWindow(o: MainWindowOptions): BrowserWindow {
  hardenSession(o.devServerUrl);
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    title: 'Pilothouse',
    show: false,
    webPreferences: { preload: o.preload, ...WEB_PREFERENCES },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  if (o.devServerUrl) void win.loadURL(o.devServerUrl);
  else void win.loadFile(o.indexHtml);
  return win;
}

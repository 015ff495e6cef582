import { describe, expect, it, vi } from 'vitest';
import type { FakeBrowserWindow, FakeElectron } from './ipc/testing/fake-electron.js';

const electron = vi.hoisted(() => ({ current: undefined as unknown as FakeElectron }));
vi.mock('electron', async () => {
  const { fakeElectron } = await import('./ipc/testing/fake-electron.js');
  electron.current = fakeElectron();
  return electron.current;
});
const { createMainWindow } = await import('./window.js');

describe('the cockpit window', () => {
  const win = createMainWindow({ preload: '/app/out/preload/index.cjs', indexHtml: '/app/out/renderer/index.html' }) as unknown as FakeBrowserWindow;

  it('isolates the renderer: context isolation, sandbox, no Node, web security', () => {
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false,
    });
    expect(win.loaded).toEqual({ file: '/app/out/renderer/index.html' });
  });

  it('denies window.open and every navigation, without opening anything', () => {
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.current.shell.opened).toEqual([]);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = { preventDefault: vi.fn() };
      win.webContents.emit(event, e, 'https://evil.example');
      expect(e.preventDefault, event).toHaveBeenCalled();
    }
  });

  it('sends a strict Content Security Policy with every response and grants no permission', () => {
    const [hook] = electron.current.headerHooks;
    let headers: Record<string, string[]> = {};
    hook({ responseHeaders: { 'content-type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    const csp = headers['Content-Security-Policy'][0];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(headers['content-type']).toEqual(['text/html']);
    const [permissions] = electron.current.permissionHandlers;
    const granted = vi.fn();
    permissions({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
  });
});

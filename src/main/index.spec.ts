import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { FakeBrowserWindow, FakeElectron } from './ipc/testing/fake-electron.js';
import { FakeWebContents } from './ipc/testing/fake-electron.js';
import type { ClusterInfo } from '../shared/ipc/operation-types.js';

const electron = vi.hoisted(() => ({ current: undefined as unknown as FakeElectron }));
vi.mock('electron', async () => {
  const { fakeElectron } = await import('./ipc/testing/fake-electron.js');
  electron.current = fakeElectron();
  return electron.current;
});
// No Docker engine answers in this spec: the app must say so and carry on with simulated nodes.
vi.mock('./desktop/docker-probe.js', () => ({
  probeDocker: async () => ({ available: false, message: 'Docker is not reachable (connect ENOENT /var/run/docker.sock). Install and start Docker.' }),
}));

const userData = mkdtempSync(join(tmpdir(), 'pilothouse-desktop-'));
afterAll(() => rmSync(userData, { recursive: true, force: true }));

describe('desktop main process (electron mocked)', () => {
  it('warns that Docker is missing, starts the cluster on simulated nodes, serves the window over IPC, and stops on quit', async () => {
    const main = await import('./index.js');
    const e = electron.current;
    e.app.paths.userData = userData;
    e.app.ready!();
    await vi.waitFor(() => expect(e.BrowserWindow.created).toHaveLength(1), { timeout: 60_000, interval: 50 });

    expect(e.dialog.messageBoxes[0]).toMatchObject({ title: 'Docker is not running', detail: expect.stringContaining('Install and start Docker') });
    expect(e.Menu.current).toBeDefined();
    const win = e.BrowserWindow.created[0] as FakeBrowserWindow;
    expect(win.loaded?.file).toMatch(/renderer[/\\]index\.html$/);

    // The renderer's first call, from the window's own file URL.
    const frame = { url: `file://${win.loaded!.file}`, parent: null };
    const wc = new FakeWebContents();
    const info = await e.ipcMain.invoke(wc, frame, 'pilothouse:call', 'cluster:info', {}) as { ok: true; result: ClusterInfo };
    expect(info.ok).toBe(true);
    expect(info.result).toMatchObject({ mode: 'desktop', docker: { available: false }, kubeconfigPath: join(userData, 'pilothouse.kubeconfig') });
    expect(info.result.kubectlCommand).toContain('kubectl --kubeconfig');
    expect(existsSync(join(userData, 'cluster', 'state.db'))).toBe(true);
    // Opening a link goes through the explicit channel only.
    expect(await e.ipcMain.invoke(wc, frame, 'pilothouse:call', 'app:openExternal', { url: 'https://kubernetes.io/' })).toEqual({ ok: true, result: { opened: true } });
    expect(e.shell.opened).toEqual(['https://kubernetes.io/']);
    expect(await e.ipcMain.invoke(wc, frame, 'pilothouse:call', 'settings:set', { stopWorkloadsOnQuit: true })).toEqual({ ok: true, result: { stopWorkloadsOnQuit: true } });

    const quitsBefore = e.app.quitCalls;
    const event = { preventDefault: vi.fn() };
    main.onBeforeQuit(event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(e.app.quitCalls).toBe(quitsBefore + 1), { timeout: 30_000, interval: 50 });
    // The IPC handlers are gone with the cluster.
    expect(e.ipcMain.handlers.has('pilothouse:call')).toBe(false);
    // The second before-quit (from app.quit) goes through.
    const again = { preventDefault: vi.fn() };
    main.onBeforeQuit(again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  }, 90_000);
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeElectron, FakeFrame } from './testing/fake-electron.js';
import { FakeWebContents } from './testing/fake-electron.js';
import { Cockpit, type Handlers } from '../cockpit/cockpit.js';
import type { CockpitContext } from '../cockpit/context.js';
import { isTrustedRendererUrl } from '../desktop/security.js';

const electron = vi.hoisted(() => ({ current: undefined as unknown as FakeElectron }));
vi.mock('electron', async () => {
  const { fakeElectron } = await import('./testing/fake-electron.js');
  electron.current = fakeElectron();
  return electron.current;
});
const { registerCockpitIpc } = await import('./electron-ipc.js');

const INDEX = 'file:///opt/Pilothouse/resources/app/out/renderer/index.html';
const trustedFrame: FakeFrame = { url: `${INDEX}#/pods`, parent: null };

function cockpitWith(handlers: Handlers): { cockpit: Cockpit; stopped: string[] } {
  const stopped: string[] = [];
  const context = { mode: 'desktop', nodes: { close: async () => {} } } as unknown as CockpitContext;
  return { cockpit: new Cockpit(context, handlers), stopped };
}

describe('Electron IPC transport', () => {
  let unregister: () => void;
  let stopped: string[];
  beforeEach(() => {
    unregister?.();
    const made = cockpitWith({
      calls: { 'cluster:info': async () => ({ mode: 'desktop' }) as never },
      subscriptions: {
        'resources:watch': async (r, sink) => {
          sink.emit({ type: 'sync', resourceVersion: '1', items: [] });
          return () => stopped.push(r.resource);
        },
      },
    });
    stopped = made.stopped;
    unregister = registerCockpitIpc(made.cockpit, { isTrustedSender: (url) => isTrustedRendererUrl(url, INDEX) });
  });

  it('answers calls from the cockpit frame, validated', async () => {
    const ipc = electron.current.ipcMain;
    const wc = new FakeWebContents();
    expect(await ipc.invoke(wc, trustedFrame, 'pilothouse:call', 'cluster:info', {})).toEqual({ ok: true, result: { mode: 'desktop' } });
    expect(await ipc.invoke(wc, trustedFrame, 'pilothouse:call', 'cluster:info', { extra: 1 }))
      .toEqual({ ok: false, error: { code: 'BadRequest', message: 'cluster:info: request.extra: unknown field (allowed: none)' } });
    expect(await ipc.invoke(wc, trustedFrame, 'pilothouse:call', 'fs:readFile', { path: '/etc/passwd' }))
      .toMatchObject({ ok: false, error: { code: 'UnknownChannel' } });
  });

  it('refuses other origins, other files and sub-frames', async () => {
    const ipc = electron.current.ipcMain;
    const wc = new FakeWebContents();
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///tmp/evil/index.html', parent: null },
      { url: `${INDEX}`, parent: trustedFrame },
    ]) {
      expect(await ipc.invoke(wc, frame, 'pilothouse:call', 'cluster:info', {})).toEqual({ ok: false, error: { code: 'Forbidden', message: 'this frame may not use the Pilothouse API' } });
    }
    ipc.sendFrom(wc, { url: 'https://evil.example/', parent: null }, 'pilothouse:subscribe', 1, 'resources:watch', { apiVersion: 'v1', resource: 'pods' });
    expect(wc.sent).toEqual([{ channel: 'pilothouse:closed', args: [1, { code: 'Forbidden', message: 'this frame may not use the Pilothouse API' }] }]);
  });

  it('streams subscription events to the window, and stops them on unsubscribe', async () => {
    const ipc = electron.current.ipcMain;
    const wc = new FakeWebContents();
    ipc.sendFrom(wc, trustedFrame, 'pilothouse:subscribe', 7, 'resources:watch', { apiVersion: 'v1', resource: 'pods' });
    await vi.waitFor(() => expect(wc.sent).toContainEqual({ channel: 'pilothouse:event', args: [7, { type: 'sync', resourceVersion: '1', items: [] }] }));
    ipc.sendFrom(wc, trustedFrame, 'pilothouse:unsubscribe', 7);
    expect(stopped).toEqual(['pods']);
  });

  it('reports a malformed subscription as closed with BadRequest', async () => {
    const ipc = electron.current.ipcMain;
    const wc = new FakeWebContents();
    ipc.sendFrom(wc, trustedFrame, 'pilothouse:subscribe', 3, 'resources:watch', { apiVersion: 'v1', resource: 42 });
    await vi.waitFor(() => expect(wc.sent).toEqual([{ channel: 'pilothouse:closed', args: [3, { code: 'BadRequest', message: 'resources:watch: request.resource: expected a string, got number 42' }] }]));
  });

  it("ends a window's streams when it is destroyed or navigates away", async () => {
    const ipc = electron.current.ipcMain;
    const wc = new FakeWebContents();
    ipc.sendFrom(wc, trustedFrame, 'pilothouse:subscribe', 1, 'resources:watch', { apiVersion: 'v1', resource: 'nodes' });
    ipc.sendFrom(wc, trustedFrame, 'pilothouse:subscribe', 2, 'resources:watch', { apiVersion: 'v1', resource: 'events' });
    await vi.waitFor(() => expect(wc.sent.filter((m) => m.channel === 'pilothouse:event')).toHaveLength(2));
    wc.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(stopped.sort()).toEqual(['events', 'nodes']);
    const other = new FakeWebContents();
    ipc.sendFrom(other, trustedFrame, 'pilothouse:subscribe', 1, 'resources:watch', { apiVersion: 'v1', resource: 'pods' });
    await vi.waitFor(() => expect(other.sent).toHaveLength(1));
    other.destroy();
    expect(stopped).toContain('pods');
  });
});

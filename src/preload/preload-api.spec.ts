import { describe, expect, it } from 'vitest';
import { createPreloadApi, type RendererIpc } from './preload-api.js';

class FakeRendererIpc implements RendererIpc {
  readonly sent: unknown[][] = [];
  readonly invoked: unknown[][] = [];
  private listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push([channel, ...args]);
    return { ok: true, result: 'answer' };
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
    this.listeners.set(channel, listener);
  }
  fromMain(channel: string, ...args: unknown[]) {
    this.listeners.get(channel)!({ sender: 'the electron event' }, ...args);
  }
}

describe('preload gate', () => {
  it('forwards contract calls and refuses other channels without reaching main', async () => {
    const ipc = new FakeRendererIpc();
    const api = createPreloadApi(ipc);
    expect(await api.call('cluster:info', {})).toEqual({ ok: true, result: 'answer' });
    expect(ipc.invoked).toEqual([['pilothouse:call', 'cluster:info', {}]]);
    expect(await api.call('shell:exec' as 'cluster:info', {})).toMatchObject({ ok: false, error: { code: 'UnknownChannel' } });
    expect(ipc.invoked).toHaveLength(1);
  });

  it('routes subscription events by id, without the Electron event, and unsubscribes once', () => {
    const ipc = new FakeRendererIpc();
    const api = createPreloadApi(ipc);
    const got: unknown[][] = [];
    const closed: unknown[] = [];
    const stop = api.subscribe('resources:watch', { apiVersion: 'v1', resource: 'pods' }, (...args) => got.push(args), (e) => closed.push(e));
    const [[channel, id]] = ipc.sent as [string, number][];
    expect(channel).toBe('pilothouse:subscribe');
    ipc.fromMain('pilothouse:event', id, { type: 'sync', items: [] });
    ipc.fromMain('pilothouse:event', id + 1, { type: 'not mine' });
    expect(got).toEqual([[{ type: 'sync', items: [] }]]);
    stop();
    stop();
    expect(ipc.sent.filter(([c]) => c === 'pilothouse:unsubscribe')).toEqual([['pilothouse:unsubscribe', id]]);
    ipc.fromMain('pilothouse:event', id, { type: 'late' });
    expect(got).toHaveLength(1);
    expect(closed).toEqual([]);
  });

  it('passes the end of a stream (with its error) to onClose', () => {
    const ipc = new FakeRendererIpc();
    const api = createPreloadApi(ipc);
    const closed: unknown[] = [];
    api.subscribe('pods:logs', { namespace: 'default', pod: 'p' }, () => {}, (e) => closed.push(e));
    const id = (ipc.sent[0] as unknown[])[1];
    ipc.fromMain('pilothouse:closed', id, { code: 'NotFound', message: 'pods "p" not found' });
    expect(closed).toEqual([{ code: 'NotFound', message: 'pods "p" not found' }]);
  });
});

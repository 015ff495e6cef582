import { describe, expect, it } from 'vitest';
import { createWsClient, type SocketLike } from './ws-client.js';
import type { ClientMessage, ServerMessage } from './wire.js';

/** A socket the spec plays the server side of. */
class ScriptedSocket implements SocketLike {
  static all: ScriptedSocket[] = [];
  readyState = 0;
  readonly sent: ClientMessage[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  constructor(readonly url: string, readonly protocols: string[]) {
    ScriptedSocket.all.push(this);
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }

  reply(m: ServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(m) });
  }

  drop(reason = 'server went away'): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason });
  }

  close(): void {
    this.readyState = 3;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('dashboard WebSocket client', () => {
  it('connects with the token as a subprotocol, queues messages until open, and matches replies by id', async () => {
    ScriptedSocket.all = [];
    const api = createWsClient({ url: 'ws://127.0.0.1:1/ws', token: 'T0K', socket: (u, p) => new ScriptedSocket(u, p) });
    const answer = api.call('cluster:info', {});
    const s = ScriptedSocket.all[0];
    expect(s.protocols).toEqual(['pilothouse.v1', 'token.T0K']);
    expect(s.sent).toEqual([]);
    s.open();
    expect(s.sent).toEqual([{ t: 'call', id: 1, channel: 'cluster:info', request: {} }]);
    s.reply({ t: 'result', id: 1, envelope: { ok: true, result: { mode: 'dashboard' } } });
    expect(await answer).toEqual({ ok: true, result: { mode: 'dashboard' } });
    api.close();
  });

  it('fails pending calls and non-watch streams when the connection drops, and re-subscribes watches', async () => {
    ScriptedSocket.all = [];
    const statuses: unknown[] = [];
    const api = createWsClient({ url: 'ws://x/ws', token: 't', socket: (u, p) => new ScriptedSocket(u, p), onStatus: (s) => statuses.push(s) });
    const watchEvents: unknown[] = [];
    let logsClosed: unknown;
    api.subscribe('resources:watch', { apiVersion: 'v1', resource: 'pods' }, (e) => watchEvents.push(e));
    api.subscribe('pods:logs', { namespace: 'default', pod: 'p', follow: true }, () => {}, (e) => (logsClosed = e));
    const pending = api.call('cluster:info', {});
    const first = ScriptedSocket.all[0];
    first.open();
    first.reply({ t: 'event', id: 1, event: { type: 'sync', resourceVersion: '5', items: [] } });
    first.drop();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'Unavailable', message: expect.stringContaining('server went away') } });
    expect(logsClosed).toMatchObject({ code: 'Unavailable' });
    expect(statuses).toEqual([{ connected: true }, { connected: false, message: 'server went away' }]);
    await new Promise((r) => setTimeout(r, 300));
    const second = ScriptedSocket.all[1];
    expect(second).toBeDefined();
    second.open();
    expect(second.sent).toEqual([{ t: 'sub', id: 4, channel: 'resources:watch', request: { apiVersion: 'v1', resource: 'pods' } }]);
    second.reply({ t: 'event', id: 4, event: { type: 'sync', resourceVersion: '9', items: [] } });
    expect(watchEvents).toHaveLength(2);
    api.close();
  });

  it('unsubscribes by the current id and ignores events after that', async () => {
    ScriptedSocket.all = [];
    const api = createWsClient({ url: 'ws://x/ws', token: 't', socket: (u, p) => new ScriptedSocket(u, p) });
    const got: unknown[] = [];
    const stop = api.subscribe('resources:watch', { apiVersion: 'v1', resource: 'nodes' }, (e) => got.push(e));
    const s = ScriptedSocket.all[0];
    s.open();
    stop();
    stop();
    expect(s.sent).toEqual([
      { t: 'sub', id: 1, channel: 'resources:watch', request: { apiVersion: 'v1', resource: 'nodes' } },
      { t: 'unsub', id: 1 },
    ]);
    s.reply({ t: 'event', id: 1, event: { type: 'sync' } });
    expect(got).toEqual([]);
    await tick();
    api.close();
  });

  it('opens http(s) links itself and refuses other schemes, without the server', async () => {
    ScriptedSocket.all = [];
    const opened: string[] = [];
    const api = createWsClient({ url: 'ws://x/ws', token: 't', socket: (u, p) => new ScriptedSocket(u, p), openExternal: (u) => (opened.push(u), true) });
    expect(await api.call('app:openExternal', { url: 'http://127.0.0.1:30080/' })).toEqual({ ok: true, result: { opened: true } });
    expect(await api.call('app:openExternal', { url: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
    expect(opened).toEqual(['http://127.0.0.1:30080/']);
    expect(ScriptedSocket.all).toHaveLength(0);
  });
});

/**
 * The dashboard's transport: `PilothouseApi` over the token-protected WebSocket that
 * `pilothouse serve` offers (see `wire.ts` for the protocol and the sign-in convention).
 * After a lost connection it reconnects with backoff; `resources:watch` subscriptions are
 * re-established (their first event is a fresh `sync`), other streams end with `Unavailable`.
 */
import type { PilothouseApi } from './api.js';
import type { Envelope, IpcError } from './envelope.js';
import type { SubscriptionChannel } from './channels.js';
import { WS_PATH, WS_PROTOCOL, WS_TOKEN_PREFIX, type ClientMessage, type ServerMessage } from './wire.js';

/** The part of the WebSocket API used here (browsers' WebSocket and the `ws` package both fit). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type SocketFactory = (url: string, protocols: string[]) => SocketLike;

export interface WsClientOptions {
  /** `ws://127.0.0.1:PORT/ws`. */
  url: string;
  token: string;
  /** Default: the global `WebSocket`. */
  socket?: SocketFactory;
  /** Connected / disconnected (with the reason), e.g. for a banner. */
  onStatus?: (status: { connected: boolean; message?: string }) => void;
  /** Opens http(s) links for `app:openExternal` (default `window.open`). */
  openExternal?: (url: string) => boolean;
}

export interface WsClient extends PilothouseApi {
  close(): void;
}

interface Sub { channel: SubscriptionChannel; request: unknown; onEvent: (e: never) => void; onClose?: (error?: IpcError) => void }

const OPEN = 1;

export function createWsClient(options: WsClientOptions): WsClient {
  const factory: SocketFactory = options.socket ?? ((url, protocols) => new (globalThis as unknown as { WebSocket: new (u: string, p: string[]) => SocketLike }).WebSocket(url, protocols));
  let socket: SocketLike | undefined;
  let nextId = 1;
  let closed = false;
  let retryMs = 250;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Map<number, (e: Envelope<never>) => void>();
  const subs = new Map<number, Sub>();
  const outbox: string[] = [];

  const send = (m: ClientMessage) => {
    const text = JSON.stringify(m);
    if (socket?.readyState === OPEN) socket.send(text);
    else {
      outbox.push(text);
      connect();
    }
  };

  function connect(): void {
    if (closed || socket || retryTimer) return;
    const s = factory(options.url, [WS_PROTOCOL, WS_TOKEN_PREFIX + options.token]);
    socket = s;
    s.onopen = () => {
      retryMs = 250;
      options.onStatus?.({ connected: true });
      for (const text of outbox.splice(0)) s.send(text);
    };
    s.onmessage = (ev) => receive(typeof ev.data === 'string' ? ev.data : String(ev.data));
    s.onerror = () => {};
    s.onclose = (ev) => lost(s, ev.reason || `connection closed (${ev.code})`);
  }

  function lost(s: SocketLike, message: string): void {
    if (socket !== s) return;
    socket = undefined;
    options.onStatus?.({ connected: false, message });
    const error: IpcError = { code: 'Unavailable', message: `lost the connection to Pilothouse: ${message}` };
    for (const [id, resolve] of pending) {
      pending.delete(id);
      resolve({ ok: false, error });
    }
    outbox.length = 0;
    const resubscribe: Sub[] = [];
    for (const [id, sub] of subs) {
      subs.delete(id);
      if (sub.channel === 'resources:watch') resubscribe.push(sub);
      else sub.onClose?.(error);
    }
    if (closed) return;
    // Nothing to restore: the next call or subscription reconnects.
    if (resubscribe.length === 0) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      for (const sub of resubscribe) start(sub);
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 5000);
  }

  function receive(text: string): void {
    let m: ServerMessage;
    try {
      m = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    if (m.t === 'result') {
      const resolve = pending.get(m.id);
      pending.delete(m.id);
      resolve?.(m.envelope as Envelope<never>);
    } else if (m.t === 'event') {
      subs.get(m.id)?.onEvent(m.event as never);
    } else if (m.t === 'closed') {
      const sub = subs.get(m.id);
      subs.delete(m.id);
      sub?.onClose?.(m.error);
    }
  }

  function start(sub: Sub): number {
    const id = nextId++;
    subs.set(id, sub);
    send({ t: 'sub', id, channel: sub.channel, request: sub.request });
    return id;
  }

  return {
    call(channel, request) {
      if (channel === 'app:openExternal') {
        const url = (request as { url?: unknown }).url;
        if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
          return Promise.resolve({ ok: false, error: { code: 'BadRequest', message: 'only http:// and https:// URLs can be opened' } });
        }
        const open = options.openExternal ?? ((u: string) => !!(globalThis as unknown as { open?: (u: string, t: string, f: string) => unknown }).open?.(u, '_blank', 'noopener'));
        return Promise.resolve({ ok: true, result: { opened: open(url) } } as Envelope<never>);
      }
      if (closed) return Promise.resolve({ ok: false, error: { code: 'Unavailable', message: 'the dashboard connection was closed' } });
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (e: Envelope<never>) => void);
        send({ t: 'call', id, channel, request });
      });
    },
    subscribe(channel, request, onEvent, onClose) {
      if (closed) {
        queueMicrotask(() => onClose?.({ code: 'Unavailable', message: 'the dashboard connection was closed' }));
        return () => {};
      }
      const sub: Sub = { channel, request, onEvent: onEvent as (e: never) => void, onClose };
      let id = start(sub);
      // A watch re-established after a reconnect gets a new id: track it through the Sub object.
      return () => {
        for (const [k, s] of subs) if (s === sub) id = k;
        if (!subs.delete(id)) return;
        send({ t: 'unsub', id });
      };
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close(1000, 'client closed');
    },
  };
}

/**
 * Reads the dashboard token: from the URL fragment `#token=...` (then stored in sessionStorage
 * and removed from the address bar), else from sessionStorage. Call before the router starts.
 */
export function readDashboardToken(): string | undefined {
  const g = globalThis as unknown as {
    location?: { hash: string; pathname: string; search: string };
    history?: { replaceState(data: unknown, unused: string, url?: string): void };
    sessionStorage?: { getItem(k: string): string | null; setItem(k: string, v: string): void };
  };
  const key = 'pilothouse.dashboardToken';
  const match = /(?:^#|&)token=([^&]+)/.exec(g.location?.hash ?? '');
  if (match) {
    const token = decodeURIComponent(match[1]);
    g.sessionStorage?.setItem(key, token);
    const rest = g.location!.hash.replace(/(^#|&)token=[^&]+/, '$1').replace(/^#&/, '#');
    g.history?.replaceState(null, '', `${g.location!.pathname}${g.location!.search}${rest === '#' ? '' : rest}`);
    return token;
  }
  return g.sessionStorage?.getItem(key) ?? undefined;
}

/** The API object for the running page: Electron's preload if present, else the dashboard WebSocket. */
export function connectDashboard(onStatus?: WsClientOptions['onStatus']): PilothouseApi {
  const g = globalThis as unknown as { pilothouse?: PilothouseApi; location?: { protocol: string; host: string } };
  if (g.pilothouse) return g.pilothouse;
  const token = readDashboardToken();
  if (!token || !g.location) {
    throw new Error('Not signed in: open the Dashboard URL that `pilothouse serve` printed (it ends with #token=...).');
  }
  const scheme = g.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsClient({ url: `${scheme}://${g.location.host}${WS_PATH}`, token, onStatus });
}

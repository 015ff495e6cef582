/**
 * One browser connection speaking the contract over WebSocket (`wire.ts`): calls answered with
 * their envelope, subscriptions streamed as `event` / `closed` messages, everything the
 * connection started stopped when it goes away. A client that cannot keep up (more than
 * `maxBufferedBytes` unsent) is disconnected rather than letting memory grow: it reconnects and
 * re-syncs.
 */
import type { WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../shared/ipc/wire.js';
import type { IpcError } from '../../shared/ipc/envelope.js';
import type { Cockpit } from '../cockpit/cockpit.js';

export interface WsSessionOptions {
  maxBufferedBytes?: number;
}

export function serveWsSession(ws: WebSocket, cockpit: Cockpit, options: WsSessionOptions = {}): void {
  const maxBuffered = options.maxBufferedBytes ?? 64 * 1024 * 1024;
  const streams = new Map<number, () => void>();
  let open = true;

  const send = (m: ServerMessage) => {
    if (!open) return;
    if (ws.bufferedAmount > maxBuffered) {
      ws.close(1013, 'client too slow: reconnect');
      return;
    }
    ws.send(JSON.stringify(m));
  };
  const protocolError = (message: string) => ws.close(1008, message.slice(0, 120));

  ws.on('message', (data, isBinary) => {
    if (isBinary) return protocolError('binary frames are not part of the protocol');
    let m: ClientMessage;
    try {
      m = JSON.parse(data.toString()) as ClientMessage;
    } catch {
      return protocolError('messages must be JSON');
    }
    if (typeof m !== 'object' || m === null || !Number.isInteger((m as { id?: unknown }).id)) return protocolError('messages need an integer id');
    if (m.t === 'call') {
      void cockpit.call(m.channel, m.request).then((envelope) => send({ t: 'result', id: m.id, envelope }));
    } else if (m.t === 'sub') {
      if (streams.has(m.id)) return protocolError(`subscription id ${m.id} is in use`);
      const id = m.id;
      let ended = false;
      const stop = cockpit.subscribe(m.channel, m.request, {
        emit: (event) => send({ t: 'event', id, event }),
        close: (error?: IpcError) => {
          ended = true;
          streams.delete(id);
          send({ t: 'closed', id, error });
        },
        get closed() { return ended || !open; },
      });
      if (!ended) streams.set(id, stop);
    } else if (m.t === 'unsub') {
      const stop = streams.get(m.id);
      streams.delete(m.id);
      stop?.();
    } else {
      protocolError('unknown message type');
    }
  });
  ws.on('close', () => {
    open = false;
    for (const stop of streams.values()) stop();
    streams.clear();
  });
  ws.on('error', () => {});
}

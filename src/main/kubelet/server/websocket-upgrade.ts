/**
 * Server side of an HTTP upgrade to a `v5.channel.k8s.io` WebSocket, shared by the API server
 * (kubectl → API server) and the kubelet server (API server → kubelet): answer an upgrade that
 * cannot be served with a plain HTTP error carrying a `Status` (client-go decodes it and, for a
 * WebSocket attempt, kubectl then retries with SPDY, which gets the same answer), or complete
 * the handshake and hand back the socket.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Status } from '../../../shared/api/object.js';
import { V5_CHANNEL_PROTOCOL } from './remote-command.js';
import { streamingErrors } from './streaming.js';

/** Largest message accepted from a client (stdin chunks and resizes are small). */
const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

/** True for `Upgrade: websocket` (false for SPDY/3.1 and plain requests). */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/** Writes `status` as a complete HTTP response on the raw socket and closes it. */
export function rejectUpgrade(socket: Duplex, status: Status): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(status);
  const code = status.code || 500;
  socket.end(
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-cache, private\r\n' +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** Accepts `v5.channel.k8s.io` upgrades (one instance per listening server). */
export class ChannelWebSocketAcceptor {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD_BYTES,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(V5_CHANNEL_PROTOCOL) ? V5_CHANNEL_PROTOCOL : false),
  });

  /**
   * Completes the handshake, or answers 400 when the client offers no protocol we speak (the
   * request must be a WebSocket upgrade; see `isWebSocketUpgrade`).
   */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<WebSocket | undefined> {
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(V5_CHANNEL_PROTOCOL)) {
      rejectUpgrade(
        socket,
        streamingErrors.badRequest(`unsupported streaming protocol(s) ${JSON.stringify(offered.filter(Boolean))}: this server speaks ${V5_CHANNEL_PROTOCOL} (kubectl 1.30 or newer)`).status,
      );
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) => {
      // A malformed handshake is answered by `ws` itself and never calls back.
      socket.once('close', () => resolve(undefined));
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        ws.binaryType = 'nodebuffer';
        resolve(ws);
      });
    });
  }

  close(): void {
    this.wss.close();
  }
}

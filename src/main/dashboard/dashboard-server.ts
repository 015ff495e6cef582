/**
 * The dashboard: the cockpit in a browser. An HTTP server on 127.0.0.1 that serves the built
 * renderer and, at `/ws`, the contract over WebSocket. Sign-in is a token (the URL fragment
 * `#token=...` of the printed Dashboard URL; the page passes it as a WebSocket subprotocol).
 * Refused: WebSockets without the right token (401), from a foreign Origin (403), and any
 * request whose Host is not this server (DNS rebinding).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { WS_PATH, WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../shared/ipc/wire.js';
import type { Cockpit } from '../cockpit/cockpit.js';
import { tokensEqual } from './dashboard-token.js';
import { securityHeaders, serveStatic } from './static-files.js';
import { serveWsSession } from './ws-session.js';

export interface DashboardOptions {
  cockpit: Cockpit;
  token: string;
  /** The built renderer (`out/renderer`). */
  staticRoot: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
}

export interface DashboardHandle {
  port: number;
  /** `http://127.0.0.1:PORT/#token=...`: opens the UI signed in. */
  url: string;
  close(): Promise<void>;
}

export class DashboardStartError extends Error {}

export async function startDashboard(o: DashboardOptions): Promise<DashboardHandle> {
  const host = o.host ?? '127.0.0.1';
  let origin = '';
  let allowedHosts = new Set<string>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 8 * 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const server: Server = createServer((req, res) => {
    const headers = securityHeaders(origin);
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { ...headers, 'content-type': 'text/plain' }).end(`unexpected Host header: use ${origin}\n`);
      return;
    }
    serveStatic(o.staticRoot, req, res, headers);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const refusal = checkUpgrade(req, o.token, origin, allowedHosts);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal.status} ${refusal.text}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${refusal.message}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveWsSession(ws, o.cockpit));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, host, () => resolve());
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new DashboardStartError(`dashboard port ${o.port} on ${host} is already in use: choose another with --dashboard-port, or 0 for a free one`);
    if (code === 'EACCES') throw new DashboardStartError(`not allowed to listen on ${host}:${o.port}: choose a dashboard port above 1024`);
    throw e;
  }
  const port = (server.address() as { port: number }).port;
  origin = `http://${host}:${port}`;
  allowedHosts = new Set([`${host}:${port}`, `localhost:${port}`]);
  return {
    port,
    url: `${origin}/#token=${o.token}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Refusal { status: number; text: string; message: string }

function checkUpgrade(req: IncomingMessage, token: string, origin: string, allowedHosts: Set<string>): Refusal | undefined {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path !== WS_PATH) return { status: 404, text: 'Not Found', message: `no WebSocket endpoint at ${path}` };
  if (!allowedHosts.has(req.headers.host ?? '')) return { status: 421, text: 'Misdirected Request', message: 'unexpected Host header' };
  // Browsers always send Origin; only a page served by this dashboard may connect.
  const from = req.headers.origin;
  if (from !== undefined && from !== origin && from !== origin.replace('127.0.0.1', 'localhost')) {
    return { status: 403, text: 'Forbidden', message: `origin ${from} may not use this dashboard` };
  }
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const given = offered.find((p) => p.startsWith(WS_TOKEN_PREFIX))?.slice(WS_TOKEN_PREFIX.length);
  if (!tokensEqual(token, given)) {
    return { status: 401, text: 'Unauthorized', message: given ? 'wrong dashboard token' : 'dashboard token required: open the Dashboard URL that pilothouse serve printed' };
  }
  if (!offered.includes(WS_PROTOCOL)) return { status: 400, text: 'Bad Request', message: `subprotocol ${WS_PROTOCOL} required` };
  return undefined;
}

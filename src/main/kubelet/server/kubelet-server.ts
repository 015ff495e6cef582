/**
 * The kubelet's HTTPS server, for nodes the API server reaches over the network (`pilothouse
 * agent`), after upstream `pkg/kubelet/server/server.go`:
 * - `GET /containerLogs/{namespace}/{pod}/{container}?follow&previous&tailLines&…` → text/plain,
 *   streamed while following;
 * - `GET /exec/{namespace}/{pod}/{container}?command=…&stdin=1&stdout=1&stderr=1&tty=1` and
 *   `GET /attach/…` → WebSocket upgrade, subprotocol `v5.channel.k8s.io`;
 * - `GET /stats/summary` → the stats summary (JSON); `GET /healthz` → `ok`.
 * Errors are Kubernetes `Status` JSON with upstream's kubelet messages.
 *
 * Authentication is mutual TLS with the cluster CA: the server presents a certificate the cluster
 * CA issued to `system:node:<node>` (the API server checks that name), and only clients whose
 * certificate chains to the cluster CA *and* names an allowed subject (by default the API
 * server's kubelet client, `KUBELET_API_CLIENT_CN`) get past the TLS handshake and the check
 * here. No plaintext listener exists. Binds to 127.0.0.1 unless told otherwise.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Status } from '../../../shared/api/object.js';
import { serveRemoteCommand } from './exec-bridge.js';
import { parsePodLogQuery } from './log-options.js';
import { parseRemoteCommandQuery } from './remote-command.js';
import { errorStatus, streamingErrors, statusError, type NodeStreaming } from './streaming.js';
import { ChannelWebSocketAcceptor, isWebSocketUpgrade, rejectUpgrade } from './websocket-upgrade.js';

/** The subject (CN) of the client certificate the API server uses to call kubelets. */
export const KUBELET_API_CLIENT_CN = 'pilothouse:apiserver-kubelet-client';

export interface KubeletServerOptions {
  streaming: NodeStreaming;
  /** Default 127.0.0.1; an agent reachable from the control plane's machine binds wider on purpose. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** The serving certificate, issued by the cluster CA to `system:node:<node>` (`issueKubeletServingCertificate`). */
  tls: { cert: string; key: string };
  /** Client certificates must chain to this CA (the cluster CA). */
  clientCa: string;
  /** Client certificate subjects (CN) allowed; default `[KUBELET_API_CLIENT_CN]`. */
  allowedClients?: string[];
}

export interface KubeletServerHandle {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

const PATH = /^\/(containerLogs|exec|attach)\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;

export async function startKubeletServer(options: KubeletServerOptions): Promise<KubeletServerHandle> {
  const host = options.host ?? '127.0.0.1';
  const allowed = new Set(options.allowedClients ?? [KUBELET_API_CLIENT_CN]);
  const acceptor = new ChannelWebSocketAcceptor();
  const server: Server = createServer({
    cert: options.tls.cert,
    key: options.tls.key,
    ca: options.clientCa,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  });
  const sockets = new Set<Socket>();
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.requestTimeout = 0; // log follows are long-lived
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const denied = authorize(req, allowed);
    if (denied) return writeStatus(res, denied);
    serve(options.streaming, req, res).catch((e: unknown) => writeStatus(res, errorStatus(e, 'kubelet server')));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const denied = authorize(req, allowed);
    if (denied) return rejectUpgrade(socket, denied);
    upgrade(options.streaming, acceptor, req, socket, head).catch((e: unknown) => rejectUpgrade(socket, errorStatus(e, 'kubelet server')));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        acceptor.close();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** Undefined when the peer's verified certificate names an allowed subject, else a 403 Status. */
function authorize(req: IncomingMessage, allowed: Set<string>): Status | undefined {
  const socket = req.socket as TLSSocket;
  const cn = socket.authorized ? socket.getPeerCertificate()?.subject?.CN : undefined;
  const subject = Array.isArray(cn) ? cn[0] : cn;
  if (subject && allowed.has(subject)) return undefined;
  return statusError(403, 'Forbidden', `Forbidden (user=${subject ?? 'anonymous'}, verb=get, resource=nodes, subresource=proxy)`).status;
}

async function serve(streaming: NodeStreaming, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://kubelet');
  if (req.method !== 'GET') return writeStatus(res, statusError(405, 'MethodNotAllowed', `${req.method} is not supported`).status);
  if (url.pathname === '/healthz') return writeText(res, 'ok');
  if (url.pathname === '/stats/summary') {
    const body = JSON.stringify(await streaming.summary());
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  const m = PATH.exec(url.pathname);
  if (!m || m[1] !== 'containerLogs') return writeStatus(res, streamingErrors.notFound(`the kubelet serves no ${url.pathname}`).status);
  const [namespace, pod, container] = [m[2], m[3], m[4]].map(decodeURIComponent);
  const { options } = parsePodLogQuery(url.searchParams, pod);
  const logs = await streaming.logs(namespace, pod, container, options);
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache, private' });
  res.flushHeaders();
  const stop = () => (logs as { destroy?: () => void }).destroy?.();
  res.on('close', stop);
  logs.on('error', () => res.destroy());
  logs.pipe(res);
}

async function upgrade(streaming: NodeStreaming, acceptor: ChannelWebSocketAcceptor, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://kubelet');
  const m = PATH.exec(url.pathname);
  if (!m || m[1] === 'containerLogs') return rejectUpgrade(socket, streamingErrors.notFound(`the kubelet serves no upgrade on ${url.pathname}`).status);
  if (!isWebSocketUpgrade(req)) {
    return rejectUpgrade(socket, streamingErrors.badRequest(`the kubelet serves ${m[1]} over WebSocket (v5.channel.k8s.io) only`).status);
  }
  const kind = m[1] as 'exec' | 'attach';
  const [namespace, pod, container] = [m[2], m[3], m[4]].map(decodeURIComponent);
  const request = parseRemoteCommandQuery(url.searchParams, kind);
  // Started before the handshake, so a pod or container that cannot be found is an HTTP answer.
  const session = kind === 'exec'
    ? await streaming.exec(namespace, pod, container, request.command, request.options)
    : await streaming.attach(namespace, pod, container, request.options);
  const ws = await acceptor.accept(req, socket, head);
  if (!ws) {
    session.stdin?.end();
    return;
  }
  await serveRemoteCommand(ws, Promise.resolve(session), request.options);
}

function writeText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function writeStatus(res: ServerResponse, status: Status): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(status);
  res.writeHead(status.code || 500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}


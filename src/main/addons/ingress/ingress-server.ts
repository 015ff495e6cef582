/**
 * The ingress controller's HTTP listener: every request (and every `Upgrade` request) is routed
 * by `route` to a Service's endpoints or to an error page, then proxied. Client connections are
 * kept alive between requests (75 s idle, nginx's `keepalive_timeout`). Listening on a port
 * that is taken fails with an error that says which port and what to do.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { sendError, type ProxyError } from './error-page.js';
import { proxyRequest, type ProxyContext, type ProxyTarget } from './http-proxy.js';
import { proxyUpgrade, refuse } from './upgrade-proxy.js';

export type RouteDecision = { ok: true; target: ProxyTarget } | { ok: false; error: ProxyError };

export interface IngressServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Decides where a request goes; called once per request. */
  route: (req: IncomingMessage) => RouteDecision;
  /** How to reach pods; the listening port is added once known. */
  proxy: Omit<ProxyContext, 'serverPort'>;
}

const KEEP_ALIVE_MS = 75_000;

export class IngressServer {
  private readonly server: Server;
  /** Sockets taken over by upgrades (the HTTP server no longer tracks them). */
  private readonly spliced = new Set<Duplex>();
  private ctx?: ProxyContext;

  constructor(private readonly options: IngressServerOptions) {
    this.server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS, requestTimeout: 0 });
    this.server.on('request', (req, res) => {
      const ctx = this.ctx!;
      const decision = this.decide(req);
      if (!decision.ok) return sendError(res, decision.error, req.headers.accept, req.method);
      proxyRequest(req, res, decision.target, ctx).catch((e: Error) => {
        options.proxy.log('proxying failed', { url: req.url, error: e.message });
        res.destroy();
      });
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.track(socket);
      socket.on('error', () => socket.destroy());
      const decision = this.decide(req);
      if (!decision.ok) return refuse(socket, decision.error, req.headers.accept);
      proxyUpgrade(req, socket, head, decision.target, this.ctx!, (s) => this.track(s)).catch((e: Error) => {
        options.proxy.log('proxying an upgrade failed', { url: req.url, error: e.message });
        socket.destroy();
      });
    });
  }

  /** Starts listening; resolves to the port. */
  async listen(): Promise<number> {
    const { host, port } = this.options;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException) => reject(listenError(e, host, port));
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    const actual = (this.server.address() as AddressInfo).port;
    this.ctx = { ...this.options.proxy, serverPort: actual };
    return actual;
  }

  /** Stops listening and closes every connection, upgraded ones included. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const s of this.spliced) s.destroy();
    this.spliced.clear();
    await closed;
  }

  private decide(req: IncomingMessage): RouteDecision {
    try {
      return this.options.route(req);
    } catch (e) {
      return { ok: false, error: { status: 500, title: 'Routing failed', detail: `The ingress controller could not route this request: ${(e as Error).message}` } };
    }
  }

  private track(s: Duplex): void {
    this.spliced.add(s);
    s.once('close', () => this.spliced.delete(s));
  }
}

function listenError(e: NodeJS.ErrnoException, host: string, port: number): Error {
  if (e.code === 'EADDRINUSE') {
    return new Error(
      `ingress controller: port ${port} on ${host} is already in use. Stop the program that listens there, or give the ingress controller another port (0 picks a free one).`,
    );
  }
  if (e.code === 'EACCES') {
    return new Error(`ingress controller: not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges). Choose a port of 1024 or above.`);
  }
  return new Error(`ingress controller: cannot listen on ${host}:${port}: ${e.message}`);
}

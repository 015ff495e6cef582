/**
 * The DNS listeners: one UDP socket and one TCP server on the same port, both handing request
 * bytes to the query handler. TCP connections carry any number of queries, answered as each
 * completes, and close after an idle period.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import type { RequestHandler } from './query-handler.js';
import { readFramed, writeFramed } from './tcp-framing.js';

export interface DnsServerConfig {
  handler: RequestHandler;
  /** Address to bind (default 0.0.0.0). */
  host?: string;
  /** UDP and TCP port; 0 picks a free port that is free for both. */
  port: number;
  /** Close idle TCP connections after this long (default 10 s, RFC 7766 suggests seconds). */
  tcpIdleMs?: number;
  log?: (line: string) => void;
}

export class DnsServer {
  private udp?: UdpSocket;
  private tcp?: Server;
  private readonly connections = new Set<Socket>();
  private closed = false;

  constructor(private readonly config: DnsServerConfig) {}

  /** Binds both sockets; resolves with the port. */
  async start(): Promise<number> {
    const host = this.config.host ?? '0.0.0.0';
    for (let attempt = 0; ; attempt++) {
      const udp = await this.bindUdp(host, this.config.port);
      const port = udp.address().port;
      try {
        this.tcp = await this.listenTcp(host, port);
        this.udp = udp;
        return port;
      } catch (e) {
        udp.close();
        // With port 0 the TCP side of the UDP port may be taken: pick another.
        if (this.config.port !== 0 || attempt >= 10) throw e;
      }
    }
  }

  get port(): number {
    return this.udp!.address().port;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.connections) c.destroy();
    await Promise.all([
      new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve())),
    ]);
  }

  private bindUdp(host: string, port: number): Promise<UdpSocket> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        socket.on('error', (e) => this.config.log?.(`udp socket error error="${e.message}"`));
        socket.on('message', (msg, from) => {
          void this.config.handler.handle(msg, 'udp').then((reply) => {
            // A reply that completes after close() has nowhere to go.
            if (reply && !this.closed) socket.send(reply, from.port, from.address);
          });
        });
        resolve(socket);
      });
    });
  }

  private listenTcp(host: string, port: number): Promise<Server> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => this.serveConnection(socket));
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        server.on('error', (e) => this.config.log?.(`tcp server error error="${e.message}"`));
        resolve(server);
      });
    });
  }

  private serveConnection(socket: Socket): void {
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(this.config.tcpIdleMs ?? 10_000, () => socket.destroy());
    readFramed(socket, (msg) => {
      void this.config.handler.handle(msg, 'tcp').then((reply) => {
        if (reply && !socket.destroyed) writeFramed(socket, reply);
      });
    });
  }
}

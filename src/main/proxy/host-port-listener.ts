/**
 * One TCP listener on the host's loopback that hands each connection to a Service port: the
 * NodePort and LoadBalancer entrances from the host (the only way in: pod IPs are never reached
 * from the host). A connection that finds no ready endpoint is reset, as kube-proxy rejects.
 */
import net from 'node:net';
import { relay, relayPipelined } from '../../dataplane/protocol.js';

/** A stream into the cluster; with `established`, its handshake is still under way (see `relayPipelined`). */
export interface Upstream {
  socket: net.Socket;
  established?: Promise<void>;
}

export type Connector = (clientIP: string | undefined) => Promise<Upstream>;

export class HostPortInUseError extends Error {}

export class HostPortListener {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly host: string,
    readonly port: number,
    private connector: Connector,
    private readonly log?: (line: string) => void,
  ) {}

  /** The port actually bound (differs from `port` when that was 0). */
  get boundPort(): number {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : this.port;
  }

  setConnector(c: Connector): void {
    this.connector = c;
  }

  listen(): Promise<void> {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true }, (c) => this.accept(c));
    return new Promise((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => {
        reject(e.code === 'EADDRINUSE' ? new HostPortInUseError(`port ${this.port} on ${this.host} is in use by another program`) : e);
      });
      server.listen({ host: this.host, port: this.port, exclusive: true }, () => {
        server.removeAllListeners('error');
        server.on('error', (e) => this.log?.(`${this.host}:${this.port}: ${e.message}`));
        this.server = server;
        resolve();
      });
    });
  }

  close(): void {
    this.server?.close();
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  private accept(client: net.Socket): void {
    this.sockets.add(client);
    client.once('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    this.connector(client.remoteAddress).then(
      ({ socket: upstream, established }) => {
        this.sockets.add(upstream);
        upstream.once('close', () => this.sockets.delete(upstream));
        if (client.destroyed) {
          upstream.destroy();
          return;
        }
        if (established) relayPipelined(client, upstream, established);
        else relay(client, upstream);
      },
      () => client.resetAndDestroy(),
    );
  }
}

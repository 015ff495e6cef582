/**
 * One TCP service port on one ClusterIP: accepts pod connections and relays each to a ready
 * endpoint (round robin or ClientIP affinity), trying the next endpoint when one refuses. With
 * no endpoint left the client's connection is reset, as kube-proxy's REJECT rule does.
 */
import net from 'node:net';
import { Balancer, endpointKey } from './balancer.js';
import { relay, type ServicePortEntry } from './protocol.js';

export interface TcpServiceContext {
  balancer: Balancer;
  /** Relays a pod's connection to the API server (the `kubernetes` Service). */
  toApiServer(client: net.Socket): void;
  log(line: string): void;
}

export class TcpService {
  private readonly server: net.Server;
  private entry!: ServicePortEntry;
  private affinitySeconds?: number;

  constructor(
    readonly name: string,
    readonly ip: string,
    entry: ServicePortEntry,
    affinitySeconds: number | undefined,
    private readonly ctx: TcpServiceContext,
  ) {
    this.update(entry, affinitySeconds);
    this.server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (c) => this.accept(c));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: this.ip, port: this.entry.port }, () => {
        this.server.off('error', reject);
        this.server.on('error', (e) => this.ctx.log(`${this.name} ${this.ip}:${this.entry.port}: ${e.message}`));
        resolve();
      });
    });
  }

  update(entry: ServicePortEntry, affinitySeconds: number | undefined): void {
    this.entry = entry;
    this.affinitySeconds = affinitySeconds;
  }

  close(): void {
    this.server.close();
  }

  private accept(client: net.Socket): void {
    client.on('error', () => client.destroy());
    if (this.entry.apiServer) {
      this.ctx.toApiServer(client);
      return;
    }
    this.connect(client, new Set());
  }

  private connect(client: net.Socket, failed: Set<string>): void {
    const key = `${this.name}:${this.entry.port}`;
    const endpoint = this.ctx.balancer.pick(key, this.entry.endpoints, {
      clientIP: client.remoteAddress, affinitySeconds: this.affinitySeconds, exclude: failed,
    });
    if (!endpoint) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ host: endpoint.ip, port: endpoint.port, allowHalfOpen: true });
    const onError = () => {
      failed.add(endpointKey(endpoint));
      upstream.destroy();
      if (!client.destroyed) this.connect(client, failed);
    };
    upstream.once('error', onError);
    upstream.setNoDelay(true);
    upstream.once('connect', () => {
      upstream.off('error', onError);
      client.setNoDelay(true);
      relay(client, upstream);
    });
  }
}

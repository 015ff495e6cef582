/**
 * kube-proxy for Docker-backed nodes: watches Services and EndpointSlices through the API (like
 * every other component), keeps the service proxy container running, and pushes it the service
 * table whenever either changes. Host-side connections go to the ports pods published on
 * 127.0.0.1 when they can, through the proxy's tunnel otherwise. All Docker nodes of a cluster share one pod network, so one
 * proxy serves them all. It also offers `dial()` into the pod network and endpoint choice for the
 * host-side listeners (NodePorts, LoadBalancers, ingress, port-forward).
 *
 * Docker being away or the image missing does not stop the cluster: the proxy retries, and says
 * why in the log.
 */
import type net from 'node:net';
import type Dockerode from 'dockerode';
import type { ApiClient } from '../client/api-client.js';
import { Informer } from '../client/informer.js';
import { Balancer, endpointKey } from '../../dataplane/balancer.js';
import type { EndpointAddress, ServiceEntry } from '../../dataplane/protocol.js';
import type { ClusterNetwork } from '../network/cluster-network.js';
import { ProxyTunnel } from './proxy-tunnel.js';
import { EndpointSliceIndex } from '../network/endpoint-slices.js';
import { publishApiServerEndpoints } from './api-server-endpoints.js';
import { connectLoopback } from './loopback.js';
import { PublishedPorts } from './published-ports.js';
import { ServiceProxyContainer } from './service-proxy-container.js';
import {
  affinitySeconds, readyEndpoints, serviceEntry, serviceKey, type EndpointSliceObject, type ServiceObject, type ServicePort,
} from './service-table.js';

export interface KubeProxyOptions {
  client: ApiClient;
  docker: Dockerode;
  clusterId: string;
  network: ClusterNetwork;
  /** Image of the proxy container (Node + busybox `ip`). */
  image?: string;
  /** The API server's listener, where pods' connections to the `kubernetes` Service go. */
  apiServer: { host: string; port: number };
  log?: (line: string) => void;
  /** How long `start()` waits for the proxy container before going on in the background (default 20 s). */
  startWaitMs?: number;
  /** How often the supervisor checks the proxy container (default 5 s). */
  superviseMs?: number;
}

export class ServiceUnavailableError extends Error {}

export class KubeProxy {
  readonly services: Informer<ServiceObject>;
  readonly slices: Informer<EndpointSliceObject>;
  private readonly container: ServiceProxyContainer;
  private readonly balancer = new Balancer();
  private readonly published: PublishedPorts;
  private tunnel?: ProxyTunnel;
  private pushScheduled = false;
  /** Slices by Service, kept current by the informer (connections look endpoints up often). */
  private readonly sliceIndex = new EndpointSliceIndex();
  private stopped = false;
  private superviseTimer?: NodeJS.Timeout;
  private starting?: Promise<void>;
  private lastProblem?: string;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly o: KubeProxyOptions) {
    this.services = new Informer<ServiceObject>(o.client, { apiVersion: 'v1', resource: 'services' });
    this.slices = new Informer<EndpointSliceObject>(o.client, { apiVersion: 'discovery.k8s.io/v1', resource: 'endpointslices' });
    this.container = new ServiceProxyContainer({
      docker: o.docker, clusterId: o.clusterId, network: o.network.dockerNetwork, image: o.image, log: o.log,
      ipam: { subnet: o.network.subnet, ipRange: o.network.podRange, gateway: o.network.gateway },
    });
    this.published = new PublishedPorts(o.docker, o.clusterId, o.network.dockerNetwork);
    const changed = { onAdd: () => this.changed(), onUpdate: () => this.changed(), onDelete: () => this.changed() };
    this.services.addHandlers(changed);
    this.slices.addHandlers(this.sliceIndex.handlers);
    this.slices.addHandlers(changed);
  }

  /**
   * Starts watching and the proxy container; resolves once the first table is applied, or the
   * proxy could not start (the supervisor retries), or after `startWaitMs` (an image pull goes on).
   */
  async start(): Promise<void> {
    this.services.start();
    this.slices.start();
    await Promise.all([this.services.waitForSync(), this.slices.waitForSync()]);
    // A first start may pull the image: do not hold the cluster's start up for longer than this.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.ensureProxy(), new Promise<void>((r) => (timer = setTimeout(r, this.o.startWaitMs ?? 20_000)))]);
    clearTimeout(timer);
    this.superviseTimer = setInterval(() => void this.supervise(), this.o.superviseMs ?? 5000);
    this.superviseTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.superviseTimer);
    this.services.stop();
    this.slices.stop();
    this.tunnel?.close();
    this.tunnel = undefined;
    await this.starting?.catch(() => {});
    await this.container.stop().catch((e: Error) => this.o.log?.(`service proxy: ${e.message}`));
  }

  /** Runs `fn` whenever Services or EndpointSlices change (host listeners follow the same data). */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The image of the service proxy (the DNS add-on runs the same one). */
  get image(): string {
    return this.container.image;
  }

  /** Why service networking is not working, if it is not. */
  get problem(): string | undefined {
    return this.tunnel ? undefined : this.lastProblem;
  }

  /**
   * A TCP stream to a pod IP:port: through the port the pod published on 127.0.0.1 when it
   * declared that port, else through the service proxy's tunnel into the pod network.
   */
  async dial(ip: string, port: number): Promise<net.Socket> {
    return (await this.publishedConnection(ip, port)) ?? this.liveTunnel().dial(ip, port);
  }

  /**
   * A stream to a ready endpoint of `port` of `svc`, for host-side clients: round robin (or the
   * Service's ClientIP affinity), trying the next endpoint when one refuses.
   */
  async connectToService(svc: ServiceObject, port: ServicePort, clientIP?: string): Promise<net.Socket> {
    const endpoints = readyEndpoints(port, this.slicesOf(svc));
    const failed = new Set<string>();
    let lastError: Error | undefined;
    for (;;) {
      const e = this.pick(svc, port, endpoints, clientIP, failed);
      if (!e) {
        throw lastError ?? new ServiceUnavailableError(`service ${serviceKey(svc)} has no ready endpoints for port ${port.port}`);
      }
      try {
        return await this.dial(e.ip, e.port);
      } catch (err) {
        lastError = err as Error;
        if (err instanceof ServiceUnavailableError) throw err;
        failed.add(endpointKey(e));
      }
    }
  }

  /**
   * Like `connectToService`, for host listeners: the handshake with the proxy overlaps the
   * client's first bytes (no retry on another endpoint once bytes are sent; kube-proxy's own
   * rules do not retry either).
   */
  async openToService(svc: ServiceObject, port: ServicePort, clientIP?: string): Promise<{ socket: net.Socket; established?: Promise<void> }> {
    const e = this.pick(svc, port, readyEndpoints(port, this.slicesOf(svc)), clientIP);
    if (!e) throw new ServiceUnavailableError(`service ${serviceKey(svc)} has no ready endpoints for port ${port.port}`);
    const local = await this.publishedConnection(e.ip, e.port);
    return local ? { socket: local } : this.liveTunnel().open(e.ip, e.port);
  }

  /** Through the port the pod published on 127.0.0.1 for `ip:port`, if it did and it answers. */
  private async publishedConnection(ip: string, port: number): Promise<net.Socket | undefined> {
    const local = await this.published.lookup(ip, port);
    if (local === undefined) return undefined;
    try {
      return await connectLoopback(local);
    } catch {
      this.published.forget(ip, port);
      return undefined;
    }
  }

  private liveTunnel(): ProxyTunnel {
    if (!this.tunnel) throw new ServiceUnavailableError(`service networking is not running: ${this.lastProblem ?? 'starting'}`);
    return this.tunnel;
  }

  /** The endpoint for a host-side connection: round robin, or the Service's ClientIP affinity. */
  private pick(svc: ServiceObject, port: ServicePort, endpoints: EndpointAddress[], clientIP?: string, exclude?: Set<string>): EndpointAddress | undefined {
    return this.balancer.pick(`host:${serviceKey(svc)}:${port.port}`, endpoints, { clientIP, affinitySeconds: affinitySeconds(svc), exclude });
  }

  slicesOf(svc: ServiceObject): EndpointSliceObject[] {
    return this.sliceIndex.slicesOf(svc.metadata.namespace ?? '', svc.metadata.name ?? '');
  }

  table(): ServiceEntry[] {
    const out: ServiceEntry[] = [];
    for (const svc of this.services.list()) {
      const e = serviceEntry(svc, this.slicesOf(svc));
      if (e) out.push(e);
    }
    return out;
  }

  private changed(): void {
    this.published.invalidate();
    for (const fn of this.listeners) fn();
    if (this.pushScheduled) return;
    this.pushScheduled = true;
    setImmediate(() => {
      this.pushScheduled = false;
      if (this.tunnel && this.services.hasSynced() && this.slices.hasSynced()) void this.tunnel.push(this.table());
    });
  }

  private ensureProxy(): Promise<void> {
    this.starting ??= this.startProxy().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async startProxy(): Promise<void> {
    if (this.stopped) return;
    try {
      const other = await this.container.takenOverBy();
      if (other && this.tunnel === undefined && this.lastProblem?.startsWith('yielded')) return;
      const running = await this.container.start();
      const tunnel = new ProxyTunnel({ port: running.port, token: running.token, apiServer: this.o.apiServer, log: this.o.log });
      await retry(() => tunnel.start(), 50, 100);
      if (this.stopped) {
        tunnel.close();
        return;
      }
      tunnel.onDisconnect = (why) => {
        if (this.tunnel === tunnel) this.tunnel = undefined;
        this.lastProblem = `the service proxy container stopped answering (${why})`;
        void this.supervise();
      };
      this.tunnel = tunnel;
      await tunnel.push(this.table());
      if (running.ip) {
        await publishApiServerEndpoints(this.o.client, running.ip, this.o.apiServer.port).catch((e: Error) =>
          this.o.log?.(`cannot write the kubernetes Service's endpoints: ${e.message}`));
      }
      if (this.lastProblem) this.o.log?.('service networking is running again');
      this.lastProblem = undefined;
      this.o.log?.(`service proxy ${running.name} running (control port 127.0.0.1:${running.port})`);
    } catch (e) {
      const message = (e as Error).message;
      if (message !== this.lastProblem) this.o.log?.(`service networking unavailable: ${message}`);
      this.lastProblem = message;
    }
  }

  private async supervise(): Promise<void> {
    if (this.stopped || this.starting) return;
    if (this.tunnel && (await this.container.isRunning())) return;
    const other = await this.container.takenOverBy().catch(() => undefined);
    if (other) {
      this.tunnel?.close();
      this.tunnel = undefined;
      const message = `yielded: cluster ${other} now runs service networking on this Docker engine; restart this cluster to take it back`;
      if (this.lastProblem !== message) this.o.log?.(message);
      this.lastProblem = message;
      return;
    }
    this.tunnel?.close();
    this.tunnel = undefined;
    await this.ensureProxy();
  }
}

async function retry<T>(fn: () => Promise<T>, attempts: number, delayMs: number): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

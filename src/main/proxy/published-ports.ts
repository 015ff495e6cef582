/**
 * Where a pod's declared TCP ports are published on the host's 127.0.0.1 (the kubelet asks Docker
 * for a free loopback port per declared port), found from the sandboxes' port lists. The host
 * side of Services connects there — one hop less than the service proxy's tunnel, which remains
 * the way to ports a pod did not declare. Refreshed after every endpoint change and, at most
 * once a second, when an address is missing.
 */
import type Dockerode from 'dockerode';

const MISS_REFRESH_MS = 1000;

export class PublishedPorts {
  private map = new Map<string, number>();
  private dirty = true;
  private lastRefresh = 0;
  private refreshing?: Promise<void>;

  constructor(
    private readonly docker: Dockerode,
    private readonly clusterId: string,
    private readonly network: string,
  ) {}

  /** Endpoints changed: look again before the next lookup. */
  invalidate(): void {
    this.dirty = true;
  }

  /** The 127.0.0.1 port that leads to `ip:port`, if the pod published it. */
  async lookup(ip: string, port: number): Promise<number | undefined> {
    const key = `${ip}:${port}`;
    if (this.dirty) await this.refresh();
    let found = this.map.get(key);
    if (found === undefined && Date.now() - this.lastRefresh > MISS_REFRESH_MS) {
      await this.refresh();
      found = this.map.get(key);
    }
    return found;
  }

  /** Forgets an address that did not answer (its pod is gone; the next lookup asks Docker). */
  forget(ip: string, port: number): void {
    this.map.delete(`${ip}:${port}`);
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async load(): Promise<void> {
    this.dirty = false;
    this.lastRefresh = Date.now();
    let list: Dockerode.ContainerInfo[];
    try {
      list = await this.docker.listContainers({ filters: { label: [`pilothouse.cluster=${this.clusterId}`, 'pilothouse.role=sandbox'], status: ['running'] } });
    } catch {
      return; // Docker away: the tunnel path is tried instead
    }
    const map = new Map<string, number>();
    for (const c of list) {
      const ip = c.NetworkSettings?.Networks?.[this.network]?.IPAddress;
      if (!ip) continue;
      for (const p of c.Ports ?? []) {
        if (p.Type === 'tcp' && p.IP === '127.0.0.1' && p.PublicPort) map.set(`${ip}:${p.PrivatePort}`, p.PublicPort);
      }
    }
    this.map = map;
  }
}

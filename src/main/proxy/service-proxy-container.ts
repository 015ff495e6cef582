/**
 * The service proxy's container: one per cluster, on the cluster's Docker network, with
 * CAP_NET_ADMIN (for ClusterIP aliases inside its own network namespace only) and its control
 * port published on 127.0.0.1. The bundled program is copied in before start, so nothing on the
 * host is mounted. The container removes itself when it stops (AutoRemove), and exits by itself
 * when the main process has been gone for a minute (a crashed Pilothouse leaves nothing running).
 *
 * Only one cluster per Docker engine can own the ClusterIPs: a newer cluster takes over from an
 * older one, and the older one yields with a message instead of fighting back.
 */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { CONTROL_PORT } from '../../dataplane/protocol.js';
import { ensureNetwork, type NetworkIpam } from '../runtime/docker/network.js';
import { imageStatus, pullImage } from '../runtime/docker/images.js';
import { daemonMessage, isNotFound } from '../runtime/docker/errors.js';
import { tarArchive } from '../util/tar.js';
import { readInclusterProgram } from './incluster-programs.js';

export const ROLE_LABEL = 'pilothouse.role';
export const CLUSTER_LABEL = 'pilothouse.cluster';
export const SERVICE_PROXY_ROLE = 'service-proxy';
/** The default image with Node (>= 20) and busybox's or iproute2's `ip`. */
export const DEFAULT_ADDON_IMAGE = 'node:22-alpine';
const PROGRAM_FILE = 'pilothouse-service-proxy.mjs';

export interface ServiceProxyContainerOptions {
  docker: Dockerode;
  clusterId: string;
  network: string;
  ipam: NetworkIpam;
  image?: string;
  /** Seconds the proxy keeps running without a control connection (default 60). */
  idleExitSeconds?: number;
  log?: (line: string) => void;
}

export interface RunningProxy {
  id: string;
  name: string;
  /** The control port on 127.0.0.1. */
  port: number;
  token: string;
  /** The container's address on the pod network. */
  ip?: string;
}

export class ServiceProxyUnavailableError extends Error {}

export class ServiceProxyContainer {
  readonly image: string;
  private running?: RunningProxy;

  constructor(private readonly o: ServiceProxyContainerOptions) {
    this.image = o.image ?? DEFAULT_ADDON_IMAGE;
  }

  get name(): string {
    return `pilothouse-service-proxy-${this.o.clusterId.slice(0, 12)}`;
  }

  /** Replaces any proxy of this engine with a fresh one of ours and returns how to reach it. */
  async start(): Promise<RunningProxy> {
    const { docker } = this.o;
    await this.ensureImage();
    await ensureNetwork(docker, this.o.network, { [CLUSTER_LABEL]: this.o.clusterId }, this.o.ipam);
    for (const c of await this.proxies()) {
      if (c.Labels[CLUSTER_LABEL] !== this.o.clusterId) this.o.log?.(`taking over service networking from cluster ${c.Labels[CLUSTER_LABEL]} (container ${c.Names[0]?.slice(1)})`);
      await docker.getContainer(c.Id).remove({ force: true }).catch((e: unknown) => {
        if (!isNotFound(e)) throw e;
      });
    }
    await this.waitGone(this.name);
    const token = randomBytes(24).toString('base64url');
    let container: Dockerode.Container;
    try {
      container = await docker.createContainer({
        name: this.name,
        Image: this.image,
        Cmd: ['node', `/${PROGRAM_FILE}`],
        Env: [`PILOTHOUSE_PROXY_TOKEN=${token}`, `PILOTHOUSE_PROXY_PORT=${CONTROL_PORT}`, `PILOTHOUSE_PROXY_IDLE_EXIT_SECONDS=${this.o.idleExitSeconds ?? 60}`],
        Labels: { [CLUSTER_LABEL]: this.o.clusterId, [ROLE_LABEL]: SERVICE_PROXY_ROLE },
        ExposedPorts: { [`${CONTROL_PORT}/tcp`]: {} },
        HostConfig: {
          NetworkMode: this.o.network,
          PortBindings: { [`${CONTROL_PORT}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '' }] },
          CapAdd: ['NET_ADMIN'],
          Init: true,
          AutoRemove: true,
        },
      });
      await container.putArchive(tarArchive([{ name: PROGRAM_FILE, content: readInclusterProgram('service-proxy') }]), { path: '/' });
      await container.start();
    } catch (e) {
      throw new ServiceProxyUnavailableError(`cannot start the service proxy container ${this.name}: ${daemonMessage(e)}`);
    }
    const info = await container.inspect();
    const binding = info.NetworkSettings.Ports?.[`${CONTROL_PORT}/tcp`]?.[0];
    if (!binding?.HostPort) throw new ServiceProxyUnavailableError(`the service proxy container ${this.name} has no published control port`);
    const ip = info.NetworkSettings.Networks?.[this.o.network]?.IPAddress || undefined;
    this.running = { id: info.Id, name: this.name, port: Number(binding.HostPort), token, ip };
    return this.running;
  }

  /** Whether another cluster's proxy runs on this engine now (then this cluster should yield). */
  async takenOverBy(): Promise<string | undefined> {
    const other = (await this.proxies()).find((c) => c.Labels[CLUSTER_LABEL] !== this.o.clusterId && c.State === 'running');
    return other?.Labels[CLUSTER_LABEL];
  }

  async isRunning(): Promise<boolean> {
    if (!this.running) return false;
    try {
      const info = await this.o.docker.getContainer(this.running.id).inspect();
      return info.State.Running;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    if (!r) return;
    await this.o.docker.getContainer(r.id).remove({ force: true }).catch((e: unknown) => {
      if (!isNotFound(e) && !/already in progress/.test(daemonMessage(e))) throw e;
    });
  }

  private proxies(): Promise<Dockerode.ContainerInfo[]> {
    return this.o.docker.listContainers({ all: true, filters: { label: [`${ROLE_LABEL}=${SERVICE_PROXY_ROLE}`] } });
  }

  /** AutoRemove makes removal asynchronous: wait until the name is free. */
  private async waitGone(name: string): Promise<void> {
    for (let i = 0; i < 50; i++) {
      const same = await this.o.docker.listContainers({ all: true, filters: { name: [`^/${name}$`] } });
      if (same.length === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async ensureImage(): Promise<void> {
    try {
      if (await imageStatus(this.o.docker, this.image)) return;
    } catch (e) {
      throw new ServiceProxyUnavailableError(`cannot ask Docker about image ${this.image}: ${daemonMessage(e)}`);
    }
    this.o.log?.(`pulling ${this.image} for the service proxy and DNS add-on`);
    try {
      await pullImage(this.o.docker, this.image, 5 * 60_000);
    } catch (e) {
      throw new ServiceProxyUnavailableError(
        `the service proxy needs image ${this.image} (Node 20+ with busybox's "ip"), and pulling it failed: ${(e as Error).message}. ` +
          `Pull it yourself (docker pull ${this.image}) or choose another image with --addon-image.`,
      );
    }
  }
}

/**
 * DockerRuntime: the `ContainerRuntime` that runs real containers on a Docker engine (dockerode).
 *
 * Pods are laid out as in Kubernetes: one sandbox container per pod owns its network (on the
 * node bridge network, hostname = pod name, host ports published on 127.0.0.1 only), and the
 * pod's app containers join it, sharing localhost and hostname. Every object carries `LABELS`,
 * and listings ask the daemon by label, so a new instance (after a restart) finds everything.
 * Probes run inside the pod (see `probes.ts`): nothing is sent from the host to a container IP.
 *
 * Every method maps "no engine" to `RuntimeUnavailableError` with what to do about it; other
 * daemon failures are `Error`s naming the operation and carrying the daemon's reason.
 */
import Dockerode from 'dockerode';
import {
  LABELS,
  type ContainerConfig, type ContainerRuntime, type ContainerStats, type ContainerStatus, type ExecOptions, type ExecSession,
  type ImageInfo, type LogOptions, type PodSandbox, type PodSandboxConfig, type ProbeRunner, type PullProgress,
  type RuntimeEvent, type RuntimeInfo, type RuntimeProbeRequest, type RuntimeProbeResult,
} from '../types.js';
import * as containers from './containers.js';
import { dockerCall, isNotFound, unresponsiveError } from './errors.js';
import { watchEvents } from './events.js';
import { runToCompletion, startExec } from './exec.js';
import * as images from './images.js';
import { openLogStream } from './logs.js';
import { labelFilters } from './names.js';
import { NodeNetwork, type NetworkIpam } from './network.js';
import { runDockerProbe } from './probes.js';
import { listSandboxes, removeSandbox, runSandbox, stopSandbox, type SandboxDeps } from './sandboxes.js';
import { StatsSampler } from './stats.js';

/**
 * The default pod sandbox: busybox, sleeping. Unlike the pause image it carries `wget` and `nc`,
 * so httpGet and tcpSocket probes can run inside the pod's network namespace (the host never
 * sends traffic to pod IPs). A pause image still works, with exec probes only.
 */
export const DEFAULT_SANDBOX_IMAGE = 'busybox:1.36';

/** What a busybox sandbox runs: a sleep that docker-init ends at once on stop. */
export const BUSYBOX_SANDBOX_COMMAND = ['sleep', '2147483647'];

/** Images whose default command would exit at once and must be told to sleep. */
export function sandboxCommandFor(image: string): string[] | undefined {
  const repo = image.split('@')[0].replace(/:[^/]*$/, '');
  return /(^|\/)busybox$/.test(repo) ? BUSYBOX_SANDBOX_COMMAND : undefined;
}
export const DEFAULT_NETWORK = 'pilothouse';
export const DEFAULT_PULL_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_SOCKET_PATH = '/var/run/docker.sock';
/** Bound on `info()`: an engine that takes connections but does not answer this long is down (hung). */
export const DEFAULT_INFO_TIMEOUT_MS = 10_000;

export interface DockerRuntimeOptions {
  /** Unix socket of the engine. Default: the path in `DOCKER_HOST` (unix://...), else /var/run/docker.sock. */
  socketPath?: string;
  /** A ready client instead (then `socketPath` only names the endpoint in error messages). */
  docker?: Dockerode;
  /**
   * Image of the pod sandbox containers; its default command must run until stopped. Default
   * `registry.k8s.io/pause:3.10` (pulled on first use). httpGet/tcpSocket probes need busybox's
   * `timeout`, `wget` and `nc` in it (`probes.ts`); with a bare pause image they answer `unknown`.
   */
  sandboxImage?: string;
  /** The user-defined bridge network every sandbox joins (created if missing). Default `pilothouse`. */
  network?: string;
  /** The network's address plan (service networking needs one; see cluster-network.ts). */
  networkIpam?: NetworkIpam;
  /**
   * Extra labels put on every sandbox, container and network this runtime creates (e.g. a
   * cluster id); runtime events are filtered to them too. Listings still select by node only.
   */
  labels?: Record<string, string>;
  /** Bound on one image pull, ms (default 5 minutes). */
  pullTimeoutMs?: number;
  /** Bound on `info()` (the kubelet's health check of the engine), ms (default 10 s). */
  infoTimeoutMs?: number;
  /** Reconnect backoff of the event stream, ms (defaults 250 and 10,000). */
  eventBackoffMs?: { min: number; max: number };
}

/** `uname -m` names as Go/Kubernetes architecture names. */
function goArch(arch: string): string {
  return ({ x86_64: 'amd64', aarch64: 'arm64', armv7l: 'arm', i386: '386', i686: '386' } as Record<string, string>)[arch] ?? arch;
}

/** The engine's socket when none is given: the path in `DOCKER_HOST` (unix://...), else /var/run/docker.sock. */
export function defaultSocketPath(): string {
  const host = process.env.DOCKER_HOST;
  return host?.startsWith('unix://') && host.length > 'unix://'.length ? host.slice('unix://'.length) : DEFAULT_SOCKET_PATH;
}

export class DockerRuntime implements ContainerRuntime, ProbeRunner {
  readonly name = 'docker';
  /** The engine's address, as error messages name it. */
  readonly endpoint: string;
  readonly sandboxImage: string;
  readonly networkName: string;
  private readonly docker: Dockerode;
  private readonly runtimeLabels: Record<string, string>;
  private readonly pullTimeoutMs: number;
  private readonly infoTimeoutMs: number;
  private readonly eventBackoff?: { min: number; max: number };
  private readonly sandboxDeps: SandboxDeps;
  private readonly sampler = new StatsSampler();

  constructor(options: DockerRuntimeOptions = {}) {
    const socketPath = options.socketPath ?? defaultSocketPath();
    this.endpoint = socketPath;
    this.docker = options.docker ?? new Dockerode({ socketPath });
    this.sandboxImage = options.sandboxImage ?? DEFAULT_SANDBOX_IMAGE;
    this.networkName = options.network ?? DEFAULT_NETWORK;
    this.runtimeLabels = { ...(options.labels ?? {}) };
    this.pullTimeoutMs = options.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS;
    if (!(this.pullTimeoutMs > 0)) throw new Error(`DockerRuntime: pullTimeoutMs must be positive, got ${options.pullTimeoutMs}`);
    this.infoTimeoutMs = options.infoTimeoutMs ?? DEFAULT_INFO_TIMEOUT_MS;
    if (!(this.infoTimeoutMs > 0)) throw new Error(`DockerRuntime: infoTimeoutMs must be positive, got ${options.infoTimeoutMs}`);
    this.eventBackoff = options.eventBackoffMs;
    this.sandboxDeps = {
      docker: this.docker, network: new NodeNetwork(this.docker, this.networkName, this.runtimeLabels, options.networkIpam),
      image: this.sandboxImage, command: sandboxCommandFor(this.sandboxImage), runtimeLabels: this.runtimeLabels, pullTimeoutMs: this.pullTimeoutMs,
    };
  }

  /** Throws `RuntimeUnavailableError` when the engine cannot be reached or does not answer within `infoTimeoutMs`. */
  async info(): Promise<RuntimeInfo> {
    const i = await this.call('info', async () => {
      const signal = AbortSignal.timeout(this.infoTimeoutMs);
      // dockerode passes `abortSignal` on to the request (its type declarations leave it out).
      const info = this.docker.info as (opts: { abortSignal: AbortSignal }) => Promise<Record<string, unknown>>;
      try {
        return await info.call(this.docker, { abortSignal: signal });
      } catch (e) {
        throw signal.aborted ? unresponsiveError(this.endpoint, this.infoTimeoutMs) : e;
      }
    });
    return {
      name: 'docker', version: String(i.ServerVersion ?? ''), cpus: Number(i.NCPU ?? 0), memoryBytes: Number(i.MemTotal ?? 0),
      os: String(i.OSType ?? 'linux'), kernelVersion: String(i.KernelVersion ?? ''), architecture: goArch(String(i.Architecture ?? '')),
    };
  }

  // --- sandboxes -------------------------------------------------------------------------

  runPodSandbox(config: PodSandboxConfig): Promise<PodSandbox> {
    return this.call(`run pod sandbox for ${config.podNamespace}/${config.podName}`, () => runSandbox(this.sandboxDeps, config));
  }

  /** Kills the sandbox's remaining containers at once (CRI semantics), then stops the sandbox. */
  stopPodSandbox(id: string): Promise<void> {
    return this.call(`stop pod sandbox ${id}`, () => stopSandbox(this.sandboxDeps, id));
  }

  /** Removes the sandbox's containers, then the sandbox. */
  removePodSandbox(id: string): Promise<void> {
    return this.call(`remove pod sandbox ${id}`, () => removeSandbox(this.sandboxDeps, id));
  }

  listPodSandboxes(filter: { node: string; podUid?: string }): Promise<PodSandbox[]> {
    return this.call(`list pod sandboxes of node ${filter.node}`, () => listSandboxes(this.sandboxDeps, filter));
  }

  // --- images ------------------------------------------------------------------------------

  listImages(): Promise<ImageInfo[]> {
    return this.call('list images', () => images.listImages(this.docker));
  }

  /** Throws `ImagePullError` with the daemon's reason, or after `pullTimeoutMs`. */
  pullImage(image: string, onProgress?: (p: PullProgress) => void): Promise<ImageInfo> {
    return this.call(`pull image ${image}`, () => images.pullImage(this.docker, image, this.pullTimeoutMs, onProgress));
  }

  imageStatus(image: string): Promise<ImageInfo | undefined> {
    return this.call(`image status of ${image}`, () => images.imageStatus(this.docker, image));
  }

  // --- containers --------------------------------------------------------------------------

  createContainer(sandboxId: string, config: ContainerConfig): Promise<string> {
    return this.call(`create container ${config.name}`, () => containers.createContainer(this.docker, this.runtimeLabels, sandboxId, config));
  }

  startContainer(id: string): Promise<void> {
    return this.call(`start container ${id}`, () => containers.startContainer(this.docker, id));
  }

  stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    return this.call(`stop container ${id}`, () => containers.stopContainer(this.docker, id, timeoutSeconds));
  }

  removeContainer(id: string): Promise<void> {
    this.sampler.forget(id);
    return this.call(`remove container ${id}`, () => containers.removeContainer(this.docker, id));
  }

  listContainers(filter: { node: string; podUid?: string }): Promise<ContainerStatus[]> {
    return this.call(`list containers of node ${filter.node}`, () => containers.listContainers(this.docker, filter, this.runtimeLabels));
  }

  containerStatus(id: string): Promise<ContainerStatus | undefined> {
    return this.call(`status of container ${id}`, () => containers.containerStatus(this.docker, id));
  }

  // --- logs, exec, probes, stats -------------------------------------------------------------

  logs(id: string, options: LogOptions): Promise<NodeJS.ReadableStream> {
    return this.call(`logs of container ${id}`, async () => {
      const container = this.docker.getContainer(id);
      const info = await container.inspect();
      return openLogStream(container, info.Config.Tty === true, options, new Date());
    });
  }

  exec(id: string, command: string[], options: ExecOptions): Promise<ExecSession> {
    return this.call(`exec in container ${id}`, () => startExec(this.docker.getContainer(id), command, options));
  }

  /** Exit code 124 (with a "timed out" message) when the command outlives `timeoutSeconds`. */
  execSync(id: string, command: string[], timeoutSeconds: number): Promise<{ exitCode: number; output: string }> {
    return this.call(`exec in container ${id}`, () => runToCompletion(this.docker.getContainer(id), command, timeoutSeconds));
  }

  /** Exec probes in the container; httpGet and tcpSocket probes from inside the pod's sandbox. */
  runProbe(containerId: string, request: RuntimeProbeRequest): Promise<RuntimeProbeResult> {
    return this.call(`${request.kind} probe of container ${containerId}`, () => runDockerProbe(this.docker, containerId, request));
  }

  /** Undefined when the container is missing or not running. */
  stats(id: string): Promise<ContainerStats | undefined> {
    return this.call(`stats of container ${id}`, async () => {
      try {
        return await this.sampler.read(this.docker.getContainer(id));
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    });
  }

  /**
   * Container start / die (with exit code) / oom events of pods (and of this runtime's `labels`),
   * plus `runtime-down` / `runtime-up` when the engine goes away and comes back.
   */
  events(onEvent: (e: RuntimeEvent) => void): () => void {
    return watchEvents({
      docker: this.docker,
      labelFilters: [LABELS.podUid, ...labelFilters(this.runtimeLabels)],
      onEvent,
      minBackoffMs: this.eventBackoff?.min,
      maxBackoffMs: this.eventBackoff?.max,
    });
  }

  // --- internals ---------------------------------------------------------------------------

  private call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return dockerCall(this.endpoint, operation, fn);
  }
}

/**
 * SimulatedRuntime: a `ContainerRuntime` with no containers behind it (kwok-like), for machines
 * without Docker and for scale (1,000 nodes in one process). Sandboxes and containers are plain
 * records found by their labels like real ones; image pulls succeed at once unless the image is
 * in `failingImages`; a container runs until stopped, or exits after `simulation.runSeconds` with
 * `simulation.exitCode`; logs, exec, probes and stats give canned, plausible answers. All timing
 * goes through the injected clock. One instance is one node's engine.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { systemTimerClock, type TimerClock, type TimerHandle } from '../../kubelet/clock.js';
import {
  ImagePullError, LABELS,
  type ContainerConfig, type ContainerRuntime, type ContainerStats, type ContainerStatus, type ExecOptions, type ExecSession,
  type ImageInfo, type LogOptions, type PodSandbox, type PodSandboxConfig, type ProbeRunner, type PullProgress,
  type RuntimeEvent, type RuntimeInfo, type RuntimeProbeRequest, type RuntimeProbeResult,
} from '../types.js';
import { runSimulatedCommand, type CommandResult } from './simulated-commands.js';
import { simulatedLogStream } from './simulated-logs.js';

export interface SimulatedRuntimeOptions {
  clock?: TimerClock;
  /** Image references whose pulls fail (to exercise ErrImagePull); matched after adding `:latest`. */
  failingImages?: Iterable<string>;
  /** Images present before any pull (for `imagePullPolicy: Never`). */
  preloadedImages?: Iterable<string>;
  /** What `info()` reports (the node's machine); defaults: 4 CPUs, 8 GiB, linux/amd64. */
  info?: Partial<RuntimeInfo>;
  /** Hands out pod IPs; by default a process-wide counter in 10.244.0.0/14 (data only, never dialled). */
  allocateIp?: () => string;
}

interface SimContainer {
  status: ContainerStatus;
  sandboxId: string;
  config: ContainerConfig;
  /** Fires when the fake process exits on its own (`runSeconds`). */
  exitTimer?: TimerHandle;
}

interface SimSandbox {
  sandbox: PodSandbox;
  node: string;
  hostname: string;
}

let nextIp = 2;
/** Process-wide pod IPs: 10.244.0.2, 10.244.0.3, ... (wrapping within 10.244.0.0/14). */
function defaultAllocateIp(): string {
  const n = nextIp++ % (1 << 18);
  return `10.${244 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

export class SimulatedRuntime implements ContainerRuntime, ProbeRunner {
  readonly name = 'simulated';
  private readonly clock: TimerClock;
  private readonly failing: Set<string>;
  private readonly allocateIp: () => string;
  private readonly sandboxes = new Map<string, SimSandbox>();
  private readonly containers = new Map<string, SimContainer>();
  /** Sandbox and container ids by pod UID; every id in here exists in its map. */
  private readonly byPod = new Map<string, { sandboxes: Set<string>; containers: Set<string> }>();
  private readonly images = new Map<string, ImageInfo>();
  private readonly listeners = new Set<(e: RuntimeEvent) => void>();
  private readonly machine: RuntimeInfo;

  constructor(options: SimulatedRuntimeOptions = {}) {
    this.clock = options.clock ?? systemTimerClock;
    this.failing = new Set([...(options.failingImages ?? [])].map(normalizeImage));
    this.allocateIp = options.allocateIp ?? defaultAllocateIp;
    for (const image of options.preloadedImages ?? []) this.addImage(image);
    this.machine = {
      name: 'simulated', version: '1.0', cpus: 4, memoryBytes: 8 * 1024 ** 3,
      os: 'linux', kernelVersion: '6.8.0-pilothouse-simulated', architecture: 'amd64', ...options.info,
    };
  }

  async info(): Promise<RuntimeInfo> {
    return { ...this.machine };
  }

  // --- sandboxes -------------------------------------------------------------------------

  async runPodSandbox(config: PodSandboxConfig): Promise<PodSandbox> {
    const sandbox: PodSandbox = {
      id: newId(), podUid: config.podUid, podName: config.podName, podNamespace: config.podNamespace,
      state: 'ready', ip: this.allocateIp(), createdAt: this.clock.now(),
      labels: { ...config.labels, [LABELS.node]: config.node, [LABELS.podUid]: config.podUid, [LABELS.role]: 'sandbox' },
    };
    this.sandboxes.set(sandbox.id, { sandbox, node: config.node, hostname: config.hostname });
    this.index(config.podUid).sandboxes.add(sandbox.id);
    return copySandbox(sandbox);
  }

  /** Stops every container of the sandbox at once (CRI semantics), then the sandbox. */
  async stopPodSandbox(id: string): Promise<void> {
    const s = this.sandboxes.get(id);
    if (!s) return;
    for (const c of this.containersOf(id)) if (c.status.state === 'running') this.exit(c, 137, 'Error');
    s.sandbox.state = 'notready';
  }

  async removePodSandbox(id: string): Promise<void> {
    const s = this.sandboxes.get(id);
    if (!s) return;
    for (const c of this.containersOf(id)) await this.removeContainer(c.status.id);
    this.sandboxes.delete(id);
    this.unindex(s.sandbox.podUid, 'sandboxes', id);
  }

  async listPodSandboxes(filter: { node: string; podUid?: string }): Promise<PodSandbox[]> {
    const ids = filter.podUid !== undefined ? [...(this.byPod.get(filter.podUid)?.sandboxes ?? [])] : [...this.sandboxes.keys()];
    return ids.map((id) => this.sandboxes.get(id)!).filter((s) => s.node === filter.node).map((s) => copySandbox(s.sandbox));
  }

  // --- images ------------------------------------------------------------------------------

  async listImages(): Promise<ImageInfo[]> {
    return [...this.images.values()].map((i) => ({ ...i, tags: [...i.tags] }));
  }

  async pullImage(image: string, onProgress?: (p: PullProgress) => void): Promise<ImageInfo> {
    const ref = normalizeImage(image);
    if (this.failing.has(ref)) {
      throw new ImagePullError(
        `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": simulated pull failure (image is in the failing set)`,
        image,
      );
    }
    onProgress?.({ status: `Pulling from ${ref}` });
    const info = this.addImage(ref);
    onProgress?.({ status: `Downloaded newer image for ${ref}`, current: info.sizeBytes, total: info.sizeBytes });
    return { ...info, tags: [...info.tags] };
  }

  async imageStatus(image: string): Promise<ImageInfo | undefined> {
    const info = this.images.get(normalizeImage(image));
    return info && { ...info, tags: [...info.tags] };
  }

  // --- containers --------------------------------------------------------------------------

  async createContainer(sandboxId: string, config: ContainerConfig): Promise<string> {
    const s = this.sandboxes.get(sandboxId);
    if (!s) throw new Error(`simulated runtime: sandbox ${sandboxId} not found`);
    if (s.sandbox.state !== 'ready') throw new Error(`simulated runtime: sandbox ${sandboxId} is not ready`);
    const id = newId();
    const image = this.images.get(normalizeImage(config.image));
    const status: ContainerStatus = {
      id, podUid: config.podUid, name: config.name, image: config.image, imageId: image?.id ?? '',
      state: 'created', createdAt: this.clock.now(), restartCount: config.restartCount,
      labels: {
        ...config.labels, [LABELS.node]: s.node, [LABELS.podUid]: config.podUid, [LABELS.containerName]: config.name,
        [LABELS.role]: 'container', [LABELS.restartCount]: String(config.restartCount),
      },
    };
    this.containers.set(id, { status, sandboxId, config: { ...config } });
    this.index(config.podUid).containers.add(id);
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.mustGet(id);
    if (c.status.state !== 'created') throw new Error(`simulated runtime: container ${id} is ${c.status.state}, not created`);
    c.status.state = 'running';
    c.status.startedAt = this.clock.now();
    this.emit({ type: 'container-started', containerId: id, podUid: c.status.podUid, at: c.status.startedAt });
    const sim = c.config.simulation;
    if (sim?.runSeconds !== undefined || sim?.exitCode !== undefined) {
      const code = sim.exitCode ?? 0;
      c.exitTimer = this.clock.setTimeout(() => this.exit(c, code, code === 0 ? 'Completed' : 'Error'), (sim.runSeconds ?? 0) * 1000);
    }
  }

  /**
   * SIGTERM: the fake process exits after `simulation.terminationSeconds` (0 by default) with
   * code 0; if that is longer than `timeoutSeconds` it is killed then (137).
   */
  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    const c = this.containers.get(id);
    if (!c || c.status.state !== 'running') {
      if (c && c.status.state === 'created') this.exit(c, 0, 'Completed');
      return;
    }
    const takes = c.config.simulation?.terminationSeconds ?? 0;
    const killed = takes > timeoutSeconds;
    const waitMs = Math.max(0, (killed ? timeoutSeconds : takes) * 1000);
    if (waitMs > 0) await new Promise<void>((resolve) => this.clock.setTimeout(resolve, waitMs));
    if (c.status.state === 'running') this.exit(c, killed ? 137 : 0, killed ? 'Error' : 'Completed');
  }

  async removeContainer(id: string): Promise<void> {
    const c = this.containers.get(id);
    if (!c) return;
    this.clock.clearTimeout(c.exitTimer);
    this.containers.delete(id);
    this.unindex(c.status.podUid, 'containers', id);
  }

  async listContainers(filter: { node: string; podUid?: string }): Promise<ContainerStatus[]> {
    const ids = filter.podUid !== undefined ? [...(this.byPod.get(filter.podUid)?.containers ?? [])] : [...this.containers.keys()];
    return ids
      .map((id) => this.containers.get(id)!)
      .filter((c) => c.status.labels[LABELS.node] === filter.node)
      .map((c) => copyStatus(c.status));
  }

  async containerStatus(id: string): Promise<ContainerStatus | undefined> {
    const c = this.containers.get(id);
    return c && copyStatus(c.status);
  }

  // --- logs, exec, probes, stats -------------------------------------------------------------

  async logs(id: string, options: LogOptions): Promise<NodeJS.ReadableStream> {
    this.mustGet(id);
    return simulatedLogStream(this.clock, () => this.containers.get(id)?.status, options);
  }

  /** Canned commands; `cat` with no file and a stdin echoes that stdin until it ends (`kubectl exec -i POD -- cat`). */
  async exec(id: string, command: string[], options: ExecOptions): Promise<ExecSession> {
    const result = this.run(id, command);
    const stdout = new PassThrough();
    const stderr = options.stderr && !options.tty ? new PassThrough() : undefined;
    const stdin = options.stdin ? new PassThrough() : undefined;
    if (stdin && command.length === 1 && command[0].split('/').pop() === 'cat') {
      const exitCode = new Promise<number>((resolve) => stdin.once('end', () => resolve(0)));
      stdin.pipe(stdout);
      stderr?.end();
      return { stdin, stdout, stderr, resize: async () => {}, exitCode };
    }
    stdout.end(result.output);
    stderr?.end();
    stdin?.resume();
    return { stdin, stdout, stderr, resize: async () => {}, exitCode: Promise.resolve(result.exitCode) };
  }

  /** Canned commands finish at once, so the timeout never applies. */
  async execSync(id: string, command: string[], _timeoutSeconds?: number): Promise<{ exitCode: number; output: string }> {
    return this.run(id, command);
  }

  /** Probes pass unless `simulation.failingProbes` names their kind; exec probes use the canned commands. */
  async runProbe(containerId: string, request: RuntimeProbeRequest): Promise<RuntimeProbeResult> {
    const c = this.containers.get(containerId);
    if (!c || c.status.state !== 'running') return { result: 'unknown', output: `container ${containerId} is not running` };
    if (c.config.simulation?.failingProbes?.includes(request.kind)) {
      return { result: 'failure', output: `simulated ${request.kind} probe failure (pod annotation pilothouse.dev/simulate-probes)` };
    }
    if (request.exec) {
      const r = this.run(containerId, request.exec.command);
      return r.exitCode === 0
        ? { result: 'success', output: r.output }
        : { result: 'failure', output: `command ${JSON.stringify(request.exec.command.join(' '))} exited with ${r.exitCode}: ${r.output}` };
    }
    return { result: 'success', output: '' };
  }

  async stats(id: string): Promise<ContainerStats | undefined> {
    const c = this.containers.get(id);
    if (!c || c.status.state !== 'running') return undefined;
    const h = createHash('sha1').update(id).digest();
    return { cpuCoresUsed: 0.001 + h[0] / 25_500, memoryBytes: (4 + (h[1] % 28)) * 1024 * 1024 + h[2] * 4096, at: this.clock.now() };
  }

  events(onEvent: (e: RuntimeEvent) => void): () => void {
    this.listeners.add(onEvent);
    return () => this.listeners.delete(onEvent);
  }

  // --- fault injection and introspection (tests, benchmarks) --------------------------------

  /** Makes a running container die now, as if its process crashed or was OOM-killed. */
  crash(id: string, exitCode = 1, reason: 'Error' | 'OOMKilled' = 'Error'): void {
    const c = this.mustGet(id);
    if (c.status.state === 'running') this.exit(c, exitCode, reason);
  }

  /** Counts of what this engine holds. */
  counts(): { sandboxes: number; containers: number; running: number; images: number } {
    let running = 0;
    for (const c of this.containers.values()) if (c.status.state === 'running') running++;
    return { sandboxes: this.sandboxes.size, containers: this.containers.size, running, images: this.images.size };
  }

  // --- internals ---------------------------------------------------------------------------

  private run(id: string, command: string[]): CommandResult {
    const c = this.mustGet(id);
    if (c.status.state !== 'running') throw new Error(`simulated runtime: container ${id} is not running`);
    const hostname = this.sandboxes.get(c.sandboxId)?.hostname ?? c.status.labels[LABELS.podName] ?? '';
    return runSimulatedCommand(command, { hostname, env: c.config.env ?? {} });
  }

  private exit(c: SimContainer, exitCode: number, reason: string): void {
    if (c.status.state !== 'running' && c.status.state !== 'created') return;
    this.clock.clearTimeout(c.exitTimer);
    c.exitTimer = undefined;
    c.status.state = 'exited';
    c.status.exitCode = exitCode;
    c.status.reason = reason;
    c.status.finishedAt = this.clock.now();
    const type = reason === 'OOMKilled' ? 'container-oom' : 'container-died';
    this.emit({ type, containerId: c.status.id, podUid: c.status.podUid, exitCode, at: c.status.finishedAt });
  }

  private emit(e: RuntimeEvent): void {
    // Delivered on a later turn, so a listener never re-enters the runtime call that caused it.
    queueMicrotask(() => {
      for (const l of this.listeners) {
        try {
          l(e);
        } catch (err) {
          console.warn(`simulated-runtime: event listener failed: type=${e.type} container=${e.containerId} error=${(err as Error).message}`);
        }
      }
    });
  }

  private containersOf(sandboxId: string): SimContainer[] {
    const podUid = this.sandboxes.get(sandboxId)?.sandbox.podUid;
    const ids = podUid === undefined ? [] : [...(this.byPod.get(podUid)?.containers ?? [])];
    return ids.map((id) => this.containers.get(id)!).filter((c) => c.sandboxId === sandboxId);
  }

  private mustGet(id: string): SimContainer {
    const c = this.containers.get(id);
    if (!c) throw new Error(`simulated runtime: container ${id} not found`);
    return c;
  }

  private addImage(image: string): ImageInfo {
    const ref = normalizeImage(image);
    let info = this.images.get(ref);
    if (!info) {
      const digest = createHash('sha256').update(ref).digest('hex');
      info = { id: `sha256:${digest}`, tags: [ref], sizeBytes: 1_000_000 + (parseInt(digest.slice(0, 6), 16) % 50_000_000) };
      this.images.set(ref, info);
    }
    return info;
  }

  private index(podUid: string): { sandboxes: Set<string>; containers: Set<string> } {
    let entry = this.byPod.get(podUid);
    if (!entry) this.byPod.set(podUid, (entry = { sandboxes: new Set(), containers: new Set() }));
    return entry;
  }

  private unindex(podUid: string, kind: 'sandboxes' | 'containers', id: string): void {
    const entry = this.byPod.get(podUid);
    if (!entry) return;
    entry[kind].delete(id);
    if (entry.sandboxes.size === 0 && entry.containers.size === 0) this.byPod.delete(podUid);
  }
}

/** `nginx` → `nginx:latest`; references with a tag or digest are kept as they are. */
export function normalizeImage(image: string): string {
  if (image.includes('@')) return image;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? image : `${image}:latest`;
}

function newId(): string {
  return randomBytes(32).toString('hex');
}

function copySandbox(s: PodSandbox): PodSandbox {
  return { ...s, labels: { ...s.labels } };
}

function copyStatus(s: ContainerStatus): ContainerStatus {
  return { ...s, labels: { ...s.labels } };
}

/**
 * The container runtime seen by the kubelet (CRI-like). Two implementations: Docker (real
 * containers through dockerode) and Simulated (no containers; for scale and machines without
 * Docker). The kubelet never remembers runtime state in memory across restarts: it finds its
 * sandboxes and containers again by their labels.
 */

/** Labels every sandbox and container carries so the kubelet can find them again. */
export const LABELS = {
  node: 'pilothouse.node',
  podUid: 'pilothouse.pod-uid',
  podName: 'pilothouse.pod-name',
  podNamespace: 'pilothouse.pod-namespace',
  containerName: 'pilothouse.container-name',
  /** `sandbox` or `container`. */
  role: 'pilothouse.role',
  /** How many times this container was restarted when this instance was created. */
  restartCount: 'pilothouse.restart-count',
} as const;

export interface PodSandboxConfig {
  podUid: string;
  podName: string;
  podNamespace: string;
  node: string;
  hostname: string;
  labels: Record<string, string>;
  /**
   * How many sandboxes this pod had before (CRI's `PodSandboxMetadata.attempt`), from the
   * kubelet's own view; a runtime that is not told counts them itself.
   */
  attempt?: number;
  /** Ports to publish on the host's 127.0.0.1: hostPorts, and (hostPort 0: any free port) declared container ports for the host-side service data plane. */
  portMappings?: { containerPort: number; hostPort: number; protocol: 'TCP' | 'UDP'; hostIp?: string }[];
  dns?: { servers: string[]; searches: string[]; options: string[] };
}

export interface PodSandbox {
  id: string;
  podUid: string;
  podName: string;
  podNamespace: string;
  state: 'ready' | 'notready';
  ip?: string;
  createdAt: Date;
  labels: Record<string, string>;
}

export interface Mount {
  hostPath?: string;
  volumeName?: string;
  containerPath: string;
  readOnly?: boolean;
}

export interface ContainerConfig {
  podUid: string;
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  workingDir?: string;
  mounts?: Mount[];
  tty?: boolean;
  stdin?: boolean;
  /** CPU limit in cores, memory limit in bytes. */
  cpuLimit?: number;
  memoryLimit?: number;
  restartCount: number;
  labels: Record<string, string>;
  /** Simulated runtime only (other runtimes ignore it): how the fake process behaves. */
  simulation?: ContainerSimulation;
}

/**
 * How a simulated container's fake process behaves. The kubelet derives it from the pod
 * (annotations, or a command such as `false` or `sleep 5`); see `kubelet/simulation.ts`.
 */
export interface ContainerSimulation {
  /** Exit code when the process ends on its own (default 0). */
  exitCode?: number;
  /** Seconds after start at which the process exits with `exitCode`; unset = runs until stopped. */
  runSeconds?: number;
  /** Seconds the process takes to exit after SIGTERM (default 0); beyond the stop timeout it is killed (137). */
  terminationSeconds?: number;
  /** Probe kinds that fail for this container (all others pass). */
  failingProbes?: ProbeKind[];
}

export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerStatus {
  id: string;
  podUid: string;
  name: string;
  image: string;
  imageId?: string;
  state: ContainerState;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  exitCode?: number;
  /** `OOMKilled`, `Error`, `Completed`, ... */
  reason?: string;
  restartCount: number;
  labels: Record<string, string>;
}

export interface ImageInfo {
  id: string;
  tags: string[];
  sizeBytes: number;
}

export interface PullProgress {
  layer?: string;
  status: string;
  current?: number;
  total?: number;
}

/** A change the runtime noticed (a container died, started, ...). */
export interface RuntimeEvent {
  type: 'container-started' | 'container-died' | 'container-oom' | 'runtime-up' | 'runtime-down';
  containerId?: string;
  podUid?: string;
  exitCode?: number;
  at: Date;
}

export interface RuntimeInfo {
  name: string;
  version: string;
  cpus: number;
  memoryBytes: number;
  os: string;
  kernelVersion: string;
  architecture: string;
}

export interface ExecOptions {
  tty: boolean;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

export interface ExecSession {
  stdin?: NodeJS.WritableStream;
  stdout: NodeJS.ReadableStream;
  stderr?: NodeJS.ReadableStream;
  resize(cols: number, rows: number): Promise<void>;
  /** Resolves with the exit code once the command ends. */
  exitCode: Promise<number>;
}

export interface LogOptions {
  follow: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: Date;
  timestamps: boolean;
  limitBytes?: number;
}

export interface ContainerStats {
  cpuCoresUsed: number;
  memoryBytes: number;
  at: Date;
}

export interface ContainerRuntime {
  readonly name: string;
  /** Throws `RuntimeUnavailableError` when the engine cannot be reached. */
  info(): Promise<RuntimeInfo>;

  runPodSandbox(config: PodSandboxConfig): Promise<PodSandbox>;
  stopPodSandbox(id: string): Promise<void>;
  removePodSandbox(id: string): Promise<void>;
  listPodSandboxes(filter: { node: string; podUid?: string }): Promise<PodSandbox[]>;

  listImages(): Promise<ImageInfo[]>;
  /** Pulls an image, reporting progress; throws `ImagePullError` with the registry's reason. */
  pullImage(image: string, onProgress?: (p: PullProgress) => void): Promise<ImageInfo>;
  imageStatus(image: string): Promise<ImageInfo | undefined>;

  createContainer(sandboxId: string, config: ContainerConfig): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Stops with SIGTERM, then SIGKILL after `timeoutSeconds`. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  listContainers(filter: { node: string; podUid?: string }): Promise<ContainerStatus[]>;
  containerStatus(id: string): Promise<ContainerStatus | undefined>;

  logs(id: string, options: LogOptions): Promise<NodeJS.ReadableStream>;
  exec(id: string, command: string[], options: ExecOptions): Promise<ExecSession>;
  /** Runs a command to completion (exec probes). */
  execSync(id: string, command: string[], timeoutSeconds: number): Promise<{ exitCode: number; output: string }>;
  stats(id: string): Promise<ContainerStats | undefined>;

  /** Subscribes to runtime events; returns an unsubscribe function. */
  events(onEvent: (e: RuntimeEvent) => void): () => void;
}

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** One probe attempt, with named ports already resolved to numbers. */
export interface RuntimeProbeRequest {
  kind: ProbeKind;
  exec?: { command: string[] };
  httpGet?: { port: number; path: string; scheme: 'HTTP' | 'HTTPS'; host?: string; headers: { name: string; value: string }[] };
  tcpSocket?: { port: number; host?: string };
  grpc?: { port: number; service?: string };
  timeoutSeconds: number;
}

/** `unknown` means the probe could not be run (upstream counts it as a failure). */
export interface RuntimeProbeResult {
  result: 'success' | 'failure' | 'unknown';
  output: string;
}

/**
 * Optional ability: a runtime that runs probes against its own containers (it knows how to reach
 * them: published ports for Docker, canned answers for the simulated runtime). Runtimes without
 * it get exec probes through `execSync` only. Found with `canRunProbes`.
 */
export interface ProbeRunner {
  runProbe(containerId: string, request: RuntimeProbeRequest): Promise<RuntimeProbeResult>;
}

export function canRunProbes(runtime: ContainerRuntime): runtime is ContainerRuntime & ProbeRunner {
  return typeof (runtime as Partial<ProbeRunner>).runProbe === 'function';
}

export class RuntimeUnavailableError extends Error {}
export class ImagePullError extends Error {
  constructor(
    message: string,
    readonly image: string,
  ) {
    super(message);
  }
}

/**
 * The Docker create requests for a pod sandbox and its app containers, as pure functions.
 *
 * A sandbox is one long-sleeping container per pod that owns the pod's network, IPC and UTS
 * namespaces: it sits on the node network, carries the hostname, DNS settings and published
 * ports. App containers join it (`NetworkMode`/`IpcMode: container:<sandboxId>`), so the
 * containers of a pod share localhost and hostname, as in Kubernetes.
 */
import type Dockerode from 'dockerode';
import { LABELS, type ContainerConfig, type Mount, type PodSandboxConfig } from '../types.js';
import { objectName } from './names.js';

/** Docker refuses CPU limits under 0.01 cores and memory limits under 6 MiB; smaller limits are raised to these. */
export const MIN_NANO_CPUS = 10_000_000;
export const MIN_MEMORY_BYTES = 6 * 1024 * 1024;

/** Ports are published on loopback only; a non-loopback `hostIp` is replaced by 127.0.0.1. */
export function hostBindIp(hostIp: string | undefined): string {
  return hostIp && /^127\.\d+\.\d+\.\d+$/.test(hostIp) ? hostIp : '127.0.0.1';
}

export interface SandboxSpecInput {
  config: PodSandboxConfig;
  /** Image whose default command keeps running (pause, or busybox sleeping). */
  image: string;
  /** The user-defined bridge network the pod gets its IP on. */
  network: string;
  /** Labels put on every object this runtime creates (before the pod's own labels). */
  runtimeLabels: Record<string, string>;
  /** Distinguishes successive sandboxes of one pod in the name. */
  attempt: number;
  /** Overrides the image's command (a busybox sandbox sleeps; a pause image runs as it is). */
  command?: string[];
}

export function sandboxCreateOptions(i: SandboxSpecInput): Dockerode.ContainerCreateOptions {
  const { config } = i;
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of config.portMappings ?? []) {
    const key = `${p.containerPort}/${p.protocol.toLowerCase()}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: hostBindIp(p.hostIp), HostPort: p.hostPort ? String(p.hostPort) : '' });
  }
  const dns = config.dns;
  return {
    name: objectName({ ...config, container: 'POD', attempt: i.attempt }),
    Image: i.image,
    ...(i.command ? { Cmd: i.command } : {}),
    Hostname: config.hostname,
    Labels: {
      ...i.runtimeLabels, ...config.labels,
      [LABELS.node]: config.node, [LABELS.podUid]: config.podUid, [LABELS.podName]: config.podName,
      [LABELS.podNamespace]: config.podNamespace, [LABELS.role]: 'sandbox',
    },
    ExposedPorts: exposed,
    HostConfig: {
      // docker-init as PID 1 forwards SIGTERM to the sleeping process, so a sandbox stops at once.
      Init: true,
      NetworkMode: i.network,
      IpcMode: 'shareable',
      PortBindings: bindings,
      RestartPolicy: { Name: 'no' },
      ...(dns?.servers.length ? { Dns: dns.servers } : {}),
      ...(dns?.searches.length ? { DnsSearch: dns.searches } : {}),
      ...(dns?.options.length ? { DnsOptions: dns.options } : {}),
    },
  };
}

/** A `Mount` as Docker's `HostConfig.Mounts` entry: a bind mount (`hostPath`) or a named volume. */
export function dockerMount(m: Mount): Dockerode.MountSettings {
  if (m.hostPath !== undefined && m.volumeName !== undefined) {
    throw new Error(`mount at ${m.containerPath} names both hostPath ${m.hostPath} and volume ${m.volumeName}: give one`);
  }
  if (m.hostPath !== undefined) return { Type: 'bind', Source: m.hostPath, Target: m.containerPath, ReadOnly: m.readOnly === true };
  if (m.volumeName !== undefined) return { Type: 'volume', Source: m.volumeName, Target: m.containerPath, ReadOnly: m.readOnly === true };
  throw new Error(`mount at ${m.containerPath} has neither hostPath nor volumeName: give one`);
}

export interface ContainerSpecInput {
  config: ContainerConfig;
  sandboxId: string;
  /** The sandbox's labels (node, pod name and namespace come from there). */
  sandboxLabels: Record<string, string>;
  runtimeLabels: Record<string, string>;
}

/**
 * Kubernetes' command/args over Docker's ENTRYPOINT/CMD: `command` replaces the entrypoint (and
 * then the image's CMD is dropped, which the daemon does when Entrypoint is set), `args`
 * replaces CMD. App containers get no init process: their command is PID 1, as in Kubernetes.
 */
export function containerCreateOptions(i: ContainerSpecInput): Dockerode.ContainerCreateOptions {
  const { config, sandboxLabels } = i;
  const node = sandboxLabels[LABELS.node] ?? '';
  const podName = sandboxLabels[LABELS.podName] ?? '';
  const podNamespace = sandboxLabels[LABELS.podNamespace] ?? '';
  const hostConfig: Dockerode.HostConfig = {
    NetworkMode: `container:${i.sandboxId}`,
    IpcMode: `container:${i.sandboxId}`,
    RestartPolicy: { Name: 'no' },
    Init: false,
  };
  if (config.cpuLimit !== undefined && config.cpuLimit > 0) hostConfig.NanoCpus = Math.max(MIN_NANO_CPUS, Math.round(config.cpuLimit * 1e9));
  if (config.memoryLimit !== undefined && config.memoryLimit > 0) {
    hostConfig.Memory = Math.max(MIN_MEMORY_BYTES, Math.round(config.memoryLimit));
    hostConfig.MemorySwap = hostConfig.Memory; // no swap beyond the limit (Kubernetes runs without swap)
  }
  if (config.mounts?.length) hostConfig.Mounts = config.mounts.map(dockerMount);
  return {
    name: objectName({ node, podName, podNamespace, podUid: config.podUid, container: config.name, attempt: config.restartCount }),
    Image: config.image,
    ...(config.command?.length ? { Entrypoint: config.command } : {}),
    ...(config.args?.length ? { Cmd: config.args } : {}),
    Env: Object.entries(config.env ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(config.workingDir ? { WorkingDir: config.workingDir } : {}),
    Tty: config.tty === true,
    OpenStdin: config.stdin === true,
    StdinOnce: false,
    Labels: {
      ...i.runtimeLabels, ...config.labels,
      [LABELS.node]: node, [LABELS.podUid]: config.podUid, [LABELS.podName]: podName, [LABELS.podNamespace]: podNamespace,
      [LABELS.containerName]: config.name, [LABELS.role]: 'container', [LABELS.restartCount]: String(config.restartCount),
    },
    HostConfig: hostConfig,
  };
}

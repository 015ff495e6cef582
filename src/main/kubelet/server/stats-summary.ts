/**
 * The kubelet's stats summary (upstream `stats/v1alpha1` `Summary`, served at `/stats/summary`,
 * what metrics-server scrapes), reduced to CPU and memory: the node's totals and each pod's
 * containers. Built from runtime container stats; the node's usage is the sum of its pods'.
 */
import { LABELS, type ContainerStats, type ContainerStatus } from '../../runtime/types.js';
import { rfc3339 } from '../../util/time.js';

export interface CpuStats {
  time: string;
  /** Cores in use, in billionths of a core. */
  usageNanoCores: number;
}

export interface MemoryStats {
  time: string;
  /** What metrics-server reports as memory usage. */
  workingSetBytes: number;
  usageBytes: number;
}

export interface ContainerStatsSummary {
  name: string;
  startTime?: string;
  cpu: CpuStats;
  memory: MemoryStats;
}

export interface PodStatsSummary {
  podRef: { name: string; namespace: string; uid: string };
  startTime?: string;
  containers: ContainerStatsSummary[];
  cpu: CpuStats;
  memory: MemoryStats;
}

export interface StatsSummary {
  node: { nodeName: string; cpu: CpuStats; memory: MemoryStats };
  pods: PodStatsSummary[];
}

/** One running container and what the runtime measured for it. */
export interface MeasuredContainer {
  status: ContainerStatus;
  stats: ContainerStats;
}

/**
 * Groups measured containers by pod (their runtime labels name the pod) and adds them up.
 * Containers without pod labels are counted in the node's total only.
 */
export function buildSummary(nodeName: string, measured: MeasuredContainer[], now: Date): StatsSummary {
  const time = rfc3339(now);
  const pods = new Map<string, PodStatsSummary>();
  let nodeCpu = 0;
  let nodeMemory = 0;
  for (const { status, stats } of measured) {
    const cpu = Math.round(stats.cpuCoresUsed * 1e9);
    nodeCpu += cpu;
    nodeMemory += stats.memoryBytes;
    const name = status.labels[LABELS.podName];
    const namespace = status.labels[LABELS.podNamespace];
    if (!name || !namespace) continue;
    let pod = pods.get(status.podUid);
    if (!pod) {
      pod = { podRef: { name, namespace, uid: status.podUid }, containers: [], cpu: cpuStats(time, 0), memory: memoryStats(time, 0) };
      pods.set(status.podUid, pod);
    }
    const at = rfc3339(stats.at);
    pod.containers.push({
      name: status.name,
      startTime: status.startedAt && rfc3339(status.startedAt),
      cpu: cpuStats(at, cpu),
      memory: memoryStats(at, stats.memoryBytes),
    });
    pod.cpu.usageNanoCores += cpu;
    pod.memory.workingSetBytes += stats.memoryBytes;
    pod.memory.usageBytes += stats.memoryBytes;
    const started = status.startedAt && rfc3339(status.startedAt);
    if (started && (!pod.startTime || started < pod.startTime)) pod.startTime = started;
  }
  return { node: { nodeName, cpu: cpuStats(time, nodeCpu), memory: memoryStats(time, nodeMemory) }, pods: [...pods.values()] };
}

function cpuStats(time: string, usageNanoCores: number): CpuStats {
  return { time, usageNanoCores };
}

function memoryStats(time: string, bytes: number): MemoryStats {
  return { time, workingSetBytes: bytes, usageBytes: bytes };
}

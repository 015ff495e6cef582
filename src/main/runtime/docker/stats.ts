/**
 * Container resource usage from Docker's one-shot stats (`stream=false`, `one-shot=true`: a few
 * milliseconds when the daemon's collector is idle, instead of the two seconds a streamed
 * sample pair takes; calls less than a second apart may wait up to a second for the
 * collector's next tick). A one-shot answer carries no previous CPU sample, so the CPU rate is
 * computed against this sampler's previous reading of the same container; the first reading
 * of a container reports its average since it started. Memory is the working set (usage
 * minus inactive file cache), as the kubelet reports it.
 */
import type Dockerode from 'dockerode';
import type { ContainerStats } from '../types.js';

export interface CpuSample {
  /** Container CPU time, ns. */
  usageNs: number;
  /** Host CPU time over all CPUs, ns. */
  systemNs: number;
  onlineCpus: number;
}

/** The subset of Docker's stats answer read here. */
export interface DockerStats {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  memory_stats?: { usage?: number; stats?: Record<string, number> };
}

/** Readings older than this are not used as the previous sample. */
const MAX_SAMPLE_AGE_MS = 10 * 60_000;
/** At most this many containers' previous samples are kept. */
const MAX_REMEMBERED = 4096;

/** The CPU sample in a stats answer, or undefined when the container is not running. */
export function cpuSample(s: DockerStats): CpuSample | undefined {
  const cpu = s.cpu_stats;
  if (!cpu?.system_cpu_usage || !s.read || s.read.startsWith('0001-')) return undefined;
  return {
    usageNs: cpu.cpu_usage?.total_usage ?? 0,
    systemNs: cpu.system_cpu_usage,
    onlineCpus: cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1,
  };
}

/** Cores used between two samples: the container's share of host CPU time times the CPU count. */
export function cpuCores(prev: CpuSample, cur: CpuSample): number {
  const system = cur.systemNs - prev.systemNs;
  const usage = cur.usageNs - prev.usageNs;
  if (system <= 0 || usage < 0) return 0;
  return (usage / system) * cur.onlineCpus;
}

/** Cores used on average between `startedMs` and `readMs` for `usageNs` of CPU time. */
export function averageCores(usageNs: number, startedMs: number, readMs: number): number {
  const elapsedNs = (readMs - startedMs) * 1e6;
  return Number.isFinite(elapsedNs) && elapsedNs > 0 ? usageNs / elapsedNs : 0;
}

/** Working-set bytes: usage minus inactive file pages (cgroup v1 `total_inactive_file`, v2 `inactive_file`). */
export function workingSetBytes(s: DockerStats): number {
  const usage = s.memory_stats?.usage ?? 0;
  const stats = s.memory_stats?.stats ?? {};
  const inactive = stats.total_inactive_file ?? stats.inactive_file ?? 0;
  return inactive < usage ? usage - inactive : usage;
}

/** Reads stats and remembers each container's last CPU sample (a rate cache, not runtime state). */
export class StatsSampler {
  private readonly last = new Map<string, { sample: CpuSample; at: number }>();

  async read(container: Dockerode.Container): Promise<ContainerStats | undefined> {
    const s = await oneShot(container);
    const cur = cpuSample(s);
    if (!cur) {
      this.forget(container.id);
      return undefined;
    }
    const prev = this.last.get(container.id);
    let cores: number;
    if (prev && Date.now() - prev.at <= MAX_SAMPLE_AGE_MS && prev.sample.systemNs < cur.systemNs) {
      cores = cpuCores(prev.sample, cur);
    } else {
      const started = Date.parse((await container.inspect()).State.StartedAt);
      cores = averageCores(cur.usageNs, started, Date.parse(s.read!));
    }
    this.remember(container.id, cur);
    return { cpuCoresUsed: cores, memoryBytes: workingSetBytes(s), at: new Date() };
  }

  forget(id: string): void {
    this.last.delete(id);
  }

  private remember(id: string, sample: CpuSample): void {
    this.last.delete(id); // re-inserted last: the Map's first key is the least recently read
    this.last.set(id, { sample, at: Date.now() });
    if (this.last.size > MAX_REMEMBERED) this.last.delete(this.last.keys().next().value!);
  }
}

async function oneShot(container: Dockerode.Container): Promise<DockerStats> {
  return (await container.stats({ stream: false, 'one-shot': true })) as unknown as DockerStats;
}

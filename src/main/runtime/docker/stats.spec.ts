/** CPU and memory figures from Docker stats answers (pure). */
import { describe, expect, it } from 'vitest';
import { averageCores, cpuCores, cpuSample, workingSetBytes } from './stats.js';

describe('stats figures', () => {
  it('computes cores used from two samples', () => {
    // The container used 1 s of CPU while the 4-CPU host spent 8 s of CPU time (2 s of wall time): half a core.
    expect(cpuCores({ usageNs: 1e9, systemNs: 100e9, onlineCpus: 4 }, { usageNs: 2e9, systemNs: 108e9, onlineCpus: 4 })).toBeCloseTo(0.5);
    expect(cpuCores({ usageNs: 1, systemNs: 5, onlineCpus: 4 }, { usageNs: 2, systemNs: 5, onlineCpus: 4 })).toBe(0);
    expect(averageCores(3e9, 0, 6000)).toBeCloseTo(0.5);
  });

  it('reads a sample only from a running container', () => {
    expect(cpuSample({ read: '0001-01-01T00:00:00Z', cpu_stats: { system_cpu_usage: 0 } })).toBeUndefined();
    expect(cpuSample({ read: '2026-01-01T00:00:00Z', cpu_stats: { cpu_usage: { total_usage: 7, percpu_usage: [1, 2, 3] }, system_cpu_usage: 9 } }))
      .toEqual({ usageNs: 7, systemNs: 9, onlineCpus: 3 });
  });

  it('reports the working set (usage minus inactive file pages)', () => {
    expect(workingSetBytes({ memory_stats: { usage: 1000, stats: { total_inactive_file: 300 } } })).toBe(700); // cgroup v1
    expect(workingSetBytes({ memory_stats: { usage: 1000, stats: { inactive_file: 100 } } })).toBe(900); // cgroup v2
    expect(workingSetBytes({ memory_stats: { usage: 1000, stats: { inactive_file: 5000 } } })).toBe(1000);
    expect(workingSetBytes({})).toBe(0);
  });
});

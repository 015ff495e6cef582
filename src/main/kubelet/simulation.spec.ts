/** Deriving a simulated container's behaviour from annotations and commands. */
import { describe, expect, it } from 'vitest';
import type { Pod } from './api-types.js';
import { containerSimulation, parseDurationSeconds, SIMULATE_EXIT_ANNOTATION, SIMULATE_PROBES_ANNOTATION } from './simulation.js';

function pod(annotations: Record<string, string> = {}): Pod {
  return { metadata: { name: 'p', namespace: 'default', uid: 'u', annotations }, spec: { containers: [] } };
}

describe('containerSimulation', () => {
  it('reads the exit annotation for all containers, or per container', () => {
    const all = pod({ [SIMULATE_EXIT_ANNOTATION]: 'code=1,after=2s' });
    expect(containerSimulation(all, { name: 'app' }, false)).toEqual({ exitCode: 1, runSeconds: 2 });
    const per = pod({ [SIMULATE_EXIT_ANNOTATION]: 'app:code=3;code=0,after=500ms;side:term=10s' });
    expect(containerSimulation(per, { name: 'app' }, false)).toEqual({ exitCode: 3, runSeconds: 0 });
    expect(containerSimulation(per, { name: 'other' }, false)).toEqual({ exitCode: 0, runSeconds: 0.5 });
    expect(containerSimulation(per, { name: 'side' }, false)).toEqual({ terminationSeconds: 10 });
  });

  it('reads true, false, exit and sleep from the command', () => {
    expect(containerSimulation(pod(), { name: 'a', command: ['true'] }, false)).toEqual({ exitCode: 0, runSeconds: 0 });
    expect(containerSimulation(pod(), { name: 'a', command: ['/bin/false'] }, false)).toEqual({ exitCode: 1, runSeconds: 0 });
    expect(containerSimulation(pod(), { name: 'a', command: ['sh', '-c'], args: ['sleep 3; exit 2'] }, false)).toEqual({ exitCode: 2, runSeconds: 3 });
    expect(containerSimulation(pod(), { name: 'a', command: ['sleep', '5'] }, false)).toEqual({ exitCode: 0, runSeconds: 5 });
    expect(containerSimulation(pod(), { name: 'a', command: ['sleep', 'infinity'] }, false)).toEqual({});
    expect(containerSimulation(pod(), { name: 'a', command: ['nginx', '-g', 'daemon off;'] }, false)).toEqual({});
  });

  it('init containers complete at once by default; probes fail only when listed', () => {
    expect(containerSimulation(pod(), { name: 'init' }, true)).toEqual({ exitCode: 0, runSeconds: 0 });
    const p = pod({ [SIMULATE_PROBES_ANNOTATION]: 'web:liveness=fail,readiness=pass;readiness=fail' });
    expect(containerSimulation(p, { name: 'web' }, false).failingProbes).toEqual(['liveness']);
    expect(containerSimulation(p, { name: 'db' }, false).failingProbes).toEqual(['readiness']);
  });

  it('parses durations', () => {
    expect(['500ms', '2s', '1m', '1h', '3', '1.5s', 'x', ''].map(parseDurationSeconds)).toEqual([0.5, 2, 60, 3600, 3, 1.5, undefined, undefined]);
  });
});

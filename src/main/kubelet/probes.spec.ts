/** Probe defaults, thresholds and the probe manager's schedule (ManualClock). */
import { describe, expect, it } from 'vitest';
import type { ContainerStatus as RuntimeContainer, ProbeKind, RuntimeProbeResult } from '../runtime/types.js';
import type { Pod } from './api-types.js';
import { ManualClock } from './clock.js';
import { probeRequest, resolvePort, type Prober } from './prober.js';
import { initialVerdict, ProbeManager, probeSettings, VerdictTracker } from './probes.js';

describe('probe settings and thresholds', () => {
  it('uses upstream defaults', () => {
    expect(probeSettings({})).toEqual({ initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(['readiness', 'liveness', 'startup'].map((k) => initialVerdict(k as ProbeKind))).toEqual(['failure', 'success', 'unknown']);
  });

  it('publishes a failure only after failureThreshold failures in a row', () => {
    const t = new VerdictTracker('liveness', probeSettings({ failureThreshold: 3 }));
    expect([t.observe('failure'), t.observe('failure')]).toEqual([false, false]);
    expect(t.verdict).toBe('success');
    expect(t.observe('success')).toBe(false); // the run is broken
    expect([t.observe('failure'), t.observe('failure'), t.observe('failure')]).toEqual([false, false, true]);
    expect(t.verdict).toBe('failure');
    expect(t.onHold).toBe(true); // liveness stops probing until a new container
    t.reset();
    expect([t.verdict, t.onHold]).toEqual(['success', false]);
  });

  it('readiness needs successThreshold successes and never holds', () => {
    const t = new VerdictTracker('readiness', probeSettings({ successThreshold: 2, failureThreshold: 1 }));
    expect(t.observe('success')).toBe(false);
    expect(t.observe('success')).toBe(true);
    expect(t.observe('failure')).toBe(true);
    expect(t.onHold).toBe(false);
  });

  it('resolves named ports and builds runtime requests', () => {
    const c = { name: 'web', ports: [{ name: 'http', containerPort: 8080 }] };
    expect(resolvePort('http', c)).toBe(8080);
    expect(resolvePort('9090', c)).toBe(9090);
    expect(resolvePort('nope', c)).toBeUndefined();
    expect(probeRequest('readiness', { httpGet: { port: 'http' } }, c)).toEqual({
      kind: 'readiness', timeoutSeconds: 1, httpGet: { port: 8080, path: '/', scheme: 'HTTP', host: undefined, headers: [] },
    });
    expect(probeRequest('liveness', { tcpSocket: { port: 'nope' } }, c)).toMatch(/unable to resolve port/);
  });
});

class ScriptedProber implements Prober {
  calls: number[] = [];
  constructor(private readonly clock: ManualClock, private readonly answer: (n: number) => RuntimeProbeResult['result']) {}
  async probe(): Promise<RuntimeProbeResult> {
    this.calls.push(this.clock.now().getTime());
    return { result: this.answer(this.calls.length), output: `attempt ${this.calls.length}` };
  }
}

function podWith(probes: Record<string, unknown>): Pod {
  return { metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'app', image: 'x', ...probes }] } };
}

function runningInstance(id: string, clock: ManualClock): Map<string, RuntimeContainer> {
  return new Map([['app', { id, podUid: 'u1', name: 'app', image: 'x', state: 'running', createdAt: clock.now(), startedAt: clock.now(), restartCount: 0, labels: {} }]]);
}

describe('ProbeManager', () => {
  it('probes after initialDelaySeconds every periodSeconds, and marks the container ready', async () => {
    const clock = new ManualClock();
    const prober = new ScriptedProber(clock, () => 'success');
    const changes: string[] = [];
    const m = new ProbeManager({ prober, clock, onChange: (uid) => changes.push(uid) });
    m.sync(podWith({ readinessProbe: { exec: { command: ['true'] }, initialDelaySeconds: 5, periodSeconds: 2 } }), runningInstance('c1', clock));
    expect(m.isReady('u1', 'app', 'c1')).toBe(false);
    await clock.advance(4_999);
    expect(prober.calls.length).toBe(0);
    await clock.advance(1);
    expect(prober.calls.length).toBe(1);
    expect(m.isReady('u1', 'app', 'c1')).toBe(true);
    expect(changes).toEqual(['u1']);
    await clock.advance(6_000);
    expect(prober.calls.length).toBe(4);
    expect(m.isReady('u1', 'app', 'c2')).toBe(false); // another instance starts over
    m.stop();
  });

  it('a liveness failure is published after the threshold and holds until a new instance', async () => {
    const clock = new ManualClock();
    const prober = new ScriptedProber(clock, () => 'failure');
    const m = new ProbeManager({ prober, clock, onChange: () => {} });
    const pod = podWith({ livenessProbe: { exec: { command: ['false'] }, periodSeconds: 1, failureThreshold: 3 } });
    m.sync(pod, runningInstance('c1', clock));
    await clock.advance(1_000);
    expect(m.failedProbe('u1', 'app', 'c1')).toBeUndefined();
    await clock.advance(1_000);
    expect(m.failedProbe('u1', 'app', 'c1')).toBe('liveness');
    await clock.advance(5_000);
    expect(prober.calls.length).toBe(3); // on hold
    m.sync(pod, runningInstance('c2', clock));
    expect(m.failedProbe('u1', 'app', 'c2')).toBeUndefined();
    await clock.advance(100);
    expect(prober.calls.length).toBe(4);
    m.removePod('u1');
    expect(m.size).toBe(0);
  });

  it('the startup probe gates liveness and readiness', async () => {
    const clock = new ManualClock();
    const kinds: string[] = [];
    const prober: Prober = { probe: async (kind) => (kinds.push(kind), { result: kinds.length >= 3 ? 'success' : 'failure', output: '' }) };
    const m = new ProbeManager({ prober, clock, onChange: () => {} });
    m.sync(podWith({ startupProbe: { exec: { command: ['x'] }, periodSeconds: 1, failureThreshold: 10 }, readinessProbe: { exec: { command: ['y'] }, periodSeconds: 1 } }), runningInstance('c1', clock));
    await clock.advance(1_500);
    expect(m.isStarted('u1', 'app', 'c1')).toBe(false);
    expect(kinds).toEqual(['startup', 'startup']);
    await clock.advance(3_000);
    expect(m.isStarted('u1', 'app', 'c1')).toBe(true);
    expect(kinds).toContain('readiness');
    expect(kinds.filter((k) => k === 'startup').length).toBe(3); // no more startup probes once started
    m.stop();
  });
});

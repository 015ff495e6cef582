/**
 * Container probes, after upstream pkg/kubelet/prober: one worker per (pod, container, kind)
 * probes every `periodSeconds` after `initialDelaySeconds`; a verdict changes only after
 * `failureThreshold` failures or `successThreshold` successes in a row. Startup gates the other
 * two; readiness failure only clears Ready; a liveness (or startup) failure asks the pod worker to
 * kill the container, and probing pauses until a new container instance appears.
 *
 * Initial verdicts (upstream): readiness Failure, liveness Success, startup Unknown. Without a
 * readiness probe a started container is ready; without a startup probe a running one is started.
 */
import type { Probe } from '../apiserver/kinds/pod-types.js';
import type { EventRecorder } from '../client/event-recorder.js';
import type { ContainerStatus as RuntimeContainer, ProbeKind, RuntimeProbeResult } from '../runtime/types.js';
import { isSidecar, type Container, type Pod } from './api-types.js';
import type { TimerClock, TimerHandle } from './clock.js';
import type { Prober } from './prober.js';

export type Verdict = 'success' | 'failure' | 'unknown';

export interface ProbeSettings {
  initialDelaySeconds: number;
  timeoutSeconds: number;
  periodSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

/** Upstream defaults (core/v1 `Probe`): 0 / 1 / 10 / 1 / 3. */
export function probeSettings(probe: Probe): ProbeSettings {
  return {
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
    timeoutSeconds: probe.timeoutSeconds || 1,
    periodSeconds: probe.periodSeconds || 10,
    successThreshold: probe.successThreshold || 1,
    failureThreshold: probe.failureThreshold || 3,
  };
}

export function initialVerdict(kind: ProbeKind): Verdict {
  return kind === 'readiness' ? 'failure' : kind === 'liveness' ? 'success' : 'unknown';
}

/**
 * The threshold rule of upstream `worker.doProbe`: counts equal results in a row and publishes a
 * new verdict once the run reaches the threshold. After a published liveness/startup failure the
 * tracker is on hold (no more probing) until `reset` for a new container instance.
 */
export class VerdictTracker {
  verdict: Verdict;
  onHold = false;
  private last: Verdict = 'unknown';
  private run = 0;

  constructor(readonly kind: ProbeKind, private readonly settings: ProbeSettings) {
    this.verdict = initialVerdict(kind);
  }

  /** Feeds one probe result; returns whether the published verdict changed. */
  observe(result: 'success' | 'failure'): boolean {
    if (this.last === result) this.run++;
    else {
      this.last = result;
      this.run = 1;
    }
    const threshold = result === 'failure' ? this.settings.failureThreshold : this.settings.successThreshold;
    if (this.run < threshold) return false;
    const changed = this.verdict !== result;
    this.verdict = result;
    if (result === 'failure' && this.kind !== 'readiness') {
      this.onHold = true;
      this.run = 0;
    }
    return changed;
  }

  reset(): void {
    this.verdict = initialVerdict(this.kind);
    this.onHold = false;
    this.last = 'unknown';
    this.run = 0;
  }
}

const TITLE: Record<ProbeKind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };
const FIELD: Record<ProbeKind, 'livenessProbe' | 'readinessProbe' | 'startupProbe'> = {
  liveness: 'livenessProbe', readiness: 'readinessProbe', startup: 'startupProbe',
};

interface Worker {
  kind: ProbeKind;
  pod: Pod;
  container: Container;
  probe: Probe;
  settings: ProbeSettings;
  tracker: VerdictTracker;
  containerId?: string;
  startedAtMs?: number;
  timer?: TimerHandle;
  inFlight: boolean;
}

export interface ProbeManagerOptions {
  prober: Prober;
  clock: TimerClock;
  recorder?: EventRecorder;
  /** Called when a published verdict of the pod changes (the pod worker syncs again). */
  onChange(podUid: string): void;
  /** Milliseconds per probe "second" (1000; tests shrink it). */
  secondMs?: number;
}

export class ProbeManager {
  /** Workers by `podUid/container/kind`. */
  private readonly workers = new Map<string, Worker>();
  private readonly secondMs: number;
  private stopped = false;

  constructor(private readonly options: ProbeManagerOptions) {
    this.secondMs = options.secondMs ?? 1000;
  }

  /** Aligns the pod's workers with its spec and its running instances (by container name). */
  sync(pod: Pod, running: ReadonlyMap<string, RuntimeContainer>): void {
    if (this.stopped) return;
    const uid = pod.metadata.uid!;
    const wanted = new Set<string>();
    const probed = [...(pod.spec?.initContainers ?? []).filter(isSidecar), ...(pod.spec?.containers ?? [])];
    for (const container of probed) {
      for (const kind of ['startup', 'readiness', 'liveness'] as ProbeKind[]) {
        const probe = container[FIELD[kind]];
        if (!probe) continue;
        const key = `${uid}/${container.name}/${kind}`;
        wanted.add(key);
        let w = this.workers.get(key);
        if (!w) {
          const settings = probeSettings(probe);
          w = { kind, pod, container, probe, settings, tracker: new VerdictTracker(kind, settings), inFlight: false };
          this.workers.set(key, w);
        }
        w.pod = pod;
        const instance = running.get(container.name ?? '');
        if (instance?.id !== w.containerId) {
          w.containerId = instance?.id;
          w.startedAtMs = instance?.startedAt?.getTime();
          w.tracker.reset();
          this.options.clock.clearTimeout(w.timer);
          w.timer = undefined;
          if (instance) {
            const now = this.options.clock.now().getTime();
            const due = (w.startedAtMs ?? now) + w.settings.initialDelaySeconds * this.secondMs;
            this.schedule(key, w, Math.max(0, due - now));
          }
        }
      }
    }
    for (const [key, w] of this.workers) {
      if (key.startsWith(`${uid}/`) && !wanted.has(key)) this.drop(key, w);
    }
  }

  /** Ready by readiness probe (true when the container has none). */
  isReady(podUid: string, name: string, containerId: string): boolean {
    return this.verdictFor(podUid, name, 'readiness', containerId, 'success') === 'success';
  }

  /** Started by startup probe (true when the container has none). */
  isStarted(podUid: string, name: string, containerId: string): boolean {
    return this.verdictFor(podUid, name, 'startup', containerId, 'success') === 'success';
  }

  /** `liveness` or `startup` when that probe has failed this instance (it must be killed). */
  failedProbe(podUid: string, name: string, containerId: string): 'liveness' | 'startup' | undefined {
    if (this.verdictFor(podUid, name, 'startup', containerId, 'success') === 'failure') return 'startup';
    if (this.verdictFor(podUid, name, 'liveness', containerId, 'success') === 'failure') return 'liveness';
    return undefined;
  }

  removePod(podUid: string): void {
    for (const [key, w] of this.workers) if (key.startsWith(`${podUid}/`)) this.drop(key, w);
  }

  stop(): void {
    this.stopped = true;
    for (const [key, w] of this.workers) this.drop(key, w);
  }

  get size(): number {
    return this.workers.size;
  }

  private verdictFor(podUid: string, name: string, kind: ProbeKind, containerId: string, none: Verdict): Verdict {
    const w = this.workers.get(`${podUid}/${name}/${kind}`);
    if (!w) return none;
    if (w.containerId !== containerId) return initialVerdict(kind);
    return w.tracker.verdict;
  }

  private drop(key: string, w: Worker): void {
    this.options.clock.clearTimeout(w.timer);
    this.workers.delete(key);
  }

  private schedule(key: string, w: Worker, delayMs: number): void {
    if (this.stopped) return;
    w.timer = this.options.clock.setTimeout(() => void this.tick(key, w), delayMs);
  }

  private async tick(key: string, w: Worker): Promise<void> {
    w.timer = undefined;
    if (this.workers.get(key) !== w || !w.containerId) return;
    const period = w.settings.periodSeconds * this.secondMs;
    if (w.tracker.onHold || w.inFlight || this.skip(w)) {
      this.schedule(key, w, period);
      return;
    }
    const containerId = w.containerId;
    w.inFlight = true;
    let outcome: RuntimeProbeResult;
    try {
      outcome = await withTimeout(
        this.options.prober.probe(w.kind, w.probe, { pod: w.pod, container: w.container, containerId }),
        w.settings.timeoutSeconds,
        this.secondMs,
        this.options.clock,
      );
    } catch (e) {
      outcome = { result: 'unknown', output: (e as Error).message };
    } finally {
      w.inFlight = false;
    }
    if (this.workers.get(key) !== w || w.containerId !== containerId) return;
    const result = outcome.result === 'success' ? 'success' : 'failure';
    if (result === 'failure') this.recordFailure(w, outcome);
    if (w.tracker.observe(result)) this.options.onChange(w.pod.metadata.uid!);
    this.schedule(key, w, period);
  }

  /** Upstream skips liveness/readiness until the startup probe passes, and startup once it has. */
  private skip(w: Worker): boolean {
    const uid = w.pod.metadata.uid!;
    const name = w.container.name ?? '';
    const started = this.isStarted(uid, name, w.containerId!);
    return w.kind === 'startup' ? started : !started;
  }

  private recordFailure(w: Worker, outcome: RuntimeProbeResult): void {
    const output = outcome.output.trim();
    const message = outcome.result === 'unknown' ? `${TITLE[w.kind]} probe errored: ${output}` : `${TITLE[w.kind]} probe failed: ${output}`;
    void this.options.recorder?.event(w.pod, 'Warning', 'Unhealthy', message);
  }
}

function withTimeout<T>(p: Promise<T>, seconds: number, secondMs: number, clock: TimerClock): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = clock.setTimeout(() => reject(new Error(`timeout: probe did not answer within ${seconds}s`)), seconds * secondMs);
    p.then(
      (v) => {
        clock.clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clock.clearTimeout(t);
        reject(e);
      },
    );
  });
}

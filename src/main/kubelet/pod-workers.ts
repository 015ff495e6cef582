/**
 * PodWorkers: one logical worker per pod UID (upstream `podWorkers`). Updates for a pod are
 * coalesced: while a sync runs, later updates only mark it dirty and the newest pod is synced once
 * more afterwards, so a pod is never synced twice at once. Each pod is synced again when its sync
 * asks (a backoff window ends), at least every `syncFrequencyMs`, and after a failure with
 * backoff (500ms doubling to 30s, logged with named fields). `remove` runs the cleanup once and
 * forgets the pod. At most `maxConcurrent` syncs run at once.
 */
import type { Pod } from './api-types.js';
import type { TimerClock, TimerHandle } from './clock.js';
import type { SyncOutcome } from './pod-sync.js';

export interface PodWorkersOptions {
  nodeName: string;
  clock: TimerClock;
  maxConcurrent: number;
  syncFrequencyMs: number;
  sync(pod: Pod): Promise<SyncOutcome>;
  cleanup(podUid: string): Promise<void>;
}

interface Worker {
  /** The newest pod seen; undefined only for workers created by `remove`. */
  pod?: Pod;
  removed: boolean;
  running: boolean;
  /** An update arrived while running: sync again when done. */
  dirty: boolean;
  failures: number;
  timer?: TimerHandle;
}

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private readonly inFlight = new Set<Promise<void>>();
  private active = 0;
  private readonly slots: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly o: PodWorkersOptions) {}

  /** Records the newest version of a pod and syncs it (now, or after the running sync). */
  update(pod: Pod): void {
    const uid = pod.metadata.uid!;
    let w = this.workers.get(uid);
    if (!w) this.workers.set(uid, (w = { removed: false, running: false, dirty: false, failures: 0 }));
    if (w.removed) return;
    w.pod = pod;
    this.kick(uid, w);
  }

  /** Records the newest version of a known pod without syncing it (a status-only change). */
  refresh(pod: Pod): void {
    const w = this.workers.get(pod.metadata.uid!);
    if (!w) return this.update(pod);
    if (!w.removed) w.pod = pod;
  }

  /** Syncs a known pod again (runtime event, probe verdict change). */
  resync(podUid: string): void {
    const w = this.workers.get(podUid);
    if (w) this.kick(podUid, w);
  }

  /** The pod is gone from the API: clean up its runtime objects, then forget it. */
  remove(podUid: string): void {
    let w = this.workers.get(podUid);
    if (!w) this.workers.set(podUid, (w = { removed: false, running: false, dirty: false, failures: 0 }));
    w.removed = true;
    this.kick(podUid, w);
  }

  has(podUid: string): boolean {
    return this.workers.has(podUid);
  }

  get size(): number {
    return this.workers.size;
  }

  /** Stops scheduling and waits for running syncs to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.workers.values()) this.o.clock.clearTimeout(w.timer);
    for (const release of this.slots.splice(0)) release();
    await Promise.allSettled([...this.inFlight]);
  }

  private kick(uid: string, w: Worker): void {
    if (this.stopped) return;
    if (w.running) {
      w.dirty = true;
      return;
    }
    this.o.clock.clearTimeout(w.timer);
    w.timer = undefined;
    const p = this.run(uid, w).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private async run(uid: string, w: Worker): Promise<void> {
    w.running = true;
    try {
      do {
        w.dirty = false;
        await this.acquire();
        if (this.stopped) return;
        try {
          await this.once(uid, w);
        } finally {
          this.release();
        }
      } while (w.dirty && !this.stopped && this.workers.get(uid) === w);
    } finally {
      w.running = false;
    }
  }

  private async once(uid: string, w: Worker): Promise<void> {
    const pod = w.pod;
    try {
      if (w.removed) {
        await this.o.cleanup(uid);
        this.workers.delete(uid);
        return;
      }
      if (!pod) return;
      const outcome = await this.o.sync(pod);
      w.failures = 0;
      const next = Math.min(outcome.requeueAfterMs ?? Infinity, this.o.syncFrequencyMs * (0.9 + 0.2 * Math.random()));
      this.schedule(uid, w, next);
    } catch (e) {
      w.failures++;
      if (w.failures <= 3 || w.failures % 10 === 0) {
        const name = pod ? `${pod.metadata.namespace}/${pod.metadata.name}` : '(removed)';
        console.warn(`kubelet: pod sync failed: node=${this.o.nodeName} pod=${name} uid=${uid} attempt=${w.failures} error=${(e as Error).message}`);
      }
      this.schedule(uid, w, Math.min(30_000, 500 * 2 ** (w.failures - 1)));
    }
  }

  private schedule(uid: string, w: Worker, ms: number): void {
    if (this.stopped || this.workers.get(uid) !== w) return;
    this.o.clock.clearTimeout(w.timer);
    w.timer = this.o.clock.setTimeout(() => {
      w.timer = undefined;
      this.kick(uid, w);
    }, ms);
  }

  private acquire(): Promise<void> {
    if (this.active < this.o.maxConcurrent) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.slots.push(() => {
      this.active++;
      resolve();
    }));
  }

  private release(): void {
    this.active--;
    const next = this.slots.shift();
    if (next) next();
  }
}

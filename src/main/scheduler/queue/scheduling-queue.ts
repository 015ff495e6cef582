/**
 * The scheduling queue (upstream `internal/queue.PriorityQueue`), three sub-queues:
 * - active: pods to schedule next, highest `spec.priority` first, then oldest;
 * - backoff: pods that failed recently, released when their backoff expires (1 s doubling per
 *   attempt up to 10 s by default);
 * - unschedulable: pods no node fits, parked until a cluster event may help (`moveAll`) or they
 *   have waited `maxInUnschedulableMs` (5 min, checked by `flushUnschedulableLeftover`).
 * Pods with scheduling gates wait in `unschedulable` until an update removes the gates.
 *
 * Invariants: a pod (by uid) is in at most one of active / backoff / unschedulable / in flight;
 * a popped pod stays in flight until `done` or `requeue`. Time comes from the injected clock
 * only; the owner drives the periodic flushes.
 */
import { deepEqual } from '../../util/json.js';
import type { Clock } from '../../util/time.js';
import type { PodInfo } from '../framework/pod-info.js';
import { KeyedHeap } from './heap.js';

export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod last entered a queue (ms): orders equal priorities; backoff counts from here. */
  timestamp: number;
  /** When the pod first entered the queue (ms). */
  readonly initialTimestamp: number;
  /** Scheduling attempts so far; `pop` increments it. */
  attempts: number;
  /** Has scheduling gates: not schedulable until they are removed. */
  gated: boolean;
}

export interface QueueOptions {
  clock: Clock;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Upstream `podMaxInUnschedulablePodsDuration`. */
  maxInUnschedulableMs?: number;
}

export interface QueueCounts {
  active: number;
  backoff: number;
  unschedulable: number;
  inFlight: number;
}

export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxInUnschedulableMs: number;
  private readonly active = new KeyedHeap<QueuedPodInfo>(uidOf, (a, b) =>
    a.podInfo.priority !== b.podInfo.priority ? a.podInfo.priority > b.podInfo.priority : a.timestamp < b.timestamp,
  );
  private readonly backoff = new KeyedHeap<QueuedPodInfo>(uidOf, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  /** Incremented by every pop. */
  private schedulingCycle = 0;
  /** The cycle during which the last move request happened: pods failing in it go to backoff. */
  private moveRequestCycle = -1;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(options: QueueOptions) {
    this.clock = options.clock;
    this.initialBackoffMs = options.initialBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.maxInUnschedulableMs = options.maxInUnschedulableMs ?? 5 * 60_000;
  }

  counts(): QueueCounts {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size, inFlight: this.inFlight.size };
  }

  /** Where the pod is, if anywhere. */
  where(uid: string): 'active' | 'backoff' | 'unschedulable' | 'inFlight' | undefined {
    if (this.active.has(uid)) return 'active';
    if (this.backoff.has(uid)) return 'backoff';
    if (this.unschedulable.has(uid)) return 'unschedulable';
    if (this.inFlight.has(uid)) return 'inFlight';
    return undefined;
  }

  /** A new pending pod. An already-known pod is updated instead. */
  add(pod: PodInfo): void {
    if (this.where(pod.uid)) return this.update(pod);
    const now = this.now();
    const q: QueuedPodInfo = { podInfo: pod, timestamp: now, initialTimestamp: now, attempts: 0, gated: isGated(pod) };
    if (q.gated) this.unschedulable.set(pod.uid, q);
    else this.pushActive(q);
  }

  /** A new version of a pending pod. A parked pod whose spec or metadata changed gets another try. */
  update(pod: PodInfo): void {
    const uid = pod.uid;
    const queued = this.active.get(uid) ?? this.backoff.get(uid);
    if (queued) {
      queued.podInfo = pod;
      if (this.active.has(uid)) this.active.upsert(queued);
      else this.backoff.upsert(queued);
      return;
    }
    const parked = this.unschedulable.get(uid);
    if (parked) {
      const changed = isPodUpdated(parked.podInfo, pod);
      parked.podInfo = pod;
      parked.gated = isGated(pod);
      if (changed && !parked.gated) this.moveOut(parked);
      return;
    }
    const flying = this.inFlight.get(uid);
    if (flying) {
      flying.podInfo = pod;
      return;
    }
    this.add(pod);
  }

  /** Forgets the pod (deleted, or scheduled by someone). A pod in flight will not be requeued. */
  delete(uid: string): void {
    this.active.delete(uid);
    this.backoff.delete(uid);
    this.unschedulable.delete(uid);
    this.inFlight.delete(uid);
  }

  /** The next pod to schedule, without waiting; it is then in flight. */
  tryPop(): QueuedPodInfo | undefined {
    const q = this.active.pop();
    if (!q) return undefined;
    q.attempts++;
    this.schedulingCycle++;
    this.inFlight.set(q.podInfo.uid, q);
    return q;
  }

  /** Waits for the next pod; undefined once closed. */
  async pop(): Promise<QueuedPodInfo | undefined> {
    for (;;) {
      const q = this.tryPop();
      if (q) return q;
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The cycle number of the most recent pop (pass it to `requeue`). */
  get cycle(): number {
    return this.schedulingCycle;
  }

  /** The pod was scheduled and bound: it leaves the queue. */
  done(uid: string): void {
    this.inFlight.delete(uid);
  }

  /**
   * Puts a pod back after a failed attempt. `unschedulable`: no node fits; it waits for a cluster
   * change, unless one happened since `cycle` (then it backs off). `error`: it backs off. No-op
   * when the pod was deleted or assigned meanwhile.
   */
  requeue(uid: string, reason: 'unschedulable' | 'error', cycle: number): void {
    const q = this.inFlight.get(uid);
    if (!q) return;
    this.inFlight.delete(uid);
    q.timestamp = this.now();
    if (reason === 'error' || this.moveRequestCycle >= cycle) this.backoff.upsert(q);
    else this.unschedulable.set(uid, q);
  }

  /** A cluster event that may make parked pods schedulable: each goes to backoff or active. */
  moveAll(): void {
    this.moveRequestCycle = this.schedulingCycle;
    for (const q of [...this.unschedulable.values()]) if (!q.gated) this.moveOut(q);
  }

  /** Releases pods whose backoff has expired into active. */
  flushBackoffCompleted(): void {
    const now = this.now();
    for (let q = this.backoff.peek(); q && this.backoffExpiry(q) <= now; q = this.backoff.peek()) {
      this.backoff.pop();
      this.pushActive(q);
    }
  }

  /** Moves pods parked longer than `maxInUnschedulableMs` (upstream runs this every 30 s). */
  flushUnschedulableLeftover(): void {
    const now = this.now();
    for (const q of [...this.unschedulable.values()]) {
      if (!q.gated && now - q.timestamp >= this.maxInUnschedulableMs) this.moveOut(q);
    }
  }

  /** Upstream `calculateBackoffDuration`: initial * 2^(attempts-1), capped. */
  backoffDuration(attempts: number): number {
    if (attempts <= 0) return 0;
    let d = this.initialBackoffMs;
    for (let i = 1; i < attempts; i++) {
      if (d > this.maxBackoffMs - d) return this.maxBackoffMs;
      d += d;
    }
    return Math.min(d, this.maxBackoffMs);
  }

  backoffExpiry(q: QueuedPodInfo): number {
    return q.timestamp + this.backoffDuration(q.attempts);
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  private moveOut(q: QueuedPodInfo): void {
    this.unschedulable.delete(q.podInfo.uid);
    if (this.backoffExpiry(q) > this.now()) this.backoff.upsert(q);
    else this.pushActive(q);
  }

  private pushActive(q: QueuedPodInfo): void {
    this.active.upsert(q);
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function uidOf(q: QueuedPodInfo): string {
  return q.podInfo.uid;
}

function isGated(pod: PodInfo): boolean {
  return (pod.pod.spec?.schedulingGates?.length ?? 0) > 0;
}

/** Upstream `isPodUpdated`: a change beyond status and bookkeeping metadata. */
function isPodUpdated(old: PodInfo, pod: PodInfo): boolean {
  const a = old.pod;
  const b = pod.pod;
  return !deepEqual(a.spec, b.spec) || !deepEqual(a.metadata.labels, b.metadata.labels) || !deepEqual(a.metadata.annotations, b.metadata.annotations);
}

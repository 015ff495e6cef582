/**
 * Controller expectations (upstream `ControllerExpectations` + `UIDTrackingExpectations`): after
 * a controller asks for N creations or deletions it waits until its informer has observed them
 * before it counts pods again, so a burst of events cannot make it create or delete twice.
 *
 * Contract:
 * - `satisfied(key)` is true when nothing is pending, when the expectations are older than the
 *   timeout (a watch event was lost), or when none were ever recorded for the key;
 * - every expected creation is matched by one `creationObserved` (the informer saw the pod, or
 *   the create failed or was skipped); every expected deletion by one `deletionObserved` for
 *   that pod's key, and a second observation of the same pod is ignored.
 */
import { systemClock, type Clock } from '../../util/time.js';

/** Upstream `ExpectationsTimeout`: after this, pending expectations are ignored. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Pending {
  add: number;
  del: number;
  setAtMs: number;
  /** Keys of the pods whose deletion is awaited. */
  deleting: Set<string>;
}

export class ControllerExpectations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly clock: Clock = systemClock, private readonly timeoutMs = EXPECTATIONS_TIMEOUT_MS) {}

  satisfied(key: string): boolean {
    const p = this.pending.get(key);
    if (!p) return true;
    if (p.add <= 0 && p.del <= 0) return true;
    return this.clock.now().getTime() - p.setAtMs > this.timeoutMs;
  }

  /** Replaces the expectations of `key` with `count` creations. */
  expectCreations(key: string, count: number): void {
    this.pending.set(key, { add: count, del: 0, setAtMs: this.clock.now().getTime(), deleting: new Set() });
  }

  /** Replaces the expectations of `key` with the deletion of these pods (by `namespace/name`). */
  expectDeletions(key: string, podKeys: string[]): void {
    const deleting = new Set(podKeys);
    this.pending.set(key, { add: 0, del: deleting.size, setAtMs: this.clock.now().getTime(), deleting });
  }

  creationObserved(key: string): void {
    const p = this.pending.get(key);
    if (p) p.add--;
  }

  /** Counts once per awaited pod; other pods and repeats are ignored. */
  deletionObserved(key: string, podKey: string): void {
    const p = this.pending.get(key);
    if (p?.deleting.delete(podKey)) p.del--;
  }

  /** Forgets the controller (it was deleted). */
  delete(key: string): void {
    this.pending.delete(key);
  }

  /** What is still awaited (for logs and tests). */
  pendingFor(key: string): { add: number; del: number } | undefined {
    const p = this.pending.get(key);
    return p && { add: p.add, del: p.del };
  }
}

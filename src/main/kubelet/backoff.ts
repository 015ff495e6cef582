/**
 * Per-key exponential backoff, as client-go's `flowcontrol.Backoff` that the kubelet uses for
 * container restarts (CrashLoopBackOff) and image pulls (ImagePullBackOff): the first `next`
 * sets the window to `initialMs`, each later one doubles it up to `maxMs`, and an entry resets
 * when the event comes more than `2 × maxMs` after the last update (a container that ran for 10
 * minutes starts again at 10s). All methods take times explicitly; the class keeps no clock.
 */

export interface BackoffOptions {
  /** Upstream 10s. */
  initialMs: number;
  /** Upstream `MaxContainerBackOff` = 300s. */
  maxMs: number;
}

interface Entry {
  backoffMs: number;
  lastUpdateMs: number;
}

export class Backoff {
  /** Current window and time of the last `next` per key. */
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: BackoffOptions) {}

  /** The current window for `key` (0 when there is none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** Records one more failure of `key` at `eventMs`, growing (or resetting) its window. */
  next(key: string, eventMs: number, nowMs: number = eventMs): void {
    const entry = this.entries.get(key);
    if (!entry || this.hasExpired(eventMs, entry.lastUpdateMs)) {
      this.entries.set(key, { backoffMs: this.options.initialMs, lastUpdateMs: nowMs });
      return;
    }
    entry.backoffMs = Math.min(entry.backoffMs * 2, this.options.maxMs);
    entry.lastUpdateMs = nowMs;
  }

  /** Whether less than the current window has passed since `eventMs` (e.g. the container's exit). */
  isInBackOffSince(key: string, eventMs: number, nowMs: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.hasExpired(eventMs, entry.lastUpdateMs)) return false;
    return nowMs - eventMs < entry.backoffMs;
  }

  /** Whether less than the current window has passed since the last `next` (image pulls). */
  isInBackOffSinceUpdate(key: string, nowMs: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.hasExpired(nowMs, entry.lastUpdateMs)) return false;
    return nowMs - entry.lastUpdateMs < entry.backoffMs;
  }

  /** Milliseconds until the window that started at `sinceMs` ends (0 when not backing off). */
  remaining(key: string, sinceMs: number, nowMs: number): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, sinceMs + entry.backoffMs - nowMs) : 0;
  }

  /** Milliseconds until the window that started at the last `next` ends (0 when not backing off). */
  remainingSinceUpdate(key: string, nowMs: number): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, entry.lastUpdateMs + entry.backoffMs - nowMs) : 0;
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key starting with `prefix` (a pod that went away). */
  resetPrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** Drops entries whose last update is older than `2 × maxMs` (upstream `GC`). */
  gc(nowMs: number): void {
    for (const [key, entry] of this.entries) if (this.hasExpired(nowMs, entry.lastUpdateMs)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private hasExpired(eventMs: number, lastUpdateMs: number): boolean {
    return eventMs - lastUpdateMs > this.options.maxMs * 2;
  }
}

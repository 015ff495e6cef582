/**
 * Time for node agents and the simulated runtime: `now()` plus timers, injectable so tests can
 * drive time (`ManualClock`) instead of sleeping. Production code uses `systemTimerClock`.
 */
import type { Clock } from '../util/time.js';

/** An opaque timer handle; only the clock that made it can clear it. */
export type TimerHandle = { readonly __timer: true };

export interface TimerClock extends Clock {
  /** Runs `fn` once after `ms` milliseconds (0 = on a later turn, never synchronously). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a pending timer; a no-op for undefined or fired handles. */
  clearTimeout(handle: TimerHandle | undefined): void;
}

export const systemTimerClock: TimerClock = {
  now: () => new Date(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms)) as unknown as TimerHandle,
  clearTimeout: (h) => {
    if (h !== undefined) clearTimeout(h as unknown as NodeJS.Timeout);
  },
};

/** Resolves after `ms` milliseconds of `clock` time. */
export function sleep(clock: TimerClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that only moves when told to. `advance(ms)` fires due timers in time order, letting
 * promise callbacks run between them, so async code driven by timers behaves as in real time.
 */
export class ManualClock implements TimerClock {
  private nowMs: number;
  private seq = 0;
  /** Pending timers by handle; a fired or cleared timer is removed. */
  private readonly timers = new Map<TimerHandle, ManualTimer>();

  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.nowMs = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.nowMs);
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = { __timer: true } as TimerHandle;
    this.timers.set(handle, { at: this.nowMs + Math.max(0, ms), seq: this.seq++, fn });
    return handle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.timers.delete(handle);
  }

  /** How many timers are pending. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.nowMs + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.nextDue(end);
      if (!next) break;
      this.timers.delete(next[0]);
      this.nowMs = Math.max(this.nowMs, next[1].at);
      next[1].fn();
    }
    this.nowMs = end;
    await flushMicrotasks();
  }

  private nextDue(end: number): [TimerHandle, ManualTimer] | undefined {
    let best: [TimerHandle, ManualTimer] | undefined;
    for (const entry of this.timers) {
      const t = entry[1];
      if (t.at > end) continue;
      if (!best || t.at < best[1].at || (t.at === best[1].at && t.seq < best[1].seq)) best = entry;
    }
    return best;
  }
}

/** Lets pending promise callbacks (and what they chain) run. */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/**
 * Test helpers for watches: a recorder that keeps everything a watch delivers, and `waitFor`.
 */
import type { Store, Watch, WatchEvent } from '../types.js';

export interface WatchRecording {
  readonly watch: Watch;
  readonly events: WatchEvent[];
  readonly progress: number[];
  /** Set once `onClose` was called. */
  closedWith: Error | undefined;
  /** How many times `onClose` was called (the contract allows at most one). */
  closeCount: number;
  /** Resolves once an event with revision >= `revision` arrived; rejects after `timeoutMs`. */
  waitForRevision(revision: number, timeoutMs?: number): Promise<void>;
}

/** Polls `condition` every 5 ms until it holds; rejects with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Pauses for `ms` (to check that nothing more arrives). */
export function settle(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function recordWatch(store: Store, prefix: string, after: number): Promise<WatchRecording> {
  const events: WatchEvent[] = [];
  const progress: number[] = [];
  const recording = {
    events,
    progress,
    closedWith: undefined as Error | undefined,
    closeCount: 0,
    watch: undefined as unknown as Watch,
    async waitForRevision(revision: number, timeoutMs = 5000): Promise<void> {
      await waitFor(
        () => events.some((e) => e.revision >= revision) || recording.closedWith !== undefined,
        `a watch event at revision ${revision} on "${prefix}"`,
        timeoutMs,
      );
      if (!events.some((e) => e.revision >= revision)) {
        throw new Error(`watch closed before revision ${revision}: ${String(recording.closedWith)}`);
      }
    },
  };
  recording.watch = await store.watch(prefix, after, {
    onEvents: (batch) => events.push(...batch),
    onProgress: (revision) => progress.push(revision),
    onClose: (error) => {
      recording.closedWith = error;
      recording.closeCount++;
    },
  });
  return recording;
}

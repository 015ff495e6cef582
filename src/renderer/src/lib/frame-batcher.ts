/**
 * Collects items and hands them over once per animation frame, so a burst of watch events costs
 * one reactive update and one render instead of hundreds.
 */
export interface FrameBatcher<T> {
  push(item: T): void;
  /** Hands over whatever is pending now (tests, and before tearing down). */
  flush(): void;
  cancel(): void;
}

type Schedule = (run: () => void) => () => void;

/** requestAnimationFrame where there is one (a visible page), else a 16 ms timer. */
export const nextFrame: Schedule = (run) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
    const id = requestAnimationFrame(run);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(run, 16);
  return () => clearTimeout(id);
};

export function createFrameBatcher<T>(apply: (items: T[]) => void, schedule: Schedule = nextFrame): FrameBatcher<T> {
  let pending: T[] = [];
  let cancelScheduled: (() => void) | undefined;
  const flush = () => {
    cancelScheduled?.();
    cancelScheduled = undefined;
    if (!pending.length) return;
    const items = pending;
    pending = [];
    apply(items);
  };
  return {
    push(item) {
      pending.push(item);
      if (!cancelScheduled) cancelScheduled = schedule(flush);
    },
    flush,
    cancel() {
      cancelScheduled?.();
      cancelScheduled = undefined;
      pending = [];
    },
  };
}

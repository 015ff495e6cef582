/**
 * Runs async tasks with at most `concurrency` in flight, the rest waiting in FIFO order, so a
 * burst of API writes (bindings, status updates, events) does not flood the API server.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  private roomWaiters: { below: number; resolve: () => void }[] = [];

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  }

  /** Tasks running or waiting. */
  get pending(): number {
    return this.running + this.waiting.length;
  }

  /** Runs `task` when a slot is free; settles with the task's outcome. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      const next = this.waiting.shift();
      if (next) next();
      else if (this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
      if (this.roomWaiters.length > 0) this.wakeRoomWaiters();
    }
  }

  /** Resolves once fewer than `n` tasks are running or waiting (back-pressure for producers). */
  below(n: number): Promise<void> {
    if (this.pending < n) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ below: n, resolve }));
  }

  private wakeRoomWaiters(): void {
    const still: { below: number; resolve: () => void }[] = [];
    for (const w of this.roomWaiters) {
      if (this.pending < w.below) w.resolve();
      else still.push(w);
    }
    this.roomWaiters = still;
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

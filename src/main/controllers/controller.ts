/**
 * The shape every controller shares: informers feed keys into a work queue and workers call
 * `reconcile(key)`, which reads current state from the informers' caches. A failed reconcile is
 * logged with the key and retried with backoff; `requeueAfter` asks for a later look.
 */
import { WorkQueue } from '../client/work-queue.js';

export interface ReconcileResult {
  /** Look at this key again after this many milliseconds. */
  requeueAfterMs?: number;
}

export abstract class Controller {
  protected readonly queue = new WorkQueue({ maxDelayMs: 30_000 });
  private running: Promise<void>[] = [];

  constructor(readonly name: string, private readonly workers = 1) {}

  /** Handles one key; must be idempotent. */
  protected abstract reconcile(key: string): Promise<ReconcileResult | void>;

  /** Starts informers (subclasses), then the workers. */
  start(): void {
    for (let i = 0; i < this.workers; i++) this.running.push(this.work());
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await Promise.all(this.running);
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        const result = await this.reconcile(key);
        this.queue.forget(key);
        if (result?.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
      } catch (e) {
        const retries = this.queue.retries(key);
        if (retries < 3 || retries % 10 === 0) {
          console.warn(`${this.name}: reconcile of ${key} failed (attempt ${retries + 1}): ${e instanceof Error ? e.message : String(e)}`);
        }
        this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
      }
    }
  }
}

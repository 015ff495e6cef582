/**
 * Periodic store compaction for backends that do not compact themselves (memory, etcd), as the
 * upstream API server compacts etcd: every interval, forget history older than the revision seen
 * one interval ago. Watchers further behind than that get 410 Expired and relist.
 * (The SQLite store compacts itself, keeping a bounded number of revisions.)
 */
import type { Store } from '../store/types.js';

export class Compactor {
  private timer?: NodeJS.Timeout;
  private previous = 0;

  constructor(
    private readonly store: Store,
    private readonly intervalMs = 5 * 60 * 1000,
    private readonly log: (line: string) => void = () => {},
  ) {}

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Compacts to the revision recorded at the previous tick, then records the current one. */
  async tick(): Promise<void> {
    try {
      const target = this.previous;
      this.previous = await this.store.currentRevision();
      if (target > (await this.store.compactedRevision())) await this.store.compact(target);
    } catch (e) {
      this.log(`compactor: compaction of the ${this.store.backend} store failed: ${(e as Error).message}`);
    }
  }
}

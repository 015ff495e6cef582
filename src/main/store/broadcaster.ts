/**
 * Watch fan-out for the in-process backends (memory, SQLite): every committed event goes to each
 * watcher whose prefix matches, through a bounded per-watcher queue.
 *
 * Invariants:
 * - `publish` never calls a handler and never waits: events are queued and delivered on the
 *   next turn of the event loop (`setImmediate`), so a writer never blocks on a reader, and a
 *   feedback loop between in-process components (a watch handler that writes) can never starve
 *   timers and I/O the way a chain of microtasks would.
 * - Delivery follows the global publish order across watchers too: if event A was published
 *   before event B, every watcher that gets A gets it before any watcher gets B. (Components
 *   that watch several resources, like the garbage collector, rely on seeing an owner's
 *   dependents before the owner's later deletion.)
 * - A watcher receives events in publish order, each once. Its backlog (catch-up from history)
 *   is queued at `subscribe`, before any later `publish`, so catch-up and live events join with
 *   no gap and no duplicate as long as the backend subscribes in the same synchronous step in
 *   which it read the backlog.
 * - A watcher with more than `maxPendingEvents` live events not yet delivered is closed with
 *   `WatchTooSlowError`; it watches again (or relists). A handler that throws is closed too.
 * - After `cancel()` or `onClose`, no further handler call is made.
 */
import { StoreUnavailableError, WatchTooSlowError } from './errors.js';
import type { Watch, WatchEvent, WatchHandler } from './types.js';

export interface BroadcasterOptions {
  /** The latest committed (and published) revision, reported in progress notifications. */
  currentRevision: () => number;
  /** Live events a watcher may have queued and undelivered before it is closed. Default 10 000. */
  maxPendingEvents?: number;
  /** How often idle watchers get `onProgress(currentRevision)`, in ms; 0 disables. Default 5000. */
  progressIntervalMs?: number;
}

interface Subscriber {
  readonly prefix: string;
  readonly handler: WatchHandler;
  /** Only events with a higher revision are delivered (a watch may start in the future). */
  readonly after: number;
  /** Events queued and not yet delivered, in revision order. */
  queue: WatchEvent[];
  /** How many of `queue` came from `publish` (the backlog does not count against the bound). */
  live: number;
  closed: boolean;
}

/** `count` events queued for `sub` by one publish (or its backlog), in global publish order. */
interface Slot {
  sub: Subscriber;
  count: number;
  live: boolean;
}

export class Broadcaster {
  private readonly subscribers = new Set<Subscriber>();
  private readonly maxPending: number;
  private readonly progressMs: number;
  private progressTimer: NodeJS.Timeout | undefined;
  /** Deliveries owed, in publish order; flushed on the next turn of the event loop. */
  private slots: Slot[] = [];
  private flushScheduled = false;

  constructor(private readonly options: BroadcasterOptions) {
    this.maxPending = options.maxPendingEvents ?? 10_000;
    this.progressMs = options.progressIntervalMs ?? 5000;
    if (!(this.maxPending > 0)) throw new RangeError('maxPendingEvents must be positive');
  }

  /** Number of open watchers. */
  get size(): number {
    return this.subscribers.size;
  }

  /**
   * Registers a watcher of keys starting with `prefix` for events after revision `after`.
   * `backlog` (events already committed that the watcher must see first, filtered to the
   * prefix and to revisions > `after`) is delivered before any later publish.
   */
  subscribe(prefix: string, after: number, handler: WatchHandler, backlog: WatchEvent[] = []): Watch {
    const sub: Subscriber = { prefix, after, handler, queue: backlog.slice(), live: 0, closed: false };
    this.subscribers.add(sub);
    if (sub.queue.length > 0) this.enqueue({ sub, count: sub.queue.length, live: false });
    this.updateProgressTimer();
    return { cancel: () => this.remove(sub) };
  }

  /** Queues `events` (one commit, in revision order) for every matching watcher. */
  publish(events: readonly WatchEvent[]): void {
    for (const sub of this.subscribers) {
      let added = 0;
      for (const event of events) {
        if (event.revision > sub.after && event.kv.key.startsWith(sub.prefix)) {
          sub.queue.push(event);
          added++;
        }
      }
      if (added === 0) continue;
      sub.live += added;
      if (sub.live > this.maxPending) {
        this.close(sub, new WatchTooSlowError(sub.prefix, this.maxPending));
        continue;
      }
      this.enqueue({ sub, count: added, live: true });
    }
  }

  /** Closes every watcher with `error` (the store is closing or failed). */
  closeAll(error: Error = new StoreUnavailableError('the store was closed')): void {
    for (const sub of [...this.subscribers]) this.close(sub, error);
  }

  private enqueue(slot: Slot): void {
    const last = this.slots[this.slots.length - 1];
    if (last && last.sub === slot.sub && last.live === slot.live) last.count += slot.count;
    else this.slots.push(slot);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Delivers every owed slot in publish order; consecutive slots of one watcher form one batch. */
  private flush(): void {
    this.flushScheduled = false;
    const slots = this.slots;
    this.slots = [];
    for (const { sub, count, live } of slots) {
      if (sub.closed || count === 0) continue;
      const batch = sub.queue.splice(0, count);
      if (live) sub.live -= count;
      if (batch.length === 0) continue;
      try {
        sub.handler.onEvents(batch);
      } catch (e) {
        this.close(sub, e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  private close(sub: Subscriber, error: Error): void {
    if (sub.closed) return;
    this.remove(sub);
    try {
      sub.handler.onClose(error);
    } catch {
      // onClose must not throw; the watcher is gone either way.
    }
  }

  private remove(sub: Subscriber): void {
    sub.closed = true;
    sub.queue = [];
    this.subscribers.delete(sub);
    this.updateProgressTimer();
  }

  /** Runs the progress timer only while there are watchers; it never keeps the process alive. */
  private updateProgressTimer(): void {
    if (this.progressMs <= 0) return;
    if (this.subscribers.size > 0 && !this.progressTimer) {
      this.progressTimer = setInterval(() => this.notifyProgress(), this.progressMs);
      this.progressTimer.unref();
    } else if (this.subscribers.size === 0 && this.progressTimer) {
      clearInterval(this.progressTimer);
      this.progressTimer = undefined;
    }
  }

  /** Tells each watcher with nothing queued that no event <= the current revision is still to come. */
  private notifyProgress(): void {
    const revision = this.options.currentRevision();
    for (const sub of [...this.subscribers]) {
      if (sub.closed || sub.queue.length > 0 || !sub.handler.onProgress) continue;
      try {
        sub.handler.onProgress(revision);
      } catch (e) {
        this.close(sub, e instanceof Error ? e : new Error(String(e)));
      }
    }
  }
}

/**
 * One store watch on top of an etcd3 `Watcher` (etcd watch with `prev_kv`, from `after + 1`).
 *
 * Invariants:
 * - Listeners are attached before the watch is sent, so no response can slip past them.
 * - Events reach the handler in revision order, each once (revisions <= the last delivered one
 *   are dropped).
 * - The watch never resumes on its own after a disconnect (etcd3 would resume from a revision
 *   that can skip events): it ends with `StoreUnavailableError`, or `CompactedError` when etcd
 *   cancelled it for compaction, and the caller watches again.
 */
import { Range, type Etcd3, type IWatchResponse, type Watcher } from 'etcd3';
import type { KeySpace } from './etcd-codec.js';
import type { EtcdErrorMapper } from './etcd-errors.js';
import { CompactedError, StoreUnavailableError } from './errors.js';
import type { Watch, WatchEvent, WatchHandler } from './types.js';

export interface EtcdWatchParams {
  client: Etcd3;
  keys: KeySpace;
  prefix: string;
  after: number;
  handler: WatchHandler;
  errors: EtcdErrorMapper;
  /** Called once when the watch ends (cancel, close or failure). */
  onEnd(watch: EtcdWatch): void;
  /** Resolves the compacted revision after etcd cancelled the watch. */
  compactedRevision(): Promise<number>;
}

/** A watch the store can also end itself (on close), which calls `onClose(error)`. */
export interface EtcdWatch extends Watch {
  end(error: Error): void;
}

/** Opens the watch; resolves once etcd confirmed it, rejects when it could not be created. */
export async function openEtcdWatch(p: EtcdWatchParams): Promise<EtcdWatch> {
  const range = p.keys.range(p.prefix);
  const watcher: Watcher = p.client
    .watch()
    .inRange(new Range(range.key, range.range_end))
    .withPreviousKV()
    .startRevision(String(p.after + 1))
    .watcher();
  let lastSeen = p.after;
  let state: 'connecting' | 'open' | 'ended' = 'connecting';
  let settle: { resolve(): void; reject(e: unknown): void } | undefined;

  const detach = (): void => {
    state = 'ended';
    watcher.removeAllListeners();
    watcher.on('error', () => undefined); // late errors of a cancelled watcher are expected
    watcher.cancel().catch(() => undefined);
    p.onEnd(watch);
  };
  const end = (error: Error): void => {
    if (state === 'ended') return;
    const wasOpen = state === 'open';
    detach();
    if (wasOpen) p.handler.onClose(error);
    else settle?.reject(error);
  };
  const watch: EtcdWatch = {
    cancel: () => {
      if (state !== 'ended') detach();
    },
    end: (error) => end(error),
  };

  watcher.on('connected', () => {
    if (state !== 'connecting') return;
    state = 'open';
    settle?.resolve();
  });
  watcher.on('data', (res: IWatchResponse) => {
    if (state !== 'open') return;
    try {
      if (res.events.length === 0) {
        p.handler.onProgress?.(Number(res.header.revision));
        return;
      }
      const events: WatchEvent[] = [];
      for (const ev of res.events) {
        const event = p.keys.event(ev);
        if (event.revision <= lastSeen) continue;
        lastSeen = event.revision;
        events.push(event);
      }
      if (events.length > 0) p.handler.onEvents(events);
    } catch (e) {
      end(e instanceof Error ? e : new Error(String(e)));
    }
  });
  watcher.on('disconnected', (err: Error) => {
    end(p.errors.unavailable(err, `watch of prefix "${p.prefix}" (resume from revision ${lastSeen})`));
  });
  watcher.on('error', (err: Error) => {
    if (state === 'ended') return;
    const seen = lastSeen;
    p.compactedRevision().then(
      (compacted) =>
        end(
          compacted > seen
            ? new CompactedError(seen, compacted)
            : new StoreUnavailableError(`etcd cancelled the watch of prefix "${p.prefix}": ${err.message}`, err),
        ),
      () => end(p.errors.unavailable(err, `watch of prefix "${p.prefix}"`)),
    );
  });

  await new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return watch;
}

/**
 * The one factory behind every resource store: a `resources:watch` subscription (all namespaces;
 * views filter by the chosen namespace) whose events are applied once per animation frame. The
 * first `sync` event is the complete list; a later `sync` replaces everything (the server had to
 * relist). When the stream closes with an error the store says so and resubscribes with backoff,
 * so views always tell the truth about how live they are.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { ResourceRef, WatchEvent, WatchItem } from '../../../shared/ipc/resource-types';
import { createFrameBatcher } from '../lib/frame-batcher';
import { subscribe } from '../api/pilothouse';

/** `idle`: not started; `syncing`: waiting for the first list; `live`: watching; `retrying`: the stream failed, resubscribing. */
export type WatchState = 'idle' | 'syncing' | 'live' | 'retrying';

/** The key of a watched item: `namespace/name`, or `name` when cluster-scoped. */
export function itemKey(item: WatchItem): string {
  const meta = 'metadata' in item && item.metadata ? item.metadata : (item as { name: string; namespace?: string });
  return meta.namespace ? `${meta.namespace}/${meta.name}` : (meta.name ?? '');
}

export function applyWatchEvents<T extends WatchItem>(items: Map<string, T>, events: WatchEvent[]): Map<string, T> {
  let map = items;
  for (const event of events) {
    if (event.type === 'sync') {
      map = new Map();
      for (const item of event.items) map.set(itemKey(item), item as T);
      continue;
    }
    for (const change of event.changes) {
      const key = itemKey(change.object);
      if (change.type === 'DELETED') map.delete(key);
      else map.set(key, change.object as T);
    }
  }
  return map;
}

const RETRY_MS = [500, 1000, 2000, 5000];

export interface ResourceStoreOptions {
  resource: ResourceRef;
  /** `row` for big lists (pods, events): compact rows computed in the main process. */
  view?: 'object' | 'row';
}

export function defineResourceStore<T extends WatchItem>(id: string, options: ResourceStoreOptions) {
  return defineStore(id, () => {
    /** Every object of the kind, by `namespace/name`; replaced on sync, mutated on changes (then triggered). */
    const items = shallowRef(new Map<string, T>());
    const state = ref<WatchState>('idle');
    /** Why the stream last failed, until it is live again. */
    const error = ref<string>();
    const resourceVersion = ref<string>();
    /** Counts applied batches: a cheap dependency for derived data. */
    const generation = ref(0);

    const all = computed<T[]>(() => {
      void generation.value;
      return [...items.value.values()];
    });

    let unsubscribe: (() => void) | undefined;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const batcher = createFrameBatcher<WatchEvent>((events) => {
      const next = applyWatchEvents(items.value, events);
      if (next !== items.value) items.value = next;
      else triggerRef(items);
      resourceVersion.value = events[events.length - 1].resourceVersion;
      generation.value += 1;
      state.value = 'live';
      error.value = undefined;
      attempt = 0;
    });

    /** Starts watching (idempotent). */
    function start(): void {
      if (unsubscribe || retryTimer) return;
      if (state.value === 'idle') state.value = 'syncing';
      unsubscribe = subscribe('resources:watch', { ...options.resource, view: options.view ?? 'object' }, (e) => batcher.push(e), (err) => {
        unsubscribe = undefined;
        batcher.flush();
        error.value = err ? `${err.message}` : 'the watch ended';
        state.value = 'retrying';
        const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
        attempt += 1;
        retryTimer = setTimeout(() => {
          retryTimer = undefined;
          start();
        }, delay);
      });
    }

    function stop(): void {
      unsubscribe?.();
      unsubscribe = undefined;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      batcher.cancel();
      state.value = 'idle';
    }

    function get(namespace: string | undefined, name: string): T | undefined {
      void generation.value;
      return items.value.get(namespace ? `${namespace}/${name}` : name);
    }

    /** Applies pending events now (tests and benchmarks). */
    function flush(): void {
      batcher.flush();
    }

    return { items, all, state, error, resourceVersion, generation, start, stop, get, flush };
  });
}

/**
 * A `resources:watch` owned by one component (a detail view's object, a pod's events, a node's
 * pods): started when the request is known, restarted when it changes, ended on unmount.
 * Events are applied once per frame; a failed stream is retried with backoff and says so.
 */
import { computed, onBeforeUnmount, ref, shallowRef, triggerRef, watch } from 'vue';
import type { WatchEvent, WatchItem, WatchRequest } from '../../../shared/ipc/resource-types';
import { subscribe } from '../api/pilothouse';
import { createFrameBatcher } from '../lib/frame-batcher';
import { applyWatchEvents, type WatchState } from '../stores/resource-store';

export function useWatch<T extends WatchItem>(request: () => WatchRequest | undefined) {
  const items = shallowRef(new Map<string, T>());
  const state = ref<WatchState>('idle');
  const error = ref<string>();
  let unsubscribe: (() => void) | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;

  const batcher = createFrameBatcher<WatchEvent>((events) => {
    const next = applyWatchEvents(items.value, events);
    if (next !== items.value) items.value = next;
    else triggerRef(items);
    state.value = 'live';
    error.value = undefined;
    attempt = 0;
  });

  function stop(): void {
    unsubscribe?.();
    unsubscribe = undefined;
    clearTimeout(retry);
    retry = undefined;
    batcher.cancel();
  }

  function start(req: WatchRequest): void {
    state.value = 'syncing';
    unsubscribe = subscribe('resources:watch', req, (e) => batcher.push(e), (err) => {
      unsubscribe = undefined;
      batcher.flush();
      state.value = 'retrying';
      error.value = err?.message ?? 'the watch ended';
      retry = setTimeout(() => start(req), Math.min(5000, 500 * 2 ** attempt++));
    });
  }

  watch(
    () => JSON.stringify(request() ?? null),
    (json) => {
      stop();
      items.value = new Map();
      const req = JSON.parse(json) as WatchRequest | null;
      if (req) start(req);
      else state.value = 'idle';
    },
    { immediate: true },
  );
  onBeforeUnmount(stop);

  const list = computed(() => [...items.value.values()]);
  return { items, list, state, error };
}

/** One object, live: `undefined` until it arrives, and again once it is deleted (`gone`). */
export function useObject<T extends WatchItem>(request: () => (Omit<WatchRequest, 'fieldSelector' | 'labelSelector'> & { name: string }) | undefined) {
  const w = useWatch<T>(() => {
    const r = request();
    if (!r) return undefined;
    const { name, ...rest } = r;
    return { ...rest, fieldSelector: `metadata.name=${name}` };
  });
  const object = computed<T | undefined>(() => w.list.value[0]);
  const gone = computed(() => w.state.value === 'live' && !object.value);
  return { object, gone, state: w.state, error: w.error };
}

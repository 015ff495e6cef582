/**
 * Used CPU and memory per node, pushed by `metrics:watch` whenever the metrics add-on takes a
 * sample; `error` says why there is none (add-on disabled, no stats yet).
 */
import { onBeforeUnmount, ref, shallowRef } from 'vue';
import { subscribe } from '../api/pilothouse';
import type { NodeUsage } from '../../../shared/ipc/operation-types';

export function useNodeMetrics() {
  const usage = shallowRef(new Map<string, NodeUsage>());
  const error = ref<string>();
  let retry: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;

  function start(): void {
    unsubscribe = subscribe('metrics:watch', {}, (e) => {
      if (e.type === 'sample') {
        usage.value = new Map(e.nodes.map((u) => [u.name, u]));
        error.value = undefined;
      } else {
        error.value = e.message;
      }
    }, (err) => {
      unsubscribe = undefined;
      error.value = err?.message ?? 'the metrics stream ended';
      retry = setTimeout(start, 5000);
    });
  }

  start();
  onBeforeUnmount(() => {
    clearTimeout(retry);
    unsubscribe?.();
  });
  return { usage, error };
}

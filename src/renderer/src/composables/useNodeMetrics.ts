/**
 * Used CPU and memory per node from `metrics:nodes`. Usage is a sample by nature and the
 * contract offers it only as a call, so this asks again every 15 s while a view shows it (the
 * one place the cockpit re-asks; everything else is watched). A failure is kept and shown.
 */
import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import { call, errorMessage } from '../api/pilothouse';
import type { NodeUsage } from '../../../shared/ipc/operation-types';

const PERIOD_MS = 15_000;

export function useNodeMetrics() {
  const usage = shallowRef(new Map<string, NodeUsage>());
  const error = ref<string>();
  let timer: ReturnType<typeof setInterval> | undefined;

  async function sample(): Promise<void> {
    try {
      const { items } = await call('metrics:nodes', {});
      usage.value = new Map(items.map((u) => [u.name, u]));
      error.value = undefined;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  onMounted(() => {
    void sample();
    timer = setInterval(sample, PERIOD_MS);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return { usage, error };
}

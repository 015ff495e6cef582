/**
 * Image pulls on the cluster's nodes, live from `images:pulls`: a snapshot, then every start,
 * progress step and end, keyed by node and image (the latest pull of an image on a node wins).
 */
import { computed, onBeforeUnmount, ref, shallowRef } from 'vue';
import { subscribe } from '../api/pilothouse';
import type { ImagePull } from '../../../shared/ipc/stream-types';

export function useImagePulls(namespace: () => string | undefined) {
  const pulls = shallowRef(new Map<string, ImagePull>());
  const error = ref<string>();
  const key = (p: ImagePull) => `${p.node}/${p.image}`;
  const unsubscribe = subscribe('images:pulls', namespace() ? { namespace: namespace() } : {}, (e) => {
    const next = e.type === 'snapshot' ? new Map<string, ImagePull>() : new Map(pulls.value);
    for (const p of e.type === 'snapshot' ? e.pulls : [e.pull]) next.set(key(p), p);
    pulls.value = next;
  }, (err) => {
    if (err) error.value = err.message;
  });
  onBeforeUnmount(unsubscribe);
  const list = computed(() => [...pulls.value.values()].sort((a, b) => a.startedAt - b.startedAt));
  return { pulls: list, error };
}

/**
 * Port-forwards the user opened: each is a `network:portForward` subscription (a 127.0.0.1 port
 * leading to a pod or Service port) that lives until stopped here or the connection ends, so it
 * survives moving between views.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { subscribe } from '../api/pilothouse';
import type { PortForwardRequest } from '../../../shared/ipc/stream-types';

export interface PortForwardEntry {
  key: string;
  target: string;
  state: 'starting' | 'ready' | 'failed';
  url?: string;
  localPort?: number;
  error?: string;
}

export function forwardKey(r: PortForwardRequest): string {
  return `${r.kind}/${r.namespace}/${r.name}:${r.port}`;
}

export const usePortForwards = defineStore('port-forwards', () => {
  const entries = ref<PortForwardEntry[]>([]);
  const stops = new Map<string, () => void>();

  function update(key: string, patch: Partial<PortForwardEntry>): void {
    entries.value = entries.value.map((e) => (e.key === key ? { ...e, ...patch } : e));
  }

  function find(key: string): PortForwardEntry | undefined {
    return entries.value.find((e) => e.key === key);
  }

  function start(r: PortForwardRequest): void {
    const key = forwardKey(r);
    if (stops.has(key)) return;
    entries.value = [...entries.value.filter((e) => e.key !== key), { key, target: `${r.kind}/${r.name}:${r.port}`, state: 'starting' }];
    const stop = subscribe('network:portForward', r, (event) => {
      if (event.type === 'ready') update(key, { state: 'ready', url: event.url, localPort: event.localPort });
    }, (error) => {
      stops.delete(key);
      if (error) update(key, { state: 'failed', error: error.message });
      else entries.value = entries.value.filter((e) => e.key !== key);
    });
    stops.set(key, stop);
  }

  function stop(key: string): void {
    stops.get(key)?.();
    stops.delete(key);
    entries.value = entries.value.filter((e) => e.key !== key);
  }

  return { entries, find, start, stop };
});

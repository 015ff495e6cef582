/**
 * The cluster itself: `cluster:info` (API address, kubectl command, Docker availability, mode)
 * and the connection's honest state, judged from the watches: `connecting` until the first list
 * arrives, `live` while every watch streams, `reconnecting` (with the reason) when one failed.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ClusterInfo } from '../../../shared/ipc/operation-types';
import { call, errorMessage } from '../api/pilothouse';
import { useNamespaces, useNodes, usePodRows } from './kinds';
import { transport } from '../api/connect';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'error';

export const useClusterStore = defineStore('cluster', () => {
  const info = ref<ClusterInfo>();
  const infoError = ref<string>();

  async function loadInfo(): Promise<void> {
    try {
      info.value = await call('cluster:info', {});
      infoError.value = undefined;
    } catch (e) {
      infoError.value = errorMessage(e);
    }
  }

  const namespaces = useNamespaces();
  const nodes = useNodes();
  const pods = usePodRows();

  const connection = computed<{ state: ConnectionState; message?: string }>(() => {
    if (transport.signInError) return { state: 'error', message: transport.signInError };
    if (!transport.connected) return { state: 'reconnecting', message: transport.message };
    const watches = [namespaces, nodes, pods];
    const failing = watches.find((w) => w.state === 'retrying');
    if (failing) return { state: 'reconnecting', message: failing.error };
    if (infoError.value && !info.value) return { state: 'error', message: infoError.value };
    if (watches.some((w) => w.state === 'syncing' || w.state === 'idle')) return { state: 'connecting' };
    return { state: 'live' };
  });

  return { info, infoError, connection, loadInfo };
});

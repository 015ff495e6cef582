import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { defineResourceStore } from './resource-store';
import { installApi } from '../api/pilothouse';
import { FakeApi } from '../testing/fake-api';
import type { KubeObject } from '../lib/kube-types';

const pod = (name: string, rv: string, ns = 'default'): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, uid: `uid-${name}`, resourceVersion: rv } });

describe('defineResourceStore', () => {
  let api: FakeApi;
  const usePods = defineResourceStore<KubeObject>('test-pods', { resource: { apiVersion: 'v1', resource: 'pods' } });

  beforeEach(() => {
    setActivePinia(createPinia());
    api = new FakeApi();
    installApi(api);
  });

  it('subscribes once, applies the sync list then batched changes', () => {
    const store = usePods();
    store.start();
    store.start();
    const [watch] = api.find('resources:watch');
    expect(api.find('resources:watch')).toHaveLength(1);
    expect(watch.request).toMatchObject({ apiVersion: 'v1', resource: 'pods', view: 'object' });
    expect(store.state).toBe('syncing');

    watch.emit({ type: 'sync', resourceVersion: '10', items: [pod('a', '1'), pod('b', '2')] });
    store.flush();
    expect(store.state).toBe('live');
    expect(store.all.map((p) => p.metadata.name).sort()).toEqual(['a', 'b']);

    watch.emit({ type: 'changes', resourceVersion: '12', changes: [{ type: 'ADDED', object: pod('c', '11') }, { type: 'DELETED', object: pod('a', '12') }] });
    watch.emit({ type: 'changes', resourceVersion: '13', changes: [{ type: 'MODIFIED', object: pod('b', '13') }] });
    store.flush();
    expect(store.all.map((p) => p.metadata.name).sort()).toEqual(['b', 'c']);
    expect(store.get('default', 'b')?.metadata.resourceVersion).toBe('13');
    expect(store.resourceVersion).toBe('13');
  });

  it('a later sync replaces everything it had', () => {
    const store = usePods();
    store.start();
    const [watch] = api.find('resources:watch');
    watch.emit({ type: 'sync', resourceVersion: '1', items: [pod('a', '1'), pod('b', '1')] });
    watch.emit({ type: 'sync', resourceVersion: '9', items: [pod('z', '9')] });
    store.flush();
    expect(store.all.map((p) => p.metadata.name)).toEqual(['z']);
  });

  it('says so when the stream fails and resubscribes with backoff', async () => {
    vi.useFakeTimers();
    try {
      const store = usePods();
      store.start();
      api.find('resources:watch')[0].close({ code: 'Unavailable', message: 'lost the connection' });
      expect(store.state).toBe('retrying');
      expect(store.error).toBe('lost the connection');
      expect(api.find('resources:watch')).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(600);
      const [again] = api.find('resources:watch');
      expect(again).toBeDefined();
      again.emit({ type: 'sync', resourceVersion: '5', items: [pod('a', '5')] });
      store.flush();
      expect(store.state).toBe('live');
      expect(store.error).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});

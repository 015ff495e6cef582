import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import PodsView from './PodsView.vue';
import { mountWithApp } from '../testing/mount-app';
import { usePodRows } from '../stores/kinds';
import { useUiStore } from '../stores/ui';
import type { ResourceRow } from '../../../shared/ipc/resource-types';

const row = (namespace: string, name: string, status: string, node: string | null): ResourceRow => ({
  uid: `${namespace}-${name}`,
  name,
  namespace,
  resourceVersion: '1',
  creationTimestamp: new Date(Date.now() - 60_000).toISOString(),
  cells: { phase: status === 'Running' ? 'Running' : 'Pending', status, ready: status === 'Running' ? '1/1' : '0/1', restarts: 0, node, podIP: null },
});

describe('PodsView', () => {
  afterEach(() => localStorage.clear());

  it('lists pods from the row watch, filtered by the namespace switcher and the search box', async () => {
    const { api, wrapper } = await mountWithApp(PodsView, { path: '/pods' });
    const [watch] = api.find('resources:watch', { resource: 'pods' });
    expect(watch.request.view).toBe('row');
    watch.emit({ type: 'sync', resourceVersion: '5', items: [row('default', 'web-1', 'Running', 'node-a'), row('default', 'web-2', 'CrashLoopBackOff', 'node-b'), row('shop', 'cart-1', 'Running', 'node-a')] });
    usePodRows().flush();
    await flushPromises();
    expect(wrapper.find('[data-testid=list-count]').text()).toBe('3');

    useUiStore().namespace = 'default';
    await flushPromises();
    expect(wrapper.find('[data-testid=list-count]').text()).toBe('2 of 3');

    await wrapper.find('input[type=search]').setValue('status:crash');
    expect(wrapper.find('[data-testid=list-count]').text()).toBe('1 of 3');

    watch.emit({ type: 'changes', resourceVersion: '6', changes: [{ type: 'MODIFIED', object: row('default', 'web-1', 'CrashLoopBackOff', 'node-a') }] });
    usePodRows().flush();
    await flushPromises();
    expect(wrapper.find('[data-testid=list-count]').text()).toBe('2 of 3');
    wrapper.unmount();
  });

  it('says when its watch is interrupted', async () => {
    const { api, wrapper } = await mountWithApp(PodsView, { path: '/pods' });
    api.find('resources:watch', { resource: 'pods' })[0].close({ code: 'Unavailable', message: 'lost the connection to Pilothouse' });
    await flushPromises();
    expect(wrapper.text()).toContain('watch interrupted, retrying: lost the connection to Pilothouse');
    wrapper.unmount();
  });
});

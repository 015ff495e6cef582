import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import ConnectionStatus from './ConnectionStatus.vue';
import { mountWithApp } from '../testing/mount-app';
import { transport } from '../api/connect';
import { useNamespaces, useNodes, usePodRows } from '../stores/kinds';

describe('ConnectionStatus', () => {
  afterEach(() => {
    transport.connected = true;
    transport.message = undefined;
  });

  it('says connecting, then live, then reconnecting with the reason when the socket drops', async () => {
    const { api, wrapper } = await mountWithApp(ConnectionStatus);
    const stores = [useNamespaces(), useNodes(), usePodRows()];
    stores.forEach((s) => s.start());
    await flushPromises();
    expect(wrapper.text()).toContain('Connecting');

    for (const w of api.find('resources:watch')) w.emit({ type: 'sync', resourceVersion: '1', items: [] });
    stores.forEach((s) => s.flush());
    await flushPromises();
    expect(wrapper.text()).toContain('Live');

    transport.connected = false;
    transport.message = 'connection closed (1006)';
    await flushPromises();
    expect(wrapper.text()).toContain('Reconnecting');
    expect(wrapper.text()).toContain('connection closed (1006)');
    wrapper.unmount();
  });
});

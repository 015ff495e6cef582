import { describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import AddonsView from './AddonsView.vue';
import { mountWithApp } from '../testing/mount-app';
import { ADDONS_CONFIGMAP, type AddonState } from '../../../shared/ipc/operation-types';

describe('AddonsView', () => {
  it('shows each add-on as the watched ConfigMap says and switches it with addons:set', async () => {
    let state: AddonState[] = [
      { name: 'dns', enabled: true, description: 'Cluster DNS' },
      { name: 'metrics', enabled: true, description: 'Resource metrics' },
    ];
    const { api, wrapper } = await mountWithApp(AddonsView, {
      path: '/addons',
      api: (a) =>
        a.on('addons:list', () => ({ addons: state })).on('addons:set', (r) => {
          state = state.map((x) => (x.name === r.name ? { ...x, enabled: r.enabled } : x));
          return { addons: state };
        }),
    });
    await flushPromises();
    const card = (name: string) => wrapper.find(`[data-addon=${name}]`);
    expect(card('metrics').text()).toContain('enabled');

    await card('metrics').find('button').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.channel === 'addons:set')?.request).toEqual({ name: 'metrics', enabled: false });
    expect(card('metrics').text()).toContain('disabled');

    // A change made elsewhere (kubectl edit of the ConfigMap) shows through the watch.
    const [watch] = api.find('resources:watch', { resource: 'configmaps' });
    expect(watch.request).toMatchObject({ namespace: ADDONS_CONFIGMAP.namespace, fieldSelector: `metadata.name=${ADDONS_CONFIGMAP.name}` });
    watch.emit({ type: 'sync', resourceVersion: '3', items: [{ metadata: { name: ADDONS_CONFIGMAP.name, namespace: ADDONS_CONFIGMAP.namespace }, data: { dns: 'disabled', metrics: 'enabled' } }] });
    await new Promise((r) => setTimeout(r, 30));
    await flushPromises();
    expect(card('dns').text()).toContain('disabled');
    expect(card('metrics').text()).toContain('enabled');
    wrapper.unmount();
  });
});

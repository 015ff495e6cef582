import { describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import CommandPalette from './CommandPalette.vue';
import { mountWithApp } from '../testing/mount-app';
import { useNamespaces } from '../stores/kinds';
import { useUiStore } from '../stores/ui';

describe('CommandPalette', () => {
  it('opens with Ctrl+K, finds sections and namespaces by fuzzy typing, runs with Enter', async () => {
    const { api, router, wrapper } = await mountWithApp(CommandPalette);
    const namespaces = useNamespaces();
    namespaces.start();
    api.find('resources:watch', { resource: 'namespaces' })[0].emit({ type: 'sync', resourceVersion: '1', items: [{ metadata: { name: 'payments' } }, { metadata: { name: 'default' } }] });
    namespaces.flush();

    expect(wrapper.find('[data-testid=command-palette]').exists()).toBe(false);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }));
    await flushPromises();
    const input = wrapper.find('[data-testid=command-palette] input');
    expect(input.exists()).toBe(true);

    await input.setValue('go nodes');
    expect(wrapper.find('li.cursor').text()).toContain('Go to Nodes');
    await input.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/nodes');
    expect(wrapper.find('[data-testid=command-palette]').exists()).toBe(false);

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', metaKey: true }));
    await flushPromises();
    await wrapper.find('[data-testid=command-palette] input').setValue('paymnts');
    await wrapper.find('[data-testid=command-palette] input').trigger('keydown', { key: 'Enter' });
    expect(useUiStore().namespace).toBe('payments');
    wrapper.unmount();
  });
});

import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import DataEntries from './DataEntries.vue';

describe('DataEntries', () => {
  it('keeps secret values hidden until revealed, then shows them decoded', async () => {
    const wrapper = mount(DataEntries, { props: { data: { password: btoa('s3cret'), user: btoa('admin') }, secret: true } });
    expect(wrapper.text()).not.toContain('s3cret');
    expect(wrapper.text()).not.toContain(btoa('s3cret'));
    await wrapper.find('[data-testid=reveal-password]').trigger('click');
    expect(wrapper.text()).toContain('s3cret');
    expect(wrapper.text()).not.toContain('admin');
  });

  it('shows ConfigMap values as they are', () => {
    const wrapper = mount(DataEntries, { props: { data: { 'app.conf': 'listen 80' } } });
    expect(wrapper.text()).toContain('listen 80');
  });
});

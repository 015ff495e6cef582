import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { nextTick } from 'vue';
import VirtualTable from './VirtualTable.vue';
import type { Column } from './table-columns';

interface Row { key: string; name: string; restarts: number }
const rows: Row[] = Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i}`, name: `pod-${String(i).padStart(5, '0')}`, restarts: i % 7 }));
const typed: Column<Row>[] = [
  { key: 'name', label: 'Name', width: '1fr', text: (r) => r.name },
  { key: 'restarts', label: 'Restarts', width: '80px', text: (r) => String(r.restarts), sortValue: (r) => r.restarts },
];
// The generic component's props are checked as `unknown` rows by the mounting helper.
const columns = typed as unknown as Column<unknown>[];
const rowKey = (r: unknown) => (r as Row).key;

describe('VirtualTable', () => {
  // happy-dom does no layout: give the scroller a 600 px viewport as a browser would.
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get() { return (this as HTMLElement).classList.contains('vbody') ? 600 : 0; } });
  });
  afterAll(() => {
    if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original);
  });

  it('renders a window of rows, not all 10,000, and sorts by a header click', async () => {
    const wrapper = mount(VirtualTable, { props: { rows, columns, rowKey }, attachTo: document.body });
    await nextTick();
    const rendered = wrapper.findAll('.vrow');
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(100);
    expect(wrapper.find('[role=grid]').attributes('aria-rowcount')).toBe('10000');
    expect(rendered[0].text()).toContain('pod-00000');

    await wrapper.findAll('.vth')[1].trigger('click');
    await wrapper.findAll('.vth')[1].trigger('click');
    await nextTick();
    const first = wrapper.findAll('.vrow')[0];
    expect(first.findAll('.vtd')[1].text()).toBe('6');
    wrapper.unmount();
  });

  it('opens the row under the cursor with Enter and shows the empty text', async () => {
    const wrapper = mount(VirtualTable, { props: { rows: rows.slice(0, 3), columns, rowKey }, attachTo: document.body });
    await nextTick();
    const body = wrapper.find('.vbody');
    await body.trigger('keydown', { key: 'ArrowDown' });
    await body.trigger('keydown', { key: 'ArrowDown' });
    await body.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('open')?.[0]?.[0]).toMatchObject({ name: 'pod-00001' });
    await wrapper.setProps({ rows: [] });
    expect(wrapper.text()).toContain('Nothing here');
    wrapper.unmount();
  });
});

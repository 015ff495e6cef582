import { describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import SchedulingDecision from './SchedulingDecision.vue';
import { mountWithApp } from '../testing/mount-app';
import type { SchedulerDecision } from '../../../shared/ipc/operation-types';

const decision = (selected: string): SchedulerDecision => ({
  kind: 'PodSchedulingDecision',
  apiVersion: 'scheduling.pilothouse.dev/v1',
  metadata: { name: 'web-1', namespace: 'default', uid: 'u', creationTimestamp: '2026-11-29T06:00:00Z' },
  decision: {
    result: 'Scheduled', schedulerName: 'default-scheduler', time: '2026-11-29T06:00:00.000000Z', attempts: 1, selectedNode: selected,
    nodesTotal: 3, nodesEvaluated: 3, nodesFeasible: 2, nodesToFind: 3, scored: true, skippedPlugins: { filter: [], score: [] },
    scorePlugins: [{ name: 'NodeResourcesFit', weight: 1 }],
    nodes: [
      { name: selected, filter: { result: 'Passed' }, totalScore: 180, selected: true, scores: [{ plugin: 'NodeResourcesFit', weight: 1, raw: 80, normalized: 80, weighted: 80 }] },
      { name: 'node-b', filter: { result: 'Passed' }, totalScore: 120, scores: [{ plugin: 'NodeResourcesFit', weight: 1, raw: 20, normalized: 20, weighted: 20 }] },
      { name: 'node-c', filter: { result: 'Unschedulable', plugin: 'TaintToleration', reasons: ["node(s) had untolerated taint {gpu: yes}"] } },
    ],
  },
});

describe('SchedulingDecision', () => {
  it('explains every node: the chosen one, the scores, the filter that rejected the others; asks again when scheduling changes', async () => {
    let selected = 'node-a';
    const { api, wrapper } = await mountWithApp(SchedulingDecision, {
      props: { namespace: 'default', name: 'web-1', revision: 'node-a/True' },
      api: (a) => a.on('scheduler:decision', () => decision(selected)),
    });
    await flushPromises();
    const text = wrapper.text();
    expect(text).toContain('Scheduled on node-a');
    expect(text).toContain('3 of 3 nodes evaluated, 2 feasible');
    expect(text).toContain('Unschedulable by TaintToleration: node(s) had untolerated taint {gpu: yes}');
    const rows = wrapper.findAll('tr').map((r) => r.text());
    expect(rows[1]).toContain('★ node-a');
    expect(rows[1]).toContain('180');

    await wrapper.findAll('tr')[2].trigger('click');
    expect(wrapper.text()).toContain('NodeResourcesFit: 20 × 1 = 20');

    selected = 'node-b';
    await wrapper.setProps({ revision: 'node-b/True' });
    await flushPromises();
    expect(api.calls.filter((c) => c.channel === 'scheduler:decision')).toHaveLength(2);
    expect(wrapper.text()).toContain('Scheduled on node-b');
    wrapper.unmount();
  });

  it('says when there is no decision to show', async () => {
    const { wrapper } = await mountWithApp(SchedulingDecision, {
      props: { namespace: 'default', name: 'static-pod', revision: '' },
      api: (a) => a.on('scheduler:decision', () => { throw { code: 'NotFound', message: 'no scheduling decision recorded for default/static-pod' }; }),
    });
    await flushPromises();
    expect(wrapper.text()).toContain('No scheduling decision: no scheduling decision recorded for default/static-pod');
    wrapper.unmount();
  });
});

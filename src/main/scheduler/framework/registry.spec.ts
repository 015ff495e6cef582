import { describe, expect, it } from 'vitest';
import { buildFramework, DEFAULT_REGISTRY } from './registry.js';
import { SUCCESS, type FilterPlugin } from './types.js';

describe('buildFramework', () => {
  it('builds upstream\'s default profile: filters in order, scores with default weights', () => {
    const fw = buildFramework();
    expect(fw.filters.map((f) => f.name)).toEqual(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit']);
    expect(fw.scores.map((s) => [s.plugin.name, s.weight])).toEqual([
      ['TaintToleration', 3], ['NodeAffinity', 2], ['NodeResourcesFit', 1], ['NodeResourcesBalancedAllocation', 1], ['ImageLocality', 1],
    ]);
    expect(fw.preFilters.map((p) => p.name)).toEqual(['NodeAffinity', 'NodePorts']);
    expect(fw.preScores.map((p) => p.name)).toEqual(['TaintToleration', 'NodeAffinity', 'NodeResourcesBalancedAllocation']);
  });

  it('takes other plugins, weights and custom plugins', () => {
    const always = { name: 'Always', filter: () => SUCCESS } satisfies FilterPlugin;
    const fw = buildFramework({
      registry: { ...DEFAULT_REGISTRY, Always: () => always },
      filters: ['Always', 'NodeResourcesFit'],
      scores: [{ name: 'ImageLocality', weight: 5 }, { name: 'TaintToleration' }],
    });
    expect(fw.filters.map((f) => f.name)).toEqual(['Always', 'NodeResourcesFit']);
    expect(fw.scores.map((s) => [s.plugin.name, s.weight])).toEqual([['ImageLocality', 5], ['TaintToleration', 3]]);
  });

  it('rejects unknown plugins, wrong extension points and bad weights', () => {
    expect(() => buildFramework({ filters: ['Nope'] })).toThrow(/unknown plugin "Nope"/);
    expect(() => buildFramework({ filters: ['ImageLocality'] })).toThrow(/not a Filter plugin/);
    expect(() => buildFramework({ scores: [{ name: 'NodeName' }] })).toThrow(/not a Score plugin/);
    expect(() => buildFramework({ scores: [{ name: 'ImageLocality', weight: 0 }] })).toThrow(/positive integer/);
  });
});

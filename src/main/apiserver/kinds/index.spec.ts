import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object.js';
import { STRATEGIES, strategyFor } from './index.js';

describe('strategy index', () => {
  it('covers the sixteen served kinds', () => {
    expect(Object.keys(STRATEGIES)).toHaveLength(16);
    expect(strategyFor('', 'Pod')).toBe(STRATEGIES['/Pod']);
    expect(strategyFor('apps', 'Deployment')).toBe(STRATEGIES['apps/Deployment']);
    expect(strategyFor('apps', 'StatefulSet')).toBeUndefined();
  });

  it.each(Object.entries(STRATEGIES))('%s copes with an empty object', (_key, strategy) => {
    const probe = (): KubeObject => ({ metadata: {}, spec: {}, status: {} });
    expect(() => strategy.fieldSelectors?.(probe())).not.toThrow();
    const obj = probe();
    strategy.defaults?.(obj);
    const again = structuredClone(obj);
    strategy.defaults?.(again);
    expect(again).toEqual(obj);
    expect(() => strategy.validate?.(obj)).not.toThrow();
    expect(() => strategy.validateUpdate?.(obj, structuredClone(obj))).not.toThrow();
    if (strategy.table) {
      const cells = strategy.table.cells(obj, new Date());
      expect(cells).toHaveLength(strategy.table.columns.length);
    }
  });

  it('ServiceAccount prints SECRETS AGE', () => {
    const sa = STRATEGIES['/ServiceAccount'];
    const obj = { metadata: { name: 'default', creationTimestamp: '2024-05-01T11:59:58Z' }, secrets: [] } as KubeObject;
    expect(sa.table?.cells(obj, new Date('2024-05-01T12:00:00Z'))).toEqual([0, '2s']);
  });
});

/** Command-line parsing of simulated node capacity, labels and taints. */
import { describe, expect, it } from 'vitest';
import { parseCapacityFlag, parseLabelsFlag, parseTaintsFlag } from './simulated-node-flags.js';

describe('simulated node flags', () => {
  it('parses capacity over the defaults', () => {
    expect(parseCapacityFlag('cpu=8,memory=16Gi')).toEqual({ cpu: '8', memory: '16Gi', pods: 110 });
    expect(parseCapacityFlag('')).toEqual({ cpu: '4', memory: '8Gi', pods: 110 });
    expect(() => parseCapacityFlag('cpu=lots')).toThrow(/invalid capacity cpu=lots: not a quantity/);
  });

  it('parses labels and taints in kubectl syntax', () => {
    expect(parseLabelsFlag('pool=blue, tier=web')).toEqual({ pool: 'blue', tier: 'web' });
    expect(() => parseLabelsFlag('pool')).toThrow(/expected key=value/);
    expect(parseTaintsFlag('dedicated=gpu:NoSchedule,maintenance:NoExecute')).toEqual([
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'maintenance', effect: 'NoExecute' },
    ]);
    expect(() => parseTaintsFlag('a=b:Sometimes')).toThrow(/effect must be one of/);
    expect(() => parseTaintsFlag('a=b')).toThrow(/expected key\[=value\]:Effect/);
  });
});

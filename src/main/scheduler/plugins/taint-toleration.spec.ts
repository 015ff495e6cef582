import { describe, expect, it } from 'vitest';
import type { Taint } from '../api-types.js';
import { defaultNormalizeScore } from '../framework/normalize.js';
import { checkTaints, countIntolerablePreferNoSchedule, untoleratedTaintReason } from './taint-toleration.js';
import { toleratesTaint } from './tolerations.js';

const noSchedule: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
const noExecute: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const prefer: Taint = { key: 'spot', value: 'true', effect: 'PreferNoSchedule' };

describe('toleration matching', () => {
  it('Equal (and an empty operator) needs the same key and value', () => {
    expect(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, noSchedule)).toBe(true);
    expect(toleratesTaint({ key: 'dedicated', value: 'gpu' }, noSchedule)).toBe(true);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'cpu' }, noSchedule)).toBe(false);
    expect(toleratesTaint({ key: 'other', value: 'gpu' }, noSchedule)).toBe(false);
  });

  it('Exists matches any value; with an empty key it matches every taint', () => {
    expect(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, noSchedule)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists' }, noSchedule)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists' }, noExecute)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists', effect: 'NoExecute' }, noSchedule)).toBe(false);
  });

  it('an empty effect matches every effect; a set one must be equal', () => {
    expect(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, noSchedule)).toBe(true);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, noSchedule)).toBe(false);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Bogus' }, noSchedule)).toBe(false);
  });
});

describe('TaintToleration filter', () => {
  it('rejects an untolerated NoSchedule or NoExecute taint with upstream wording, unresolvable', () => {
    expect(checkTaints([noSchedule], [])).toMatchObject({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {dedicated: gpu}'] });
    expect(checkTaints([noExecute], undefined).reasons).toEqual(['node(s) had untolerated taint {node.kubernetes.io/unreachable: }']);
    expect(untoleratedTaintReason({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' })).toBe(
      'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    );
  });

  it('ignores PreferNoSchedule and tolerated taints', () => {
    expect(checkTaints([prefer], []).code).toBe('Success');
    expect(checkTaints([noSchedule, noExecute], [{ key: 'dedicated', value: 'gpu' }, { key: 'node.kubernetes.io/unreachable', operator: 'Exists' }]).code).toBe('Success');
  });

  it('reports the first untolerated taint', () => {
    expect(checkTaints([noSchedule, noExecute], [{ key: 'dedicated', operator: 'Exists' }]).reasons).toEqual([
      'node(s) had untolerated taint {node.kubernetes.io/unreachable: }',
    ]);
  });
});

describe('TaintToleration score', () => {
  it('counts untolerated PreferNoSchedule taints; fewer is better after reverse normalisation', () => {
    const two: Taint[] = [prefer, { key: 'slow', effect: 'PreferNoSchedule' }, noSchedule];
    expect(countIntolerablePreferNoSchedule(two, [])).toBe(2);
    expect(countIntolerablePreferNoSchedule(two, [{ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }])).toBe(1);
    const scores = Int32Array.from([2, 1, 0]);
    defaultNormalizeScore(scores, true);
    expect([...scores]).toEqual([0, 50, 100]);
  });
});

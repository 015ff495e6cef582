import { describe, expect, it } from 'vitest';
import type { NodeSelectorTerm } from '../api-types.js';
import { defaultNormalizeScore } from '../framework/normalize.js';
import { makePod } from '../testing/fixtures.js';
import { checkNodeAffinity, preferredNodeMatchers, preferredScore, requiredNodeMatcher } from './node-affinity.js';
import { compileTerm, compileTerms } from './node-selector.js';

const labels = { zone: 'a', disk: 'ssd', cores: '8' };
const match = (term: NodeSelectorTerm, l: Record<string, string> = labels, name = 'node-1') => compileTerm(term)(l, name);

describe('node selector terms', () => {
  it('supports In, NotIn, Exists, DoesNotExist', () => {
    expect(match({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] })).toBe(true);
    expect(match({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['c'] }] })).toBe(false);
    expect(match({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['c'] }] })).toBe(true);
    expect(match({ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['c'] }] })).toBe(true);
    expect(match({ matchExpressions: [{ key: 'disk', operator: 'Exists' }] })).toBe(true);
    expect(match({ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] })).toBe(true);
    expect(match({ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] })).toBe(false);
  });

  it('supports Gt and Lt on integer label values', () => {
    expect(match({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] })).toBe(true);
    expect(match({ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['4'] }] })).toBe(false);
    expect(match({ matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['4'] }] })).toBe(false); // not a number
    expect(match({ matchExpressions: [{ key: 'missing', operator: 'Lt', values: ['4'] }] })).toBe(false);
  });

  it('ANDs expressions within a term and ORs terms', () => {
    const both: NodeSelectorTerm = { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['hdd'] }] };
    expect(match(both)).toBe(false);
    const either = compileTerms([both, { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }]);
    expect(either(labels, 'node-1')).toBe(true);
  });

  it('matches the node name through matchFields metadata.name', () => {
    expect(match({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] })).toBe(true);
    expect(match({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }] })).toBe(false);
    expect(match({ matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['x'] }] })).toBe(false);
  });

  it('treats empty and malformed terms as matching nothing', () => {
    expect(match({})).toBe(false);
    expect(match({ matchExpressions: [{ key: 'zone', operator: 'In', values: [] }] })).toBe(false);
    expect(match({ matchExpressions: [{ key: 'zone', operator: 'Exists', values: ['a'] }] })).toBe(false);
    expect(match({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['1', '2'] }] })).toBe(false);
    expect(compileTerms([])(labels, 'node-1')).toBe(false);
  });
});

describe('NodeAffinity filter', () => {
  const reject = { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] };

  it('requires every nodeSelector label', () => {
    const m = requiredNodeMatcher(makePod('p', { nodeSelector: { zone: 'a', disk: 'ssd' } }).spec);
    expect(checkNodeAffinity(m, labels, 'n').code).toBe('Success');
    expect(checkNodeAffinity(m, { zone: 'a' }, 'n')).toMatchObject(reject);
  });

  it('requires nodeSelector and required affinity together', () => {
    const spec = makePod('p', {
      nodeSelector: { zone: 'a' },
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['nvme'] }] }] } },
    }).spec;
    expect(checkNodeAffinity(requiredNodeMatcher(spec), labels, 'n')).toMatchObject(reject);
  });

  it('has nothing to check for a pod without selector or required affinity', () => {
    expect(requiredNodeMatcher(makePod('p').spec)).toBeUndefined();
    expect(requiredNodeMatcher(makePod('p', { nodeSelector: {} }).spec)).toBeUndefined();
  });
});

describe('NodeAffinity score', () => {
  it('sums the weights of matching preferred terms, then normalises to the best node', () => {
    const spec = makePod('p', {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 80, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
          { weight: 20, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
          { weight: 0, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
          { weight: 50, preference: {} },
        ],
      },
    }).spec;
    const matchers = preferredNodeMatchers(spec);
    expect(matchers).toHaveLength(2);
    const scores = Int32Array.from([preferredScore(matchers, labels, 'a'), preferredScore(matchers, { disk: 'ssd' }, 'b'), preferredScore(matchers, {}, 'c')]);
    expect([...scores]).toEqual([100, 20, 0]);
    defaultNormalizeScore(scores, false);
    expect([...scores]).toEqual([100, 20, 0]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkNodeName } from './node-name.js';
import { checkUnschedulable } from './node-unschedulable.js';

describe('NodeUnschedulable', () => {
  it('rejects a cordoned node, unresolvably, with upstream wording', () => {
    expect(checkUnschedulable(true, [])).toMatchObject({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] });
    expect(checkUnschedulable(false, []).code).toBe('Success');
  });

  it('lets pods that tolerate node.kubernetes.io/unschedulable:NoSchedule through', () => {
    expect(checkUnschedulable(true, [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }]).code).toBe('Success');
    expect(checkUnschedulable(true, [{ operator: 'Exists' }]).code).toBe('Success');
    expect(checkUnschedulable(true, [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }]).code).not.toBe('Success');
  });
});

describe('NodeName', () => {
  it('fits only the named node', () => {
    expect(checkNodeName(undefined, 'a').code).toBe('Success');
    expect(checkNodeName('a', 'a').code).toBe('Success');
    expect(checkNodeName('a', 'b')).toMatchObject({ code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match the requested node name"] });
  });
});

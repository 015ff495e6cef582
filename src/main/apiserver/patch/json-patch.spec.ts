import { describe, expect, it } from 'vitest';
import { PatchError } from './errors.js';
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';
import type { JsonValue } from './json-value.js';

function failure(document: JsonValue, operations: unknown): PatchError {
  try {
    applyJsonPatch(document, operations);
  } catch (err) {
    expect(err).toBeInstanceOf(PatchError);
    return err as PatchError;
  }
  throw new Error('expected a PatchError');
}

describe('applyJsonPatch (RFC 6902)', () => {
  const doc = { metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } }, spec: { replicas: 1, args: ['a', 'b'] } };

  it('add sets members, inserts at an index and appends with "-"', () => {
    expect(
      applyJsonPatch(doc, [
        { op: 'add', path: '/spec/paused', value: true },
        { op: 'add', path: '/spec/args/1', value: 'x' },
        { op: 'add', path: '/spec/args/-', value: 'z' },
        { op: 'add', path: '/spec/replicas', value: 2 },
      ]),
    ).toEqual({ metadata: doc.metadata, spec: { replicas: 2, args: ['a', 'x', 'b', 'z'], paused: true } });
  });

  it('unescapes ~1 and ~0 in paths', () => {
    const result = applyJsonPatch({ m: { 'a~b': 1 } }, [
      { op: 'replace', path: '/m/a~0b', value: 2 },
      { op: 'add', path: '/m/kubernetes.io~1name', value: 'x' },
    ]);
    expect(result).toEqual({ m: { 'a~b': 2, 'kubernetes.io/name': 'x' } });
  });

  it('remove, replace, move and copy', () => {
    expect(
      applyJsonPatch(doc, [
        { op: 'remove', path: '/metadata/labels/app.kubernetes.io~1name' },
        { op: 'replace', path: '/spec/args/0', value: 'A' },
        { op: 'copy', from: '/spec/args', path: '/spec/command' },
        { op: 'move', from: '/spec/replicas', path: '/spec/count' },
      ]),
    ).toEqual({ metadata: { name: 'web', labels: {} }, spec: { args: ['A', 'b'], command: ['A', 'b'], count: 1 } });
  });

  it('replaces or adds the whole document at path ""', () => {
    expect(applyJsonPatch(doc, [{ op: 'replace', path: '', value: { a: 1 } }])).toEqual({ a: 1 });
    expect(applyJsonPatch(doc, [{ op: 'add', path: '', value: [1] }])).toEqual([1]);
  });

  it('test passes on equal values (object key order does not matter)', () => {
    expect(applyJsonPatch(doc, [{ op: 'test', path: '/metadata', value: { labels: { 'app.kubernetes.io/name': 'web' }, name: 'web' } }])).toEqual(doc);
  });

  it('test of a missing member against null passes, as in the API server', () => {
    expect(applyJsonPatch(doc, [{ op: 'test', path: '/spec/paused', value: null }])).toEqual(doc);
  });

  it('a failing test is a 422 naming the operation index and path, and nothing is applied', () => {
    const err = failure(doc, [
      { op: 'replace', path: '/spec/replicas', value: 5 },
      { op: 'test', path: '/metadata/name', value: 'api' },
    ]);
    expect([err.status, err.kind, err.reason]).toEqual([422, 'invalid', 'Invalid']);
    expect(err.message).toBe('json patch operation 1 (test) at path "/metadata/name": test failed: the value is "web", expected "api"');
    expect(doc.spec.replicas).toBe(1);
  });

  it.each([
    [[{ op: 'remove', path: '/spec/missing' }], /operation 0 \(remove\) at path "\/spec\/missing": cannot remove "missing": it does not exist/],
    [[{ op: 'replace', path: '/spec/missing', value: 1 }], /cannot replace "missing": it does not exist/],
    [[{ op: 'add', path: '/nope/x', value: 1 }], /operation 0 \(add\) at path "\/nope\/x": the parent path does not exist/],
    [[{ op: 'add', path: '/spec/args/3', value: 'x' }], /"3" is not a valid index for an array of length 2/],
    [[{ op: 'add', path: '/spec/args/01', value: 'x' }], /"01" is not a valid index/],
    [[{ op: 'remove', path: '/spec/args/-' }], /"-" is not an existing index/],
    [[{ op: 'add', path: '/spec/replicas/x', value: 1 }], /the parent of the target is a number/],
    [[{ op: 'add', path: 'spec', value: 1 }], /must be empty or start with "\/"/],
    [[{ op: 'add', path: '/a~2b', value: 1 }], /"~" must be followed by 0 or 1/],
    [[{ op: 'move', from: '/spec', path: '/spec/inner' }], /cannot move "\/spec" into its own child/],
    [[{ op: 'copy', from: '/nope', path: '/x' }], /the from location does not exist/],
    [[{ op: 'frobnicate', path: '/x' }], /operation 0 \(frobnicate\) at path "\/x": unknown op "frobnicate"/],
    [[{ path: '/x' }], /operation 0 \(missing op\)/],
    [[{ op: 'add', path: '/x' }], /"value" is required/],
    [[{ op: 'remove', path: '' }], /cannot remove the whole document/],
    [[{ op: 'test', path: '/spec/none/deeper', value: null }], /the parent path does not exist/],
    [[{ op: 'test', path: '/spec/args/5', value: null }], /"5" is not an existing index/],
  ])('%j fails with a 422 that says why', (operations, message) => {
    const err = failure(doc, operations);
    expect(err.status).toBe(422);
    expect(err.message).toMatch(message);
  });

  it('a body that is not an array of operation objects is a 400', () => {
    expect(failure(doc, { op: 'add' }).status).toBe(400);
    expect(failure(doc, [1]).status).toBe(400);
  });

  it(`more than ${MAX_JSON_PATCH_OPERATIONS} operations is a 413`, () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '', value: {} }));
    const err = failure({}, ops);
    expect(err.status).toBe(413);
    expect(err.message).toBe(`The allowed maximum operations in a JSON patch is 10000, got ${MAX_JSON_PATCH_OPERATIONS + 1}`);
  });

  it('applies kubectl rollout undo: replace /spec/template and /metadata/annotations', () => {
    const deployment = {
      metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '2' } },
      spec: { replicas: 3, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } },
    };
    const previous = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1' }] } };
    const result = applyJsonPatch(deployment, [
      { op: 'replace', path: '/spec/template', value: previous },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '2', 'kubernetes.io/change-cause': 'rollback' } },
    ]);
    expect(result).toEqual({
      metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '2', 'kubernetes.io/change-cause': 'rollback' } },
      spec: { replicas: 3, template: previous },
    });
  });

  it('never modifies the document or the operations, and shares no objects with them', () => {
    const value = { nested: [1] };
    const original = { a: { b: [1, 2] } };
    const ops = [
      { op: 'add', path: '/v', value },
      { op: 'copy', from: '/a', path: '/c' },
    ];
    const snapshot = JSON.stringify([original, ops]);
    const result = applyJsonPatch(original, ops) as { v: { nested: number[] }; a: { b: number[] }; c: { b: number[] } };
    result.v.nested.push(2);
    result.a.b.push(3);
    result.c.b.push(4);
    expect(JSON.stringify([original, ops])).toBe(snapshot);
  });
});

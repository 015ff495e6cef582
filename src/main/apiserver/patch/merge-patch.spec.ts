import { describe, expect, it } from 'vitest';
import { mergePatch } from './merge-patch.js';
import type { JsonValue } from './json-value.js';

describe('mergePatch (RFC 7386)', () => {
  // The examples of RFC 7386 Appendix A.
  const cases: [JsonValue, JsonValue, JsonValue][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(cases)('%j patched with %j is %j', (target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });

  it('drops null members inside new values, including objects in arrays (as the API server does)', () => {
    expect(mergePatch({}, { list: [{ a: 1, b: null }, null] })).toEqual({ list: [{ a: 1 }, null] });
  });

  it('applies kubectl scale: {"spec":{"replicas":3}}', () => {
    expect(mergePatch({ metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } } } }, { spec: { replicas: 3 } })).toEqual({
      metadata: { name: 'web' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } } },
    });
  });

  it('applies kubectl label and annotate, including removal with null (label app-, annotate note-)', () => {
    const pod = { metadata: { name: 'p', labels: { app: 'web', tier: 'fe' }, annotations: { note: 'x' } } };
    expect(mergePatch(pod, { metadata: { labels: { env: 'prod', tier: null } } })).toEqual({
      metadata: { name: 'p', labels: { app: 'web', env: 'prod' }, annotations: { note: 'x' } },
    });
    expect(mergePatch(pod, { metadata: { annotations: { note: null, owner: 'me' } } })).toEqual({
      metadata: { name: 'p', labels: { app: 'web', tier: 'fe' }, annotations: { owner: 'me' } },
    });
  });

  it('replaces lists whole (CRD apply falls back to merge patch)', () => {
    expect(mergePatch({ spec: { items: [1, 2, 3] } }, { spec: { items: [4] } })).toEqual({ spec: { items: [4] } });
  });

  it('never modifies its inputs and shares no objects with them', () => {
    const target = Object.freeze({ a: Object.freeze({ b: 1 }), keep: Object.freeze({ c: Object.freeze([1]) }) });
    const patch = Object.freeze({ a: Object.freeze({ d: 2 }), list: Object.freeze([Object.freeze({ x: 1 })]) });
    const result = mergePatch(target as unknown as JsonValue, patch as unknown as JsonValue) as unknown as { a: { b: number; d: number }; keep: { c: number[] }; list: { x: number }[] };
    expect(result).toEqual({ a: { b: 1, d: 2 }, keep: { c: [1] }, list: [{ x: 1 }] });
    result.keep.c.push(2);
    result.list[0].x = 9;
    expect(target.keep.c).toEqual([1]);
    expect(patch.list[0].x).toBe(1);
  });

  it('stores a key named __proto__ as data, not as the prototype', () => {
    const result = mergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}') as JsonValue) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['__proto__']);
    expect((result as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

/**
 * Strategic merge patch directives and edge cases, checked against the behaviour of upstream's
 * strategic patch tests (apimachinery `strategicpatch/patch_test.go`), on a `MergeItem` test type:
 * `mergingList` merges by `name`, `mergingIntList` is a merge set, `nonMerging*` lists replace.
 */
import { describe, expect, it } from 'vitest';
import { PatchError } from './errors.js';
import { strategicMergePatch } from './strategic-merge-patch.js';
import { resolveTestDefinition } from './test-definitions.js';
import type { JsonObject, JsonValue } from './json-value.js';

const apply = (original: JsonObject, patch: JsonValue) => strategicMergePatch(original, patch, 'MergeItem', resolveTestDefinition);
const names = (list: JsonValue) => (list as JsonObject[]).map((e) => e.name);

function expectPatchError(fn: () => unknown, status: number, message: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PatchError);
    expect((err as PatchError).status).toBe(status);
    expect((err as PatchError).message).toMatch(message);
    return;
  }
  throw new Error('expected a PatchError');
}

describe('maps', () => {
  it('merges, deletes with null, and treats deleting a missing key as a no-op', () => {
    expect(apply({ name: '1', simpleMap: { a: '1', b: '1' } }, { value: '1', simpleMap: { b: null, c: '3' }, other: null })).toEqual({
      name: '1',
      value: '1',
      simpleMap: { a: '1', c: '3' },
    });
  });

  it('$patch: replace keeps only the patch content of that map', () => {
    expect(apply({ name: '1', value: '1' }, { other: 'a', $patch: 'replace' })).toEqual({ other: 'a' });
    expect(apply({ simpleMap: { a: '1' } }, { simpleMap: { b: '2', $patch: 'replace' } })).toEqual({ simpleMap: { b: '2' } });
  });

  it('$patch: delete empties the map, as upstream does', () => {
    expect(apply({ name: '1', simpleMap: { key1: '1', key2: '1' } }, { simpleMap: { $patch: 'delete' } })).toEqual({ name: '1', simpleMap: {} });
  });

  it('$patch: delete on a map the object does not have stores nothing', () => {
    expect(apply({ name: '1' }, { simpleMap: { $patch: 'delete' } })).toEqual({ name: '1' });
  });

  it('rejects $patch: merge and unknown $patch values on a map (500 as upstream)', () => {
    expectPatchError(() => apply({ simpleMap: {} }, { simpleMap: { $patch: 'merge', a: '1' } }), 500, /unknown patch type "merge" at simpleMap/);
    expectPatchError(() => apply({}, { $patch: 'nope' }), 500, /unknown patch type "nope" at the top level/);
  });

  it('a field with patchStrategy replace is replaced whole', () => {
    expect(apply({ replacingItem: { name: 'a', value: 'b' } }, { replacingItem: { other: 'c' } })).toEqual({ replacingItem: { other: 'c' } });
  });

  it('a value of another type replaces the old value (a map for a list)', () => {
    expect(apply({ mergingList: [{ name: '1' }, { name: '1' }] }, { mergingList: {} })).toEqual({ mergingList: {} });
  });

  it('new values lose nested nulls and directives (upstream #117568)', () => {
    expect(
      apply({}, { mergeItemPtr: null, free: { a: null, b: [{ c: null, d: 1 }] }, mergingList: [{ name: '1', value: null }, { name: '2', $patch: 'delete' }] }),
    ).toEqual({ free: { b: [{ d: 1 }] }, mergingList: [{ name: '1' }] });
  });
});

describe('$retainKeys', () => {
  it('clears the keys it does not list', () => {
    expect(apply({ retainKeysMap: { name: 'foo', value: 'a', other: 'x' } }, { retainKeysMap: { $retainKeys: ['name', 'other'], other: 'y' } })).toEqual({
      retainKeysMap: { name: 'foo', other: 'y' },
    });
  });

  it('without the directive a retainKeys field merges normally', () => {
    expect(apply({ retainKeysMap: { name: 'foo', value: 'a' } }, { retainKeysMap: { value: 'b' } })).toEqual({ retainKeysMap: { name: 'foo', value: 'b' } });
    expect(apply({ retainKeysMap: { name: 'foo', value: 'a' } }, { retainKeysMap: {} })).toEqual({ retainKeysMap: { name: 'foo', value: 'a' } });
  });

  it('rejects a patch that sets a key it does not retain, or a $retainKeys that is not a list (400)', () => {
    expectPatchError(() => apply({ retainKeysMap: {} }, { retainKeysMap: { $retainKeys: ['name'], value: 'b' } }), 400, /retainKeys at retainKeysMap: the patch sets "value"/);
    expectPatchError(() => apply({ retainKeysMap: {} }, { retainKeysMap: { $retainKeys: 'name' } }), 400, /\$retainKeys must be a list/);
  });
});

describe('lists merged by key', () => {
  it('merges elements by key and appends new ones', () => {
    expect(apply({ mergingList: [{ name: '1', value: 'a' }, { name: '2' }] }, { mergingList: [{ name: '1', other: 'x' }] })).toEqual({
      mergingList: [{ name: '1', value: 'a', other: 'x' }, { name: '2' }],
    });
  });

  it('keeps the order of the patch for the elements it names (upstream "preserve the order from the patch")', () => {
    const original: JsonObject = { mergingList: [{ name: '1' }, { name: '2', value: 'b' }, { name: '3' }] };
    expect(apply(original, { mergingList: [{ name: '3', value: 'c' }, { name: '1', value: 'a' }, { name: '2', other: 'x' }] })).toEqual({
      mergingList: [{ name: '3', value: 'c' }, { name: '1', value: 'a' }, { name: '2', value: 'b', other: 'x' }],
    });
    expect(names(apply(original, { mergingList: [{ name: '3', value: 'c' }, { name: '1', value: 'a' }] }).mergingList)).toEqual(['2', '3', '1']);
  });

  it('takes the patch list when the object has no list yet, or an empty one', () => {
    expect(apply({}, { mergingList: [{ name: '1' }, { name: '2' }] })).toEqual({ mergingList: [{ name: '1' }, { name: '2' }] });
    expect(apply({ mergingList: [] }, { mergingList: [{ name: '1' }] })).toEqual({ mergingList: [{ name: '1' }] });
    expect(apply({ mergingList: [] }, { mergingList: [] })).toEqual({ mergingList: [] });
  });

  it('$patch: delete removes every element with that key; deleting a missing element is a no-op', () => {
    const original: JsonObject = { mergingList: [{ name: '1' }, { name: '1' }, { name: '2', value: 'a' }, { name: '3' }] };
    expect(apply(original, { mergingList: [{ name: '1', $patch: 'delete' }, { name: '9', $patch: 'delete' }] })).toEqual({
      mergingList: [{ name: '2', value: 'a' }, { name: '3' }],
    });
  });

  it('$patch: replace inside a list replaces the list with the other elements', () => {
    expect(apply({ mergingList: [{ name: '1' }, { name: '2' }] }, { mergingList: [{ $patch: 'replace' }] })).toEqual({ mergingList: [] });
    expect(apply({ mergingList: [{ name: '1', value: 'a' }] }, { mergingList: [{ name: '3', value: 'c' }, { $patch: 'replace' }, { name: '2' }] })).toEqual({
      mergingList: [{ name: '3', value: 'c' }, { name: '2' }],
    });
  });

  it('rejects elements without the merge key (500 as upstream)', () => {
    expectPatchError(() => apply({ mergingList: [{ name: '1', value: 'a' }] }, { mergingList: [{ value: 'b' }] }), 500, /mergingList\[0\]: .* does not contain declared merge key "name"/);
    expectPatchError(() => apply({ mergingList: [{ name: '1' }] }, { mergingList: [{ $patch: 'delete', value: 'b' }] }), 500, /declared merge key "name"/);
  });

  it('rejects $patch: merge and unknown $patch values in a list', () => {
    expectPatchError(() => apply({ mergingList: [{ name: '1' }] }, { mergingList: [{ name: '1', $patch: 'merge' }] }), 500, /merging lists cannot yet be specified/);
    expectPatchError(() => apply({ mergingList: [{ name: '1' }] }, { mergingList: [{ name: '1', $patch: 'oops' }] }), 500, /unknown patch type "oops" at mergingList\[0\]/);
  });

  it('rejects a merge list of objects whose schema has no merge key', () => {
    expectPatchError(() => apply({ mergingListWithoutKey: [{ name: '1' }] }, { mergingListWithoutKey: [{ name: '2' }] }), 500, /without merge key at mergingListWithoutKey/);
  });

  it('merges nested merge lists inside elements', () => {
    const original: JsonObject = { mergingList: [{ name: '1', mergingList: [{ name: 'a', value: '1' }, { name: 'b' }] }] };
    expect(apply(original, { mergingList: [{ name: '1', mergingList: [{ name: 'a', value: null, other: 'x' }] }] })).toEqual({
      mergingList: [{ name: '1', mergingList: [{ name: 'a', other: 'x' }, { name: 'b' }] }],
    });
  });

  it('replaces a non-merging list nested in a merging list', () => {
    const original: JsonObject = { mergingList: [{ name: '1', nonMergingList: [{ name: '1' }, { name: '2', value: '2' }] }, { name: '2' }] };
    expect(apply(original, { mergingList: [{ name: '1', nonMergingList: [{ name: '1', value: '1' }] }] })).toEqual({
      mergingList: [{ name: '1', nonMergingList: [{ name: '1', value: '1' }] }, { name: '2' }],
    });
  });
});

describe('lists of primitives', () => {
  it('a merge list is a set: union without duplicates, patch order for the values it names', () => {
    expect(apply({ mergingIntList: [1, 2] }, { mergingIntList: [2, 3] })).toEqual({ mergingIntList: [1, 2, 3] });
    expect(apply({ mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1, 2] })).toEqual({ mergingIntList: [3, 1, 2] });
    expect(apply({ mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1] })).toEqual({ mergingIntList: [2, 3, 1] });
  });

  it('a list without a strategy is replaced', () => {
    expect(apply({ nonMergingIntList: [1, 2] }, { nonMergingIntList: [2, 3] })).toEqual({ nonMergingIntList: [2, 3] });
  });

  it('$deleteFromPrimitiveList removes every copy of the listed values', () => {
    expect(apply({ mergingIntList: [1, 2, 3, 3, 4] }, { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] })).toEqual({
      mergingIntList: [1, 2, 4],
    });
  });

  it('$deleteFromPrimitiveList on a list the object does not have is a no-op', () => {
    expect(apply({ name: 'x' }, { '$deleteFromPrimitiveList/mergingIntList': [3] })).toEqual({ name: 'x' });
  });

  it('adds and deletes in one patch', () => {
    expect(
      apply({ mergingIntList: [1, 2, 3] }, { '$setElementOrder/mergingIntList': [1, 2, 4], '$deleteFromPrimitiveList/mergingIntList': [3], mergingIntList: [4] }),
    ).toEqual({ mergingIntList: [1, 2, 4] });
  });

  it('a null $deleteFromPrimitiveList removes the whole list, as upstream', () => {
    expect(apply({ name: 'x', mergingIntList: [1, 2] }, { '$deleteFromPrimitiveList/mergingIntList': null })).toEqual({ name: 'x' });
  });

  it('rejects a malformed directive key (400)', () => {
    expectPatchError(() => apply({ mergingIntList: [1] }, { $deleteFromPrimitiveList: [1] }), 400, /invalid patch format of primitive list/);
    expectPatchError(() => apply({ mergingIntList: [1] }, { '$setElementOrderX/mergingIntList': [1] }), 400, /invalid patch format of setElementOrder list/);
  });
});

describe('$setElementOrder', () => {
  it('reorders a list the patch does not otherwise change, ignoring listed elements that do not exist', () => {
    expect(apply({ mergingIntList: [1, 3] }, { '$setElementOrder/mergingIntList': [3, 2, 1] })).toEqual({ mergingIntList: [3, 1] });
    expect(apply({ mergingList: [{ name: '1' }, { name: '3' }] }, { '$setElementOrder/mergingList': [{ name: '3' }, { name: '2' }, { name: '1' }] })).toEqual({
      mergingList: [{ name: '3' }, { name: '1' }],
    });
  });

  it('places added elements by the order list and keeps server-only elements in place', () => {
    const current: JsonObject = { mergingList: [{ name: '1', other: 'a' }, { name: '2', value: '2', other: 'b' }] };
    const patch = {
      '$setElementOrder/mergingList': [{ name: '4' }, { name: '1' }, { name: '2' }, { name: '3' }],
      mergingList: [{ name: '4', value: '4' }, { name: '3', value: '3' }],
    };
    expect(names(apply(current, patch).mergingList)).toEqual(['4', '1', '2', '3']);
  });

  it('orders additions after server-only elements that survive deletions (upstream "add map and delete map")', () => {
    const patch: JsonObject = { '$setElementOrder/mergingList': [{ name: '2' }, { name: '3' }], mergingList: [{ name: '3' }, { name: '1', $patch: 'delete' }] };
    expect(apply({ mergingList: [{ name: '1' }, { name: '2', other: 'b' }, { name: '4', other: 'c' }] }, patch)).toEqual({
      mergingList: [{ name: '2', other: 'b' }, { name: '4', other: 'c' }, { name: '3' }],
    });
    const conflict: JsonObject = { '$setElementOrder/mergingList': [{ name: '2' }, { name: '3' }], mergingList: [{ name: '2' }, { name: '3' }, { name: '1', $patch: 'delete' }] };
    expect(names(apply({ mergingList: [{ name: '1', other: 'a' }, { name: '4', other: 'c' }] }, conflict).mergingList)).toEqual(['4', '2', '3']);
  });

  it('stores a list that only the patch has, without its directive elements', () => {
    expect(apply({}, { '$setElementOrder/mergingList': [{ name: 'b' }, { name: 'a' }], mergingList: [{ name: 'b' }, { name: 'x', $patch: 'delete' }, { name: 'a' }] })).toEqual({
      mergingList: [{ name: 'b' }, { name: 'a' }],
    });
  });

  it('rejects an order list that does not match the patch list', () => {
    const original: JsonObject = { mergingList: [{ name: '1' }, { name: '3' }, { name: '2' }] };
    expectPatchError(
      () => apply(original, { '$setElementOrder/mergingList': [{ name: '1' }, { name: '2' }, { name: '3' }], mergingList: [{ name: '3', value: '3' }, { name: '1', value: '1' }] }),
      500,
      /^mergingList: the order in patch list .* doesn't match \$setElementOrder list/,
    );
    expectPatchError(() => apply({ mergingIntList: [1, 3, 2] }, { '$setElementOrder/mergingIntList': [1, 2, 3], mergingIntList: [3, 1] }), 500, /doesn't match/);
  });

  it('rejects ordering a field that is not a list', () => {
    expectPatchError(() => apply({ mergingList: { name: 'x' } }, { '$setElementOrder/mergingList': [{ name: 'x' }] }), 500, /mergingList: \$setElementOrder needs a list, but the live object has/);
  });

  it('rejects order entries without the merge key and order lists that are not lists', () => {
    expectPatchError(() => apply({ mergingList: [{ name: '1' }] }, { '$setElementOrder/mergingList': [{ value: '1' }] }), 500, /does not contain declared merge key "name"/);
    expectPatchError(() => apply({ mergingList: [] }, { '$setElementOrder/mergingList': 'name' }), 400, /must be a list/);
  });
});

describe('fields without schema information', () => {
  it('merge like a JSON merge patch: maps merge, lists replace', () => {
    expect(apply({ free: { a: 1, list: [1, 2], nested: { x: 1 } } }, { free: { list: [3], nested: { y: 2 } } })).toEqual({
      free: { a: 1, list: [3], nested: { x: 1, y: 2 } },
    });
    const unknownRoot = strategicMergePatch({ items: [{ name: 'a' }], m: { k: 1 } }, { items: [{ name: 'b' }], m: { j: 2 } }, 'NoSuchType', resolveTestDefinition);
    expect(unknownRoot).toEqual({ items: [{ name: 'b' }], m: { k: 1, j: 2 } });
  });

  it('ignore $setElementOrder for a field the schema does not know', () => {
    expect(apply({ free: { l: [1, 2] } }, { free: { '$setElementOrder/l': [2, 1], l: [2, 1] } })).toEqual({ free: { l: [2, 1] } });
  });
});

describe('schema errors', () => {
  it('reports a patch strategy the schema should not contain', () => {
    const resolve = (name: string) =>
      name === 'Odd' ? { name: 'Odd', properties: { list: { type: 'array' as const, items: { type: 'string' as const }, patchStrategy: 'merge,replace' as 'merge' } } } : undefined;
    expectPatchError(() => strategicMergePatch({ list: ['a'] }, { list: ['b'] }, 'Odd', resolve), 500, /field "list" of Odd has an unexpected patch strategy "merge,replace"/);
  });
});

describe('malformed lists and patches', () => {
  it('rejects lists of lists (422) and lists with mixed element types (500)', () => {
    expectPatchError(() => apply({ mergingListOfLists: [['a']] }, { mergingListOfLists: [['b']] }), 422, /lists of lists are not supported/);
    expectPatchError(() => apply({ mergingIntList: [1] }, { mergingIntList: ['a'] }), 500, /list element types are not identical/);
  });

  it('rejects a patch that is not a JSON object (400)', () => {
    expectPatchError(() => apply({}, [{ op: 'add' }]), 400, /must be a JSON object/);
    expectPatchError(() => apply({}, null), 400, /must be a JSON object/);
  });
});

/**
 * Merging a list whose field has `patchStrategy: merge` (upstream `mergeSlice`):
 * - primitives are a set: the union keeps each value once; `$deleteFromPrimitiveList` removes values;
 * - objects merge element by element on `patchMergeKey`; a patch element `{<key>: v, $patch: delete}`
 *   removes every element with that key, and a `{$patch: replace}` element makes the rest of the
 *   patch list replace the live list.
 */
import { normalizeElementOrder, mergeKeyOf, partitionByPresence, primitiveKey } from './element-order.js';
import { PatchError } from './errors.js';
import { DIRECTIVE_MARKER, materializeObject, where } from './strategic-directives.js';
import { describeJson, hasMember, isJsonObject, jsonKind, type JsonObject, type JsonValue } from './json-value.js';
import type { ObjectShape } from './strategic-schema.js';

/** What a list merge needs from its caller. */
export interface ListMergeContext {
  /** The field's merge key, required for lists of objects. */
  mergeKey: string | undefined;
  /** Shape of the list's elements, for merging two elements. */
  elementShape: ObjectShape;
  /** Path of the list field, for messages. */
  path: string;
  /** Merges a patch element into a live element (owned by the merge, so it may be modified). */
  mergeElement(original: JsonObject, patch: JsonObject, shape: ObjectShape, path: string): JsonObject;
}

export interface ListMergeResult {
  merged: JsonValue[];
  /**
   * The live list as upstream's later `$setElementOrder` step sees it. Upstream deletes elements in
   * place and appends new ones to the same Go slice, so that step orders by "survivors, then
   * additions", cut to the live list's length. Reproducing this keeps the element order kubectl
   * users observe (e.g. a server-only element stays ahead of an element the apply adds).
   */
  serverOrder: JsonValue[];
}

/**
 * Merges `patch` into the live list `original` (whose elements the merge owns); with `deleteList`,
 * `patch` is a `$deleteFromPrimitiveList` list. Throws `PatchError` for lists of lists, mixed
 * element types, and elements without their merge key.
 */
export function mergeList(original: JsonValue[], patch: JsonValue[], ctx: ListMergeContext, deleteList: boolean): ListMergeResult {
  if (original.length === 0 && patch.length === 0) return { merged: original, serverOrder: original };
  const kind = elementKind(original, patch, ctx.path);
  if (kind !== 'object') {
    if (deleteList) return { merged: original.filter((v) => !patch.includes(v)), serverOrder: original };
    const merged = [...new Set([...original, ...patch])];
    const [inPatch, serverOnly] = partitionByPresence(merged, patch, primitiveKey);
    return { merged: normalizeElementOrder(inPatch, serverOnly, patch, original, primitiveKey), serverOrder: original };
  }
  const mergeKey = ctx.mergeKey;
  if (!mergeKey) {
    throw new PatchError(`cannot merge lists without merge key${where(ctx.path)}: the schema gives this list of objects no patchMergeKey`, 500);
  }
  const keyOf = mergeKeyOf(mergeKey);
  const { survivors, plain, replace } = applyElementDirectives(original, patch as JsonObject[], mergeKey, ctx.path);
  if (replace) {
    const merged = plain.map((p) => materializeObject(p.element));
    requireMergeKeys(merged, mergeKey, ctx.path);
    return { merged, serverOrder: original };
  }

  const working: JsonValue[] = [...survivors];
  for (const { element, index } of plain) {
    const at = working.findIndex((candidate) => keyOf(candidate) === element[mergeKey]);
    const elementPath = `${ctx.path}[${index}]`;
    if (at >= 0) {
      working[at] = ctx.mergeElement(working[at] as JsonObject, element, ctx.elementShape, elementPath);
    } else {
      working.push(ctx.mergeElement({}, element, ctx.elementShape, elementPath));
    }
  }
  requireMergeKeys(working, mergeKey, ctx.path);
  const patchOrder = plain.map((p) => p.element);
  const [inPatch, serverOnly] = partitionByPresence(working, patchOrder, keyOf);
  return {
    merged: normalizeElementOrder(inPatch, serverOnly, patchOrder, survivors, keyOf),
    serverOrder: working.slice(0, original.length),
  };
}

interface PlainElement {
  element: JsonObject;
  /** Position in the patch list, for messages. */
  index: number;
}

/** Applies `$patch` list elements: deletions by key, and whether the list is to be replaced. */
function applyElementDirectives(original: JsonValue[], patch: JsonObject[], mergeKey: string, path: string) {
  const keyOf = mergeKeyOf(mergeKey);
  let survivors = original;
  let replace = false;
  const plain: PlainElement[] = [];
  patch.forEach((element, index) => {
    if (!hasMember(element, DIRECTIVE_MARKER)) {
      if (!hasMember(element, mergeKey)) throw missingMergeKey(element, mergeKey, `${path}[${index}]`);
      plain.push({ element, index });
      return;
    }
    const directive = element[DIRECTIVE_MARKER];
    if (directive === 'delete') {
      if (!hasMember(element, mergeKey)) throw missingMergeKey(element, mergeKey, `${path}[${index}]`);
      survivors = survivors.filter((candidate) => keyOf(candidate) !== element[mergeKey]);
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      const why = 'use "replace" or "delete", lists merge by default';
      throw new PatchError(`merging lists cannot yet be specified in the patch${where(`${path}[${index}]`)}: ${why}`, 500);
    } else {
      const why = '$patch in a list element must be "replace" or "delete"';
      throw new PatchError(`unknown patch type ${describeJson(directive)}${where(`${path}[${index}]`)}: ${why}`, 500);
    }
  });
  return { survivors, plain, replace };
}

/** Every element of a merged list of objects must carry the merge key (upstream `partitionMapsByPresentInList`). */
function requireMergeKeys(list: JsonValue[], mergeKey: string, path: string): void {
  list.forEach((element, index) => {
    if (!isJsonObject(element) || !hasMember(element, mergeKey)) throw missingMergeKey(element, mergeKey, `${path}[${index}]`);
  });
}

export function missingMergeKey(element: JsonValue, mergeKey: string, path: string): PatchError {
  return new PatchError(
    `${path}: element ${describeJson(element)} does not contain declared merge key "${mergeKey}" (elements of this list are merged by "${mergeKey}")`,
    500,
  );
}

/** The common JSON kind of all elements; lists of lists are rejected (422), mixed kinds too (500). */
function elementKind(original: JsonValue[], patch: JsonValue[], path: string): string {
  const kinds = new Set([...original, ...patch].map(jsonKind));
  if (kinds.size > 1) {
    throw new PatchError(`list element types are not identical${where(path)}: found ${[...kinds].join(' and ')} elements`, 500);
  }
  const [kind] = kinds;
  if (kind === 'array') throw new PatchError(`lists of lists are not supported${where(path)}`, 422);
  return kind;
}

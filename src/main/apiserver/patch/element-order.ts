/**
 * Element order of merged lists, as upstream strategic merge patch computes it
 * (`normalizeElementOrder` and `mergeSortedSlice` in apimachinery `strategicpatch/patch.go`; design:
 * "preserve order in strategic merge patch"). Precedence: `$setElementOrder` (or the patch list's
 * own order) for the elements the patch names, then the live list's order for the others.
 *
 * A notable consequence, kept on purpose because real clusters behave this way: without
 * `$setElementOrder`, an element the patch adds is placed before the server-only elements that
 * follow it in the merge (a hand-written `kubectl patch` that adds a container puts it first).
 */
import type { JsonValue } from './json-value.js';

/** What identifies an element: its merge-key value for lists of objects, the value itself for primitives. */
export type ElementKey = (item: JsonValue) => unknown;

/** The identity of primitives. */
export const primitiveKey: ElementKey = (item) => item;

/** The merge-key value of an object element (`undefined` when absent or not an object, like Go's nil). */
export function mergeKeyOf(mergeKey: string): ElementKey {
  return (item) =>
    item !== null && typeof item === 'object' && !Array.isArray(item) && Object.prototype.hasOwnProperty.call(item, mergeKey)
      ? item[mergeKey]
      : undefined;
}

/** Index of the first element of `list` with the same key as `item`, or -1. */
export function indexByKey(list: readonly JsonValue[], item: JsonValue, keyOf: ElementKey): number {
  const key = keyOf(item);
  return list.findIndex((candidate) => keyOf(candidate) === key);
}

/** Splits `items` into those whose key appears in `by` and the rest, each keeping its order. */
export function partitionByPresence(items: readonly JsonValue[], by: readonly JsonValue[], keyOf: ElementKey): [JsonValue[], JsonValue[]] {
  const present = new Set(by.map(keyOf));
  const inBy: JsonValue[] = [];
  const rest: JsonValue[] = [];
  for (const item of items) (present.has(keyOf(item)) ? inBy : rest).push(item);
  return [inBy, rest];
}

/**
 * Orders a merged list: `patchItems` sorted by `patchOrder`, `serverOnly` sorted by `serverOrder`,
 * then interleaved so that each keeps its relative order and server-only elements stay ahead of
 * patch elements that follow them in `serverOrder`.
 */
export function normalizeElementOrder(
  patchItems: readonly JsonValue[],
  serverOnly: readonly JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  keyOf: ElementKey,
): JsonValue[] {
  const right = sortByOrder(patchItems, patchOrder, keyOf);
  const left = sortByOrder(serverOnly, serverOrder, keyOf);
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) {
      out.push(right[j++]);
    } else if (j >= right.length) {
      out.push(left[i++]);
    } else {
      // A server-only element goes first only when both are in the live list and it comes earlier there.
      const li = indexByKey(serverOrder, left[i], keyOf);
      const ri = indexByKey(serverOrder, right[j], keyOf);
      out.push(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return out;
}

/** A stable sort by position in `order`; elements not found there keep their order after the rest. */
function sortByOrder(items: readonly JsonValue[], order: readonly JsonValue[], keyOf: ElementKey): JsonValue[] {
  const rank = (item: JsonValue): number => {
    const i = indexByKey(order, item, keyOf);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  return items
    .map((item, position) => ({ item, position, rank: rank(item) }))
    .sort((a, b) => (a.rank === b.rank ? a.position - b.position : a.rank - b.rank))
    .map((entry) => entry.item);
}

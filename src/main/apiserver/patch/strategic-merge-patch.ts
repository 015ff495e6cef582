/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) as the Kubernetes API server
 * applies it (apimachinery `strategicpatch.StrategicMergeMapPatch`): maps merge and `null` deletes;
 * lists follow the field's `patchStrategy`/`patchMergeKey` from the schema (merged by key, merged as
 * a set of primitives, or replaced); and the `$patch`, `$retainKeys`, `$setElementOrder/…` and
 * `$deleteFromPrimitiveList/…` directives are honoured (see `strategic-directives.ts`).
 *
 * Where upstream relies on Go decoding to clean up (a new value that still carries a directive or a
 * `null`), we drop directives and `null` members from stored values directly.
 */
import { mergeKeyOf, normalizeElementOrder, partitionByPresence, primitiveKey } from './element-order.js';
import { PatchError } from './errors.js';
import { cloneJson, describeJson, hasMember, isJsonObject, jsonKind, setMember, type JsonObject, type JsonValue } from './json-value.js';
import {
  childPath,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  materialize,
  materializeObject,
  parallelListField,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  where,
} from './strategic-directives.js';
import { mergeList, missingMergeKey, type ListMergeContext } from './strategic-list.js';
import { elementShapeOf, fieldMetaOf, shapeOf, type DefinitionResolver, type FieldPatchMeta, type ObjectShape } from './strategic-schema.js';

export type { DefinitionResolver } from './strategic-schema.js';

/**
 * Applies a strategic merge patch to `original`, an object of the definition `rootDefinitionName`
 * (resolved with `resolve`), and returns the patched copy. Neither input is modified. Throws
 * `PatchError` (with the status upstream answers) when the patch cannot be applied.
 */
export function strategicMergePatch(
  original: JsonObject,
  patch: JsonValue,
  rootDefinitionName: string,
  resolve: DefinitionResolver,
): JsonObject {
  if (!isJsonObject(patch)) {
    throw new PatchError(`a strategic merge patch must be a JSON object, e.g. {"spec":{"replicas":3}}; got ${describeJson(patch)}`, 400);
  }
  return new StrategicMerge(resolve).mergeMap(cloneJson(original), patch, shapeOf({ type: 'ref', ref: rootDefinitionName }, resolve), '');
}

class StrategicMerge {
  constructor(private readonly resolve: DefinitionResolver) {}

  /** Merges `patch` into `original`, which the merge owns and modifies. */
  mergeMap(original: JsonObject, patch: JsonObject, shape: ObjectShape, path: string): JsonObject {
    if (hasMember(patch, DIRECTIVE_MARKER)) return mapDirective(patch, path);
    applyRetainKeys(original, patch, path);
    const ordered = this.applyElementOrders(original, patch, shape, path);
    const deletions: [string, JsonValue][] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (key === RETAIN_KEYS_DIRECTIVE || ordered.has(key) || parallelListField(key, SET_ELEMENT_ORDER_PREFIX, path) !== undefined) continue;
      const deleteFrom = parallelListField(key, DELETE_FROM_PRIMITIVE_LIST_PREFIX, path);
      if (deleteFrom !== undefined) deletions.push([deleteFrom, value]);
      else this.mergeField(original, key, value, shape, path);
    }
    for (const [field, values] of deletions) this.deleteFromList(original, field, values, shape, path);
    return original;
  }

  /** Merges one patch member into `original[key]`. */
  private mergeField(original: JsonObject, key: string, value: JsonValue, shape: ObjectShape, path: string): void {
    if (value === null) {
      delete original[key];
      return;
    }
    const current = hasMember(original, key) ? original[key] : undefined;
    if (current === undefined || jsonKind(current) !== jsonKind(value)) {
      store(original, key, materialize(value));
      return;
    }
    const meta = fieldMetaOf(shape, key);
    const here = childPath(path, key);
    if (isJsonObject(value)) {
      const merged =
        meta.strategy === 'replace'
          ? materializeObject(value)
          : this.mergeMap(current as JsonObject, value, shapeOf(meta.schema, this.resolve), here);
      setMember(original, key, merged);
    } else if (Array.isArray(value)) {
      const merged =
        meta.strategy === 'merge' ? mergeList(current as JsonValue[], value, this.listContext(meta, here), false).merged : materialize(value);
      store(original, key, merged);
    } else {
      setMember(original, key, value);
    }
  }

  /**
   * `$deleteFromPrimitiveList/<field>`: removes the listed values from the live list. Deleting from a
   * list that does not exist is a no-op; a `null` value removes the field, as upstream.
   */
  private deleteFromList(original: JsonObject, field: string, values: JsonValue, shape: ObjectShape, path: string): void {
    if (values === null) {
      delete original[field];
      return;
    }
    const current = hasMember(original, field) ? original[field] : undefined;
    if (!Array.isArray(current) || !Array.isArray(values)) return;
    const here = childPath(path, field);
    setMember(original, field, mergeList(current, values, this.listContext(fieldMetaOf(shape, field), here), true).merged);
  }

  /**
   * `$setElementOrder/<field>`: merges the field's list (if the patch has one) and orders the
   * result: listed elements in the given order, live-only elements kept where they were relative
   * to them. Returns the fields it handled, so the main loop skips them.
   */
  private applyElementOrders(original: JsonObject, patch: JsonObject, shape: ObjectShape, path: string): Set<string> {
    const handled = new Set<string>();
    for (const [key, order] of Object.entries(patch)) {
      const field = parallelListField(key, SET_ELEMENT_ORDER_PREFIX, path);
      if (field === undefined) continue;
      const here = childPath(path, field);
      if (!Array.isArray(order)) {
        throw new PatchError(`invalid patch format of setElementOrder list${where(here)}: ${key} must be a list, got ${describeJson(order)}`, 400);
      }
      const meta = fieldMetaOf(shape, field);
      if (meta.schema === undefined) continue; // nothing known about the field: its list just replaces
      const live = listMember(original, field, here, 'live object');
      const patched = listMember(patch, field, here, 'patch');
      if (live === undefined && patched === undefined) continue;
      const keyOf = meta.mergeKey ? mergeKeyOf(meta.mergeKey) : primitiveKey;
      validateElementOrder(patched ?? [], order, meta.mergeKey, here);

      let merged: JsonValue[];
      let serverOrder: JsonValue[] = live ?? [];
      if (patched === undefined) {
        merged = live ?? [];
      } else if (live === undefined || meta.strategy !== 'merge') {
        merged = materialize(patched) as JsonValue[];
      } else {
        ({ merged, serverOrder } = mergeList(live, patched, this.listContext(meta, here), false));
      }
      const [listed, serverOnly] = partitionByPresence(merged, order, keyOf);
      setMember(original, field, normalizeElementOrder(listed, serverOnly, order, serverOrder, keyOf));
      handled.add(field);
    }
    return handled;
  }

  private listContext(meta: FieldPatchMeta, path: string): ListMergeContext {
    return {
      mergeKey: meta.mergeKey,
      elementShape: elementShapeOf(meta, this.resolve),
      path,
      mergeElement: (original, patch, shape, elementPath) => this.mergeMap(original, patch, shape, elementPath),
    };
  }
}

/** `$patch` in a map: `replace` keeps only the patch's own content, `delete` empties the map. */
function mapDirective(patch: JsonObject, path: string): JsonObject {
  const directive = patch[DIRECTIVE_MARKER];
  if (directive === 'replace') return materializeObject(patch);
  if (directive === 'delete') return {};
  throw new PatchError(
    `unknown patch type ${describeJson(directive)}${where(path)}: $patch in a map must be "replace" or "delete" (maps merge by default)`,
    500,
  );
}

/**
 * `$retainKeys`: clears every key of the live map the list does not name. Every key the patch sets
 * must be in the list (a malformed patch otherwise, 400 as upstream).
 */
function applyRetainKeys(original: JsonObject, patch: JsonObject, path: string): void {
  if (!hasMember(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const list = patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(list)) {
    throw new PatchError(`invalid patch format of retainKeys${where(path)}: $retainKeys must be a list of keys, got ${describeJson(list)}`, 400);
  }
  const keep = new Set(list);
  for (const [key, value] of Object.entries(patch)) {
    if (key === RETAIN_KEYS_DIRECTIVE || value === null) continue;
    if (key.startsWith(SET_ELEMENT_ORDER_PREFIX) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) continue;
    if (!keep.has(key)) {
      const why = `the patch sets "${key}" but $retainKeys ${describeJson(list)} does not list it`;
      throw new PatchError(`invalid patch format of retainKeys${where(path)}: ${why}`, 400);
    }
  }
  for (const key of Object.keys(original)) if (!keep.has(key)) delete original[key];
}

/**
 * Checks `$setElementOrder` against the patch list (upstream `validatePatchWithSetOrderList`): every
 * element the patch merges must appear in the order list, in the same relative order.
 */
function validateElementOrder(patchList: JsonValue[], order: JsonValue[], mergeKey: string | undefined, path: string): void {
  if (mergeKey) {
    order.forEach((entry, i) => {
      if (!isJsonObject(entry) || !hasMember(entry, mergeKey)) throw missingMergeKey(entry, mergeKey, `${path} ($setElementOrder[${i}])`);
    });
  }
  if (order.length === 0 || patchList.length === 0) return;
  const keyOf = mergeKey ? mergeKeyOf(mergeKey) : primitiveKey;
  const merging = patchList.filter((element) => !(isJsonObject(element) && hasMember(element, DIRECTIVE_MARKER)));
  let next = 0;
  for (const element of merging) {
    while (next < order.length && keyOf(order[next]) !== keyOf(element)) next++;
    if (next >= order.length) {
      throw new PatchError(
        `${path}: the order in patch list ${describeJson(patchList)} doesn't match $setElementOrder list ${describeJson(order)}` +
          ` (${describeJson(element)} is missing from it or out of order)`,
        500,
      );
    }
    next++;
  }
}

/** `obj[field]` when it is a list, `undefined` when absent; anything else is an error (as upstream). */
function listMember(obj: JsonObject, field: string, path: string, which: string): JsonValue[] | undefined {
  if (!hasMember(obj, field)) return undefined;
  const value = obj[field];
  if (Array.isArray(value)) return value;
  throw new PatchError(`${path}: $setElementOrder needs a list, but the ${which} has ${describeJson(value)}`, 500);
}

function store(obj: JsonObject, key: string, value: JsonValue | undefined): void {
  if (value === undefined) delete obj[key];
  else setMember(obj, key, value);
}

/**
 * The directives a strategic merge patch may carry (apimachinery `strategicpatch/patch.go`):
 * - `$patch: replace | delete` in a map, and `$patch: replace | delete` as a list element;
 * - `$retainKeys: [...]` in a map: keys of the live map not listed are cleared;
 * - `$setElementOrder/<field>: [...]`: the order of a merged list;
 * - `$deleteFromPrimitiveList/<field>: [...]`: values to remove from a merged list of primitives.
 */
import { PatchError } from './errors.js';
import { hasMember, isJsonObject, setMember, type JsonObject, type JsonValue } from './json-value.js';

export const DIRECTIVE_MARKER = '$patch';
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';

/**
 * For a parallel-list directive key such as `$setElementOrder/containers`, the field it applies to
 * (`containers`); `undefined` when `key` is not that directive. A key that starts like the directive
 * but has no `/field` part is a malformed patch (400, as upstream).
 */
export function parallelListField(key: string, prefix: string, path: string): string | undefined {
  if (!key.startsWith(prefix)) return undefined;
  if (key.startsWith(`${prefix}/`) && key.length > prefix.length + 1) return key.slice(prefix.length + 1);
  const what = prefix === SET_ELEMENT_ORDER_PREFIX ? 'setElementOrder list' : 'primitive list';
  throw new PatchError(`invalid patch format of ${what}: "${key}"${where(path)} must be written "${prefix}/<field>"`, 400);
}

function isDirectiveKey(key: string): boolean {
  return (
    key === DIRECTIVE_MARKER ||
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(`${SET_ELEMENT_ORDER_PREFIX}/`) ||
    key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/`)
  );
}

/**
 * A patch value stored where the live object has nothing to merge it with (a new field, or a value
 * of another type): a copy without `null` members and without directives. As upstream
 * (`removeDirectives`, `discardNullValuesFromPatch`), an object carrying `$patch` is left out
 * entirely; `undefined` means "store nothing".
 */
export function materialize(value: JsonValue): JsonValue | undefined {
  if (Array.isArray(value)) {
    return value.map(materialize).filter((v): v is JsonValue => v !== undefined);
  }
  if (isJsonObject(value)) return hasMember(value, DIRECTIVE_MARKER) ? undefined : materializeObject(value);
  return value;
}

/** A copy of `obj` without its directive keys and `null` members, with nested values materialized. */
export function materializeObject(obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) {
    if (value === null || isDirectiveKey(key)) continue;
    const kept = materialize(value);
    if (kept !== undefined) setMember(out, key, kept);
  }
  return out;
}

/** ` at <path>` for messages, or nothing at the root. */
export function where(path: string): string {
  return path === '' ? ' at the top level' : ` at ${path}`;
}

/** The path of a field below `path`. */
export function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

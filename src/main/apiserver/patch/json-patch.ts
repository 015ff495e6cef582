/**
 * RFC 6902 JSON patch (`application/json-patch+json`), as the API server applies it with
 * evanphx/json-patch: operations run in order on a copy of the document and the first failure
 * aborts the whole patch.
 *
 * Status codes, as upstream (apiserver `endpoints/handlers/patch.go`, `applyJSPatch`):
 * - a body that is not an array of operation objects fails to decode → 400 BadRequest;
 * - more than 10,000 operations → 413 RequestEntityTooLarge;
 * - any failure while applying (unknown op, bad or missing path, failing `test`) → 422 Invalid.
 */
import { PatchError } from './errors.js';
import { JsonPointerSyntaxError, parseArrayIndex, parseJsonPointer } from './json-pointer.js';
import { cloneJson, describeJson, hasMember, isJsonObject, jsonEqual, setMember, type JsonObject, type JsonValue } from './json-value.js';

/** The most operations one JSON patch may carry (apiserver `maxJSONPatchOperations`). */
export const MAX_JSON_PATCH_OPERATIONS = 10_000;

export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: JsonValue }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

/**
 * Applies a JSON patch to `document` and returns the patched copy; `document` and `operations` are
 * never modified. Throws `PatchError` naming the failing operation's index, op and path.
 */
export function applyJsonPatch(document: JsonValue, operations: unknown): JsonValue {
  if (!Array.isArray(operations) || !operations.every(isJsonObject)) {
    throw new PatchError('a JSON patch must be a JSON array of operation objects, e.g. [{"op":"replace","path":"/spec/replicas","value":3}]', 400);
  }
  if (operations.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new PatchError(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${operations.length}`, 413);
  }
  let doc = cloneJson(document);
  operations.forEach((raw, index) => {
    doc = applyOperation(doc, raw, index);
  });
  return doc;
}

/** Where an operation points: the container holding the target and the last reference token. */
interface Location {
  parent: JsonObject | JsonValue[];
  token: string;
}

class OperationFailure extends Error {}

function applyOperation(doc: JsonValue, raw: JsonObject, index: number): JsonValue {
  const op = typeof raw.op === 'string' ? raw.op : undefined;
  const path = typeof raw.path === 'string' ? raw.path : undefined;
  const where = `json patch operation ${index} (${op ?? 'missing op'})${path === undefined ? '' : ` at path "${path}"`}`;
  try {
    if (op === undefined) throw new OperationFailure(`"op" must be one of add, remove, replace, move, copy, test`);
    if (path === undefined) throw new OperationFailure(`"path" must be a string JSON pointer such as "/spec/replicas"`);
    const tokens = parseJsonPointer(path);
    switch (op) {
      case 'add':
        return add(doc, tokens, cloneJson(requireValue(raw)));
      case 'remove':
        return remove(doc, tokens);
      case 'replace':
        return replace(doc, tokens, cloneJson(requireValue(raw)));
      case 'move': {
        const from = requireFrom(raw);
        if (from === path) return doc;
        if (path.startsWith(`${from}/`)) throw new OperationFailure(`cannot move "${from}" into its own child`);
        const value = get(doc, parseJsonPointer(from), 'from');
        return add(remove(doc, parseJsonPointer(from)), tokens, value);
      }
      case 'copy': {
        const from = requireFrom(raw);
        return add(doc, tokens, cloneJson(get(doc, parseJsonPointer(from), 'from')));
      }
      case 'test':
        test(doc, tokens, requireValue(raw));
        return doc;
      default:
        throw new OperationFailure(`unknown op "${op}" (expected add, remove, replace, move, copy or test)`);
    }
  } catch (err) {
    if (err instanceof OperationFailure || err instanceof JsonPointerSyntaxError) {
      throw new PatchError(`${where}: ${err.message}`, 422);
    }
    throw err;
  }
}

function requireValue(raw: JsonObject): JsonValue {
  if (!hasMember(raw, 'value')) throw new OperationFailure(`"value" is required for this op`);
  return raw.value;
}

function requireFrom(raw: JsonObject): string {
  if (typeof raw.from !== 'string') throw new OperationFailure(`"from" must be a string JSON pointer`);
  return raw.from;
}

/** Resolves all but the last token; the parent must exist and be an object or array. */
function locate(doc: JsonValue, tokens: string[]): Location {
  let node: JsonValue = doc;
  for (const token of tokens.slice(0, -1)) {
    const child = childOf(node, token);
    if (child === undefined) throw new OperationFailure(`the parent path does not exist (no "${token}")`);
    node = child;
  }
  if (node === null || typeof node !== 'object') {
    throw new OperationFailure(`the parent of the target is a ${node === null ? 'null' : typeof node}, not an object or array`);
  }
  return { parent: node, token: tokens[tokens.length - 1] };
}

function childOf(node: JsonValue, token: string): JsonValue | undefined {
  if (Array.isArray(node)) {
    const i = parseArrayIndex(token);
    return i !== undefined && i < node.length ? node[i] : undefined;
  }
  if (isJsonObject(node)) return hasMember(node, token) ? node[token] : undefined;
  return undefined;
}

function get(doc: JsonValue, tokens: string[], what: 'path' | 'from'): JsonValue {
  let node: JsonValue = doc;
  for (const token of tokens) {
    const child = childOf(node, token);
    if (child === undefined) throw new OperationFailure(`the ${what} location does not exist (no "${token}")`);
    node = child;
  }
  return node;
}

function add(doc: JsonValue, tokens: string[], value: JsonValue): JsonValue {
  if (tokens.length === 0) return value;
  const { parent, token } = locate(doc, tokens);
  if (Array.isArray(parent)) {
    const i = token === '-' ? parent.length : parseArrayIndex(token);
    if (i === undefined || i > parent.length) {
      throw new OperationFailure(`"${token}" is not a valid index for an array of length ${parent.length} (use 0..${parent.length} or "-")`);
    }
    parent.splice(i, 0, value);
  } else {
    setMember(parent, token, value);
  }
  return doc;
}

function remove(doc: JsonValue, tokens: string[]): JsonValue {
  if (tokens.length === 0) throw new OperationFailure('cannot remove the whole document');
  const { parent, token } = locate(doc, tokens);
  if (Array.isArray(parent)) {
    parent.splice(existingIndex(parent, token), 1);
  } else {
    if (!hasMember(parent, token)) throw new OperationFailure(`cannot remove "${token}": it does not exist`);
    delete parent[token];
  }
  return doc;
}

function replace(doc: JsonValue, tokens: string[], value: JsonValue): JsonValue {
  if (tokens.length === 0) return value;
  const { parent, token } = locate(doc, tokens);
  if (Array.isArray(parent)) {
    parent[existingIndex(parent, token)] = value;
  } else {
    if (!hasMember(parent, token)) throw new OperationFailure(`cannot replace "${token}": it does not exist (use "add")`);
    setMember(parent, token, value);
  }
  return doc;
}

function existingIndex(array: JsonValue[], token: string): number {
  const i = parseArrayIndex(token);
  if (i === undefined || i >= array.length) {
    throw new OperationFailure(`"${token}" is not an existing index of an array of length ${array.length}`);
  }
  return i;
}

/**
 * `test` compares structurally. Like evanphx/json-patch, testing a missing member of an existing
 * object against `null` passes (the member is absent, which the API server treats like null); a
 * missing array element fails.
 */
function test(doc: JsonValue, tokens: string[], expected: JsonValue): void {
  let actual: JsonValue | undefined;
  if (tokens.length === 0) {
    actual = doc;
  } else {
    const { parent, token } = locate(doc, tokens);
    actual = Array.isArray(parent) ? parent[existingIndex(parent, token)] : childOf(parent, token);
  }
  if (actual === undefined) {
    if (expected === null) return;
    throw new OperationFailure(`test failed: the path does not exist, expected ${describeJson(expected)}`);
  }
  if (!jsonEqual(actual, expected)) {
    throw new OperationFailure(`test failed: the value is ${describeJson(actual)}, expected ${describeJson(expected)}`);
  }
}

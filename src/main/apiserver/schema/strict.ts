/**
 * Field validation against the structural schemas: unknown fields (`fieldValidation=Strict|Warn`)
 * and values of the wrong JSON type. Both walk the compiled tree from `compile.ts` once, so a pod
 * costs one pass over its JSON.
 */
import { compiledDefinition, type SchemaNode } from './compile.js';
import { isPlainObject } from '../../util/json.js';

/** A value whose JSON type does not match the schema, e.g. a string where an integer belongs. */
export interface SchemaTypeError {
  /** Path like upstream's, e.g. `spec.template.spec.containers[0].ports[0].containerPort`. */
  field: string;
  /** What is wrong, e.g. `expected integer, got string "80"`. */
  detail: string;
}

/** Both results of one walk. */
export interface FieldValidationResult {
  /** Upstream-style messages: `unknown field "spec.replicaz"`. */
  unknownFields: string[];
  typeErrors: SchemaTypeError[];
}

/**
 * Names every field of `obj` that the schema of `definitionName` does not declare, as upstream's
 * strict decoder does: `unknown field "spec.template.spec.containers[0].imagee"`. `apiVersion`
 * and `kind` at the top are always known; maps (labels, annotations, data) accept any key.
 * Throws if the definition does not exist (a caller bug).
 */
export function findUnknownFields(obj: unknown, definitionName: string): string[] {
  return walk(obj, definitionName, true, false).unknownFields;
}

/**
 * Lists values whose JSON type does not match the schema: integers (int32 range checked),
 * numbers, booleans, strings, objects, arrays and maps; base64 for `[]byte` fields, RFC 3339 for
 * times; int-or-string accepts an integer or a string; a quantity accepts a number or a
 * quantity string. `null` is accepted anywhere (it means "unset"). Unknown fields are skipped.
 */
export function findTypeErrors(obj: unknown, definitionName: string): SchemaTypeError[] {
  return walk(obj, definitionName, false, true).typeErrors;
}

/** Both checks in one pass; what the write path should call. */
export function validateFields(obj: unknown, definitionName: string): FieldValidationResult {
  return walk(obj, definitionName, true, true);
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
/** resource.Quantity's accepted syntax (apimachinery `splitREString`). */
const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RFC3339_RE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

interface Walk {
  /** Path segments: field names and map keys, or the index of a list item. */
  path: (string | number)[];
  unknown: string[] | null;
  types: SchemaTypeError[] | null;
}

function walk(obj: unknown, definitionName: string, unknown: boolean, types: boolean): FieldValidationResult {
  const root = compiledDefinition(definitionName);
  if (!root) throw new Error(`schema: no definition named ${definitionName}`);
  const state: Walk = { path: [], unknown: unknown ? [] : null, types: types ? [] : null };
  visit(obj, root, state, true);
  return { unknownFields: state.unknown ?? [], typeErrors: state.types ?? [] };
}

function visit(value: unknown, node: SchemaNode, state: Walk, top: boolean): void {
  if (value === null || value === undefined) return;
  switch (node.kind) {
    case 'object':
      if (!isPlainObject(value)) return typeError(state, 'object', value);
      for (const key of Object.keys(value)) {
        const child = node.properties.get(key);
        if (!child) {
          if (top && (key === 'apiVersion' || key === 'kind')) continue;
          state.unknown?.push(`unknown field "${formatPath(state.path, key)}"`);
          continue;
        }
        state.path.push(key);
        visit(value[key], child, state, false);
        state.path.pop();
      }
      return;
    case 'map':
      if (!isPlainObject(value)) return typeError(state, 'object', value);
      if (node.values.kind === 'any') return;
      for (const key of Object.keys(value)) {
        state.path.push(key);
        visit(value[key], node.values, state, false);
        state.path.pop();
      }
      return;
    case 'array':
      if (!Array.isArray(value)) return typeError(state, 'array', value);
      for (let i = 0; i < value.length; i++) {
        state.path.push(i);
        visit(value[i], node.items, state, false);
        state.path.pop();
      }
      return;
    default:
      if (state.types) checkScalar(value, node, state);
  }
}

function checkScalar(value: unknown, node: SchemaNode, state: Walk): void {
  switch (node.kind) {
    case 'string':
      if (typeof value !== 'string') return typeError(state, 'string', value);
      if (node.format === 'byte' && !BASE64_RE.test(value)) return detail(state, 'illegal base64 data');
      if (node.format === 'date-time' && !RFC3339_RE.test(value)) {
        return detail(state, `expected an RFC 3339 date-time, got ${describe(value)}`);
      }
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return typeError(state, 'integer', value);
      if (node.format === 'int32' && (value < INT32_MIN || value > INT32_MAX)) {
        return detail(state, `${value} does not fit in a 32-bit integer`);
      }
      return;
    case 'number':
      if (typeof value !== 'number') return typeError(state, 'number', value);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') return typeError(state, 'boolean', value);
      return;
    case 'int-or-string':
      if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) return;
      return typeError(state, 'integer or string', value);
    case 'quantity':
      if (typeof value === 'number' && Number.isFinite(value)) return;
      if (typeof value !== 'string') return typeError(state, 'quantity (string or number)', value);
      if (!QUANTITY_RE.test(value)) {
        return detail(state, `quantities must match the regular expression '${QUANTITY_RE.source}', got ${describe(value)}`);
      }
      return;
    default:
      return;
  }
}

function typeError(state: Walk, expected: string, value: unknown): void {
  detail(state, `expected ${expected}, got ${describe(value)}`);
}

function detail(state: Walk, text: string): void {
  state.types?.push({ field: formatPath(state.path), detail: text });
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${String(value)}`;
}

function formatPath(path: readonly (string | number)[], last?: string): string {
  let out = '';
  for (const segment of path) out = appendSegment(out, segment);
  return last === undefined ? out : appendSegment(out, last);
}

function appendSegment(path: string, segment: string | number): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  return path === '' ? segment : `${path}.${segment}`;
}


/**
 * Constructors for `FieldError`s with upstream's wording (apimachinery `util/validation/field`),
 * so every kind builds `spec.replicas: Invalid value: -1: must be greater than or equal to 0` the
 * same way. Paths are plain strings: `spec.containers[0].name`, `data[key]`.
 */
import type { FieldError } from '../registry/types.js';

export type { FieldError };

/** `field.Required`: the value is missing. */
export function required(field: string, detail = ''): FieldError {
  return detail ? { type: 'FieldValueRequired', field, detail } : { type: 'FieldValueRequired', field };
}

/** `field.Invalid`: the value is present but wrong. */
export function invalid(field: string, badValue: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, badValue, detail };
}

/** `field.NotSupported`: the value is not one of `supported` (listed quoted, in the given order). */
export function notSupported(field: string, badValue: unknown, supported: readonly string[]): FieldError {
  const detail = supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : undefined;
  return detail ? { type: 'FieldValueNotSupported', field, badValue, detail } : { type: 'FieldValueNotSupported', field, badValue };
}

/** `field.Duplicate`: the value repeats one earlier in the list. */
export function duplicate(field: string, badValue: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, badValue };
}

/** `field.Forbidden`: the field may not be set (or changed) here. */
export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

/** `field.TooLong`: more than `max` bytes. */
export function tooLong(field: string, max: number): FieldError {
  return { type: 'FieldValueTooLong', field, detail: `must have at most ${max} ${max === 1 ? 'byte' : 'bytes'}` };
}

/**
 * `field.NotFound` (a reference to something that does not exist). The shared `FieldErrorType`
 * has no `FieldValueNotFound` yet, so this reports an Invalid value that says "not found".
 */
export function notFound(field: string, badValue: unknown): FieldError {
  return { type: 'FieldValueInvalid', field, badValue, detail: 'not found' };
}

/** `field.TooMany`, reported as Invalid for the same reason as `notFound`. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueInvalid', field, badValue: actual, detail: `must have at most ${max} items` };
}

/** `field.Invalid(..., "field is immutable")` when `value` and `old` differ (JSON-deep). */
export function immutable(field: string, value: unknown, old: unknown): FieldError[] {
  return jsonEqual(value, old) ? [] : [invalid(field, value ?? null, 'field is immutable')];
}

/** Upstream `ValidateNonnegativeField`. */
export function nonNegative(field: string, value: number | undefined | null): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : [];
}

/** Turns a list of sentences from an `is*` check into Invalid errors at one path. */
export function invalidEach(field: string, badValue: unknown, messages: string[]): FieldError[] {
  return messages.map((m) => invalid(field, badValue, m));
}

/** Structural equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!jsonEqual(ao[k], bo[k])) return false;
  return true;
}

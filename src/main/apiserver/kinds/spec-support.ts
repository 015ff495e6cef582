/**
 * Test support: renders `FieldError`s the way kubectl shows them
 * (`spec.replicas: Invalid value: -1: must be greater than or equal to 0`), so specs can assert
 * on the exact upstream sentences.
 */
import type { FieldError } from '../registry/types.js';

const WORDS: Record<FieldError['type'], string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTypeInvalid: 'Invalid value',
};

const SHOWS_VALUE = new Set<FieldError['type']>(['FieldValueInvalid', 'FieldValueNotSupported', 'FieldValueDuplicate', 'FieldValueTypeInvalid']);

export function errorText(e: FieldError): string {
  let s = `${e.field}: ${WORDS[e.type]}`;
  if (SHOWS_VALUE.has(e.type)) s += `: ${typeof e.badValue === 'string' ? JSON.stringify(e.badValue) : JSON.stringify(e.badValue ?? null)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export function errorTexts(errors: FieldError[]): string[] {
  return errors.map(errorText);
}

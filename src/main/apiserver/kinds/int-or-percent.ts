/**
 * Int-or-percent fields (`maxSurge`, `maxUnavailable`): upstream `ValidatePositiveIntOrPercent`,
 * `IsNotMoreThan100Percent` and the value they stand for.
 */
import { regexError } from '../../../shared/api/names.js';
import { invalid, nonNegative, type FieldError } from './field-errors.js';

const PERCENT_RE = /^[0-9]+%$/;

export function validatePositiveIntOrPercent(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') {
    return PERCENT_RE.test(value)
      ? []
      : [invalid(path, value, regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%'))];
  }
  if (typeof value === 'number') return nonNegative(path, value);
  return [invalid(path, value ?? null, "must be an integer or percentage (e.g '5%')")];
}

/** The number in `25%` or `3`; 0 for anything else (as upstream's `getIntOrPercentValue`). */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && PERCENT_RE.test(value)) return Number(value.slice(0, -1));
  return 0;
}

export function notMoreThan100Percent(value: unknown, path: string): FieldError[] {
  return typeof value === 'string' && PERCENT_RE.test(value) && Number(value.slice(0, -1)) > 100
    ? [invalid(path, value, 'must not be greater than 100%')]
    : [];
}

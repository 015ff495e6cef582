/**
 * A tiny runtime schema language for validating IPC requests (no dependencies, usable in every
 * process). A check returns undefined when the value fits, or a message naming the field path
 * that does not (`request.replicas: expected an integer >= 0, got -1`).
 */

export type Check = (value: unknown, path: string) => string | undefined;

const describe = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
};

export const str = (opts: { min?: number; max?: number; pattern?: RegExp; hint?: string } = {}): Check => (v, path) => {
  if (typeof v !== 'string') return `${path}: expected a string, got ${describe(v)}`;
  if (opts.min !== undefined && v.length < opts.min) return `${path}: must not be empty`;
  if (opts.max !== undefined && v.length > opts.max) return `${path}: longer than ${opts.max} characters`;
  if (opts.pattern && !opts.pattern.test(v)) return `${path}: ${opts.hint ?? `does not match ${opts.pattern}`}, got ${describe(v)}`;
  return undefined;
};

export const num = (opts: { int?: boolean; min?: number; max?: number } = {}): Check => (v, path) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${path}: expected a number, got ${describe(v)}`;
  if (opts.int && !Number.isInteger(v)) return `${path}: expected an integer, got ${v}`;
  if (opts.min !== undefined && v < opts.min) return `${path}: must be >= ${opts.min}, got ${v}`;
  if (opts.max !== undefined && v > opts.max) return `${path}: must be <= ${opts.max}, got ${v}`;
  return undefined;
};

export const bool = (): Check => (v, path) => (typeof v === 'boolean' ? undefined : `${path}: expected true or false, got ${describe(v)}`);

export const oneOf = (values: readonly string[]): Check => (v, path) =>
  typeof v === 'string' && values.includes(v) ? undefined : `${path}: expected one of ${values.join(', ')}, got ${describe(v)}`;

export const arrayOf = (item: Check, opts: { min?: number; max?: number } = {}): Check => (v, path) => {
  if (!Array.isArray(v)) return `${path}: expected an array, got ${describe(v)}`;
  if (opts.min !== undefined && v.length < opts.min) return `${path}: needs at least ${opts.min} item(s)`;
  if (opts.max !== undefined && v.length > opts.max) return `${path}: at most ${opts.max} items`;
  for (let i = 0; i < v.length; i++) {
    const e = item(v[i], `${path}[${i}]`);
    if (e) return e;
  }
  return undefined;
};

export const recordOf = (value: Check): Check => (v, path) => {
  if (!isPlain(v)) return `${path}: expected an object, got ${describe(v)}`;
  for (const [k, e] of Object.entries(v)) {
    const err = value(e, `${path}.${k}`);
    if (err) return err;
  }
  return undefined;
};

/** Marks a property optional inside `obj` (undefined is accepted). */
export interface Optional { optional: Check }
export const opt = (check: Check): Optional => ({ optional: check });

/** An object with exactly these properties: unknown properties are refused (they are usually typos). */
export const obj = (shape: Record<string, Check | Optional>, refine?: (v: Record<string, unknown>, path: string) => string | undefined): Check => (v, path) => {
  if (!isPlain(v)) return `${path}: expected an object, got ${describe(v)}`;
  for (const key of Object.keys(v)) {
    if (!(key in shape)) return `${path}.${key}: unknown field (allowed: ${Object.keys(shape).join(', ') || 'none'})`;
  }
  for (const [key, rule] of Object.entries(shape)) {
    const value = v[key];
    if (typeof rule === 'function') {
      if (value === undefined) return `${path}.${key}: required`;
      const e = rule(value, `${path}.${key}`);
      if (e) return e;
    } else if (value !== undefined) {
      const e = rule.optional(value, `${path}.${key}`);
      if (e) return e;
    }
  }
  return refine?.(v, path);
};

function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

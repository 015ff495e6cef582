/**
 * Keys of ConfigMap and Secret data (upstream `IsConfigMapKey`) and the base64 check for
 * Secret `data` values.
 */
import { maxLenError, regexError } from '../../../shared/api/names.js';

const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_MAP_KEY_RE = /^[-._a-zA-Z0-9]+$/;

/** Upstream `IsConfigMapKey`: up to 253 of `[-._a-zA-Z0-9]`, not `.`/`..`, not starting with `..`. */
export function isConfigMapKey(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push(maxLenError(253));
  if (!CONFIG_MAP_KEY_RE.test(key)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_MAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** Standard base64 with padding, as Go's `encoding/json` decodes `[]byte` fields. */
export function isBase64(value: string): boolean {
  return value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}

/** The decoded size in bytes of a valid base64 string. */
export function base64DecodedLength(value: string): number {
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  return (value.length / 4) * 3 - padding;
}

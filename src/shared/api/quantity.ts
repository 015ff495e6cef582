/**
 * Kubernetes resource quantities (`100m`, `0.5`, `1Gi`, `512Mi`, `1e3`, `2k`), parsed exactly
 * (BigInt, no float rounding) the way apimachinery's `resource.ParseQuantity` reads them, and
 * written back in upstream's canonical form (`0.5` → `500m`, `1024Mi` → `1Gi`).
 *
 * CPU quantities are cores, memory and storage quantities are bytes; `quantityValue` returns
 * that plain number for arithmetic (the scheduler), `quantityMilliValue` thousandths of it.
 */

/** The suffix family a quantity was written in; canonical output keeps it. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity: `num / 10^scale` (scale ≥ 0), written in `format`. */
export interface Quantity {
  num: bigint;
  scale: number;
  format: QuantityFormat;
}

/** Upstream `ErrFormatWrong`, the message a real API server returns for `cpu: abc`. */
export const QUANTITY_FORMAT_MESSAGE =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** A quantity that cannot be parsed; `message` is upstream's wording. */
export class QuantityParseError extends Error {
  constructor(
    message: string,
    readonly input: string,
  ) {
    super(message);
    this.name = 'QuantityParseError';
  }
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*)([-+]?[0-9]*)$/;
/** Upstream keeps nano precision and rounds anything finer up. */
const MAX_SCALE = 9;

/** Parses a quantity string, or a JSON number (YAML `cpu: 2`). Throws `QuantityParseError`. */
export function parseQuantity(input: string | number): Quantity {
  const text = typeof input === 'number' ? numberText(input) : input;
  const m = SHAPE.exec(text);
  if (!text || !m) throw new QuantityParseError(QUANTITY_FORMAT_MESSAGE, text);
  const [, sign, intPart, fracPart = '', letters, exponentDigits] = m;
  if (!intPart && !fracPart) throw new QuantityParseError('unable to parse numeric part of quantity', text);
  const { exp10, exp2, format } = interpretSuffix(letters + exponentDigits, text);
  let num = BigInt(`${sign === '-' ? '-' : ''}${intPart || '0'}${fracPart}`);
  let scale = fracPart.length - exp10;
  num *= 2n ** BigInt(exp2);
  if (scale < 0) {
    num *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return normalize(num, scale, format);
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityParseError(QUANTITY_FORMAT_MESSAGE, String(n));
  return String(n).replace('e+', 'e');
}

function interpretSuffix(suffix: string, text: string): { exp10: number; exp2: number; format: QuantityFormat } {
  if (suffix in DECIMAL_SUFFIXES) return { exp10: DECIMAL_SUFFIXES[suffix], exp2: 0, format: 'DecimalSI' };
  if (suffix in BINARY_SUFFIXES) return { exp10: 0, exp2: BINARY_SUFFIXES[suffix], format: 'BinarySI' };
  const e = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (e) return { exp10: Number(e[1]), exp2: 0, format: 'DecimalExponent' };
  throw new QuantityParseError("unable to parse quantity's suffix", text);
}

/** Drops trailing zeros of the fraction and rounds finer-than-nano values up (away from zero). */
function normalize(num: bigint, scale: number, format: QuantityFormat): Quantity {
  if (scale > MAX_SCALE) {
    const div = 10n ** BigInt(scale - MAX_SCALE);
    const q = num / div;
    num = num % div === 0n ? q : q + (num > 0n ? 1n : -1n);
    scale = MAX_SCALE;
  }
  while (scale > 0 && num % 10n === 0n) {
    num /= 10n;
    scale -= 1;
  }
  return { num, scale, format };
}

/** True when `input` parses as a quantity. */
export function isQuantity(input: unknown): boolean {
  if (typeof input !== 'string' && typeof input !== 'number') return false;
  try {
    parseQuantity(input);
    return true;
  } catch {
    return false;
  }
}

/** The plain number: cores for CPU, bytes for memory (may lose precision past 2^53). */
export function quantityValue(input: string | number | Quantity): number {
  const q = toQuantity(input);
  return Number(q.num) / 10 ** q.scale;
}

/** Thousandths of the value, rounded up like upstream `MilliValue` (`100m` → 100, `1` → 1000). */
export function quantityMilliValue(input: string | number | Quantity): number {
  const q = toQuantity(input);
  return Number(ceilDiv(q.num * 1000n, 10n ** BigInt(q.scale)));
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

function toQuantity(input: string | number | Quantity): Quantity {
  return typeof input === 'object' ? input : parseQuantity(input);
}

/** Compares two quantities exactly: negative, zero or positive like a sort comparator. */
export function compareQuantities(a: string | number | Quantity, b: string | number | Quantity): number {
  const x = toQuantity(a);
  const y = toQuantity(b);
  const scale = Math.max(x.scale, y.scale);
  const left = x.num * 10n ** BigInt(scale - x.scale);
  const right = y.num * 10n ** BigInt(scale - y.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Upstream's canonical string for a quantity (`0.5` → `500m`, `2048Ki` → `2Mi`, `1.5e3` → `1500`). */
export function canonicalQuantity(input: string | number | Quantity): string {
  const q = toQuantity(input);
  if (q.num === 0n) return '0';
  if (q.format === 'BinarySI' && q.scale === 0 && (q.num >= 1024n || q.num <= -1024n)) return binaryString(q.num);
  return decimalString(q.num, q.scale, q.format === 'DecimalExponent');
}

function binaryString(value: bigint): string {
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  let i = 0;
  while (i < units.length - 1 && value % 1024n === 0n) {
    value /= 1024n;
    i += 1;
  }
  return `${value}${units[i]}`;
}

const DECIMAL_BY_EXPONENT: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };

function decimalString(num: bigint, scale: number, exponentForm: boolean): string {
  let exponent = -scale;
  while (num % 10n === 0n) {
    num /= 10n;
    exponent += 1;
  }
  const shift = ((exponent % 3) + 3) % 3;
  num *= 10n ** BigInt(shift);
  exponent -= shift;
  if (exponentForm) return exponent === 0 ? `${num}` : `${num}e${exponent}`;
  while (exponent > 18) {
    num *= 1000n;
    exponent -= 3;
  }
  return `${num}${DECIMAL_BY_EXPONENT[exponent]}`;
}

/**
 * Writes a plain number as a quantity: `BinarySI` for bytes (`1073741824` → `1Gi`), `DecimalSI`
 * for cores (`0.25` → `250m`). Values finer than nano are rounded up.
 */
export function formatQuantity(value: number, format: QuantityFormat = 'DecimalSI'): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot format ${value} as a quantity`);
  const q = parseQuantity(value);
  return canonicalQuantity({ ...q, format });
}

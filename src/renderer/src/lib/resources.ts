/**
 * CPU and memory figures for people: cores with millicores below one (`250m`, `1.5`), bytes in
 * binary units (`512Mi`, `1.9Gi`). Parsing is the shared, exact quantity parser.
 */
import { quantityValue } from '../../../shared/api/quantity';

/** The plain value of a quantity (cores or bytes), or 0 when absent or malformed. */
export function quantity(input: string | number | undefined): number {
  if (input === undefined || input === '') return 0;
  try {
    return quantityValue(input);
  } catch {
    return 0;
  }
}

export function formatCpu(cores: number): string {
  if (cores === 0) return '0';
  if (cores < 1) return `${Math.round(cores * 1000)}m`;
  return `${Number(cores.toFixed(2))}`;
}

const UNITS = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];

export function formatBytes(bytes: number): string {
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${Number(v.toFixed(v >= 100 || i === 0 ? 0 : 1))}${UNITS[i]}`;
}

/** A share as a whole percentage, `` when the whole is unknown. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '';
}

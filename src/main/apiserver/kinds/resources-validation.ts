/**
 * Container `resources` (upstream `ValidateContainerResourceRequirements`): resource names,
 * quantities that parse and are not negative, requests not above limits, and extended resources
 * (`example.com/gpu`) that are whole numbers with requests equal to limits.
 */
import { isQualifiedName } from '../../../shared/api/names.js';
import { canonicalQuantity, compareQuantities, parseQuantity, QuantityParseError, type Quantity } from '../../../shared/api/quantity.js';
import { forbidden, invalid, invalidEach, required, type FieldError } from './field-errors.js';
import type { ResourceRequirements } from './pod-types.js';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** cpu, memory and ephemeral-storage may be requested below their limit; nothing else may. */
function overcommitAllowed(name: string): boolean {
  return isNative(name) && !isHugePages(name);
}

function validateResourceName(name: string, path: string): FieldError[] {
  const problems = isQualifiedName(name);
  if (problems.length) return invalidEach(path, name, problems);
  if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
    return [invalid(path, name, 'must be a standard resource for containers')];
  }
  return [];
}

function parseAt(value: unknown, path: string, out: FieldError[]): Quantity | undefined {
  try {
    return parseQuantity(value as string | number);
  } catch (e) {
    if (!(e instanceof QuantityParseError)) throw e;
    out.push(invalid(path, value, e.message));
    return undefined;
  }
}

function validateQuantity(name: string, q: Quantity, path: string): FieldError[] {
  if (q.num < 0n) return [invalid(path, canonicalQuantity(q), 'must be greater than or equal to 0')];
  if (!isNative(name) && q.scale > 0) return [invalid(path, canonicalQuantity(q), 'must be an integer')];
  return [];
}

export function validateResourceRequirements(res: ResourceRequirements | undefined, path: string): FieldError[] {
  const out: FieldError[] = [];
  const limits = new Map<string, Quantity>();
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, value] of Object.entries(res?.limits ?? {})) {
    const p = `${path}.limits[${name}]`;
    out.push(...validateResourceName(name, p));
    const q = parseAt(value, p, out);
    if (q) {
      out.push(...validateQuantity(name, q, p));
      limits.set(name, q);
    }
    cpuOrMemory ||= name === 'cpu' || name === 'memory';
    hugePages ||= isHugePages(name);
  }
  for (const [name, value] of Object.entries(res?.requests ?? {})) {
    const p = `${path}.requests[${name}]`;
    out.push(...validateResourceName(name, p));
    const q = parseAt(value, p, out);
    if (q) out.push(...validateQuantity(name, q, p), ...compareToLimit(name, q, limits, path));
    cpuOrMemory ||= name === 'cpu' || name === 'memory';
    hugePages ||= isHugePages(name);
  }
  if (hugePages && !cpuOrMemory) out.push(forbidden(path, 'HugePages require cpu or memory'));
  return out;
}

function compareToLimit(name: string, request: Quantity, limits: Map<string, Quantity>, path: string): FieldError[] {
  const limit = limits.get(name);
  if (!limit) {
    return overcommitAllowed(name) ? [] : [required(`${path}.limits`, 'Limit must be set for non overcommitable resources')];
  }
  const cmp = compareQuantities(request, limit);
  const shown = canonicalQuantity(request);
  if (cmp !== 0 && !overcommitAllowed(name)) {
    return [invalid(`${path}.requests`, shown, `must be equal to ${name} limit of ${canonicalQuantity(limit)}`)];
  }
  if (cmp > 0) return [invalid(`${path}.requests`, shown, `must be less than or equal to ${name} limit of ${canonicalQuantity(limit)}`)];
  return [];
}

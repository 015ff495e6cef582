/**
 * What an update may change in a Pod's spec (upstream `ValidatePodUpdate`): container images,
 * a shorter `activeDeadlineSeconds`, added tolerations (or new `tolerationSeconds`), removed
 * scheduling gates. Anything else is `spec: Forbidden: pod updates may not change fields other
 * than ...`, followed by a short diff of what changed.
 */
import { forbidden, invalid, jsonEqual, required, type FieldError } from './field-errors.js';
import type { Container, Pod, PodSpec, Toleration } from './pod-types.js';
import { validateTolerations } from './pod-spec-validation.js';

const UPDATABLE_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

const MAX_INT32 = 2147483647;

export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const spec = pod.spec ?? {};
  const prev = old.spec ?? {};
  const out: FieldError[] = [];
  for (const key of ['containers', 'initContainers'] as const) {
    const { errors, stop } = validateContainerUpdates(spec[key], prev[key], `spec.${key}`);
    out.push(...errors);
    if (stop) return out;
  }
  const deadline = validateDeadlineUpdate(spec.activeDeadlineSeconds, prev.activeDeadlineSeconds);
  if (deadline.stop) return [...out, ...deadline.errors];
  out.push(...deadline.errors);
  out.push(...validateOnlyAddedTolerations(spec.tolerations, prev.tolerations));
  out.push(...validateOnlyDeletedGates(spec.schedulingGates, prev.schedulingGates));
  const munged = mungeUpdatable(spec, prev);
  if (!jsonEqual(munged, prev)) {
    const diff = diffLines(prev, munged, 'spec').join('\n');
    out.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_FIELDS}\n${diff}`));
  }
  return out;
}

function validateContainerUpdates(next: Container[] | undefined, prev: Container[] | undefined, path: string): { errors: FieldError[]; stop: boolean } {
  if ((next ?? []).length !== (prev ?? []).length) {
    return { errors: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  }
  const errors: FieldError[] = [];
  (next ?? []).forEach((c, i) => {
    if (!c.image) errors.push(required(`${path}[${i}].image`));
    else if (c.image !== c.image.trim()) errors.push(invalid(`${path}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
  });
  return { errors, stop: false };
}

/** Allowed: nil → a value, or a value → a smaller non-negative value. */
function validateDeadlineUpdate(next: number | undefined, prev: number | undefined): { errors: FieldError[]; stop: boolean } {
  const path = 'spec.activeDeadlineSeconds';
  if (next === undefined || next === null) {
    return prev === undefined || prev === null
      ? { errors: [], stop: false }
      : { errors: [invalid(path, null, 'must not update from a positive integer to nil value')], stop: false };
  }
  if (next < 0 || next > MAX_INT32) return { errors: [invalid(path, next, `must be between 0 and ${MAX_INT32}, inclusive`)], stop: true };
  if (prev !== undefined && prev !== null && prev < next) {
    return { errors: [invalid(path, next, 'must be less than or equal to previous value')], stop: true };
  }
  return { errors: [], stop: false };
}

/** Every old toleration must still be there; only its `tolerationSeconds` may change. */
function validateOnlyAddedTolerations(next: Toleration[] | undefined, prev: Toleration[] | undefined): FieldError[] {
  for (const old of prev ?? []) {
    const kept = (next ?? []).some((t) => jsonEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
    if (!kept) return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, 'spec.tolerations');
}

function validateOnlyDeletedGates(next: { name?: string }[] | undefined, prev: { name?: string }[] | undefined): FieldError[] {
  const old = new Set((prev ?? []).map((g) => g.name));
  const out: FieldError[] = [];
  (next ?? []).forEach((g, i) => {
    if (!old.has(g.name)) {
      out.push(forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${g.name}'`));
    }
  });
  return out;
}

/** The new spec with every updatable field put back to its old value. */
function mungeUpdatable(spec: PodSpec, prev: PodSpec): PodSpec {
  const munged: PodSpec = structuredClone(spec);
  munged.containers = munged.containers?.map((c, i) => ({ ...c, image: prev.containers?.[i]?.image }));
  munged.initContainers = munged.initContainers?.map((c, i) => ({ ...c, image: prev.initContainers?.[i]?.image }));
  munged.activeDeadlineSeconds = prev.activeDeadlineSeconds;
  munged.tolerations = prev.tolerations;
  munged.schedulingGates = prev.schedulingGates;
  if ((prev.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = prev.terminationGracePeriodSeconds;
  }
  if (prev.schedulingGates?.length) {
    // A gated Pod may still gain scheduling constraints (upstream allows additions only; simplified).
    munged.nodeSelector = prev.nodeSelector;
    munged.affinity = prev.affinity;
  }
  return dropUndefined(munged);
}

function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** `-`/`+` lines for each leaf that differs, like a short `cmp.Diff`. */
export function diffLines(a: unknown, b: unknown, path: string): string[] {
  if (jsonEqual(a, b)) return [];
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    const out: string[] = [];
    if (a !== undefined) out.push(`  - ${path}: ${JSON.stringify(a)}`);
    if (b !== undefined) out.push(`  + ${path}: ${JSON.stringify(b)}`);
    return out;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])];
  const child = (k: string): string => (Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
  return keys.flatMap((k) => diffLines(ao[k], bo[k], child(k)));
}

/**
 * A PodSpec (upstream `ValidatePodSpec`), shared by Pods and pod templates: volumes, containers,
 * the pod-level enums, names that refer to other objects, tolerations and gates. Paths start at
 * `path` (`spec` for a Pod, `spec.template.spec` for workloads).
 */
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, validateLabels } from '../../../shared/api/names.js';
import { validateContainers, validateInitContainers } from './container-validation.js';
import { duplicate, forbidden, invalid, invalidEach, notSupported, required, type FieldError } from './field-errors.js';
import type { PodSpec, Toleration } from './pod-types.js';
import { validateVolumes } from './volume-validation.js';

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const MAX_INT32 = 2147483647;

export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  const s = spec ?? {};
  const out: FieldError[] = [];
  if (s.terminationGracePeriodSeconds === undefined || s.terminationGracePeriodSeconds === null) {
    out.push(required(`${path}.terminationGracePeriodSeconds`));
  }
  const volumes = validateVolumes(s.volumes, `${path}.volumes`);
  out.push(...volumes.errors);
  const ctx = { volumes: volumes.names, gracePeriod: s.terminationGracePeriodSeconds };
  out.push(...validateContainers(s.containers, `${path}.containers`, ctx));
  out.push(...validateInitContainers(s.initContainers, s.containers, `${path}.initContainers`, ctx));
  out.push(...enumField(s.restartPolicy, `${path}.restartPolicy`, RESTART_POLICIES));
  out.push(...enumField(s.dnsPolicy, `${path}.dnsPolicy`, DNS_POLICIES));
  out.push(...(validateLabels(s.nodeSelector, `${path}.nodeSelector`) as FieldError[]));
  out.push(...validateReferences(s, path));
  out.push(...validateDeadline(s.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`));
  out.push(...validateTolerations(s.tolerations, `${path}.tolerations`));
  out.push(...validateGates(s, path));
  if (s.preemptionPolicy !== undefined) {
    out.push(...enumField(s.preemptionPolicy, `${path}.preemptionPolicy`, ['PreemptLowerPriority', 'Never']));
  }
  if (s.dnsPolicy === 'None' && !s.dnsConfig) {
    out.push(required(`${path}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'));
  }
  (s.imagePullSecrets ?? []).forEach((ref, i) => {
    if (Object.keys(ref).some((k) => k !== 'name')) out.push(invalid(`${path}.imagePullSecrets[${i}]`, ref, 'only name may be set'));
  });
  return out;
}

/** Required when empty, Unsupported when not allowed. */
function enumField(value: string | undefined, path: string, allowed: readonly string[]): FieldError[] {
  if (!value) return [required(path)];
  return allowed.includes(value) ? [] : [notSupported(path, value, allowed)];
}

/** Names that point at other objects or DNS records. */
function validateReferences(s: PodSpec, path: string): FieldError[] {
  const out: FieldError[] = [];
  const subdomains = ['serviceAccountName', 'nodeName', 'priorityClassName'] as const;
  for (const key of subdomains) {
    const v = s[key];
    if (v) out.push(...invalidEach(`${path}.${key}`, v, isDNS1123Subdomain(v)));
  }
  for (const key of ['hostname', 'subdomain'] as const) {
    const v = s[key];
    if (v) out.push(...invalidEach(`${path}.${key}`, v, isDNS1123Label(v)));
  }
  return out;
}

function validateDeadline(value: number | undefined, path: string): FieldError[] {
  if (value === undefined || value === null) return [];
  return value < 1 || value > MAX_INT32 ? [invalid(path, value, `must be between 1 and ${MAX_INT32}, inclusive`)] : [];
}

/** Upstream `ValidateTolerations`. */
export function validateTolerations(tolerations: Toleration[] | undefined, path: string): FieldError[] {
  const out: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (t.key) out.push(...invalidEach(`${p}.key`, t.key, isQualifiedName(t.key)));
    if (!t.key && t.operator !== 'Exists') {
      out.push(invalid(`${p}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      out.push(invalid(`${p}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    out.push(...validateTolerationOperator(t, p));
    if (t.effect && !(TAINT_EFFECTS as readonly string[]).includes(t.effect)) {
      out.push(notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
    }
  });
  return out;
}

function validateTolerationOperator(t: Toleration, p: string): FieldError[] {
  switch (t.operator ?? '') {
    case 'Equal':
    case '': {
      const problems = isValidLabelValue(t.value ?? '');
      return problems.length ? [invalid(`${p}.operator`, t.value ?? '', problems.join(';'))] : [];
    }
    case 'Exists':
      return t.value ? [invalid(`${p}.operator`, t.value, "value must be empty when `operator` is 'Exists'")] : [];
    default:
      return [notSupported(`${p}.operator`, t.operator, ['Equal', 'Exists'])];
  }
}

/** Readiness gates and scheduling gates: qualified names; scheduling gates unique. */
function validateGates(s: PodSpec, path: string): FieldError[] {
  const out: FieldError[] = [];
  (s.readinessGates ?? []).forEach((g, i) => {
    const p = `${path}.readinessGates[${i}].conditionType`;
    out.push(...invalidEach(p, g.conditionType ?? '', isQualifiedName(g.conditionType ?? '')));
  });
  const seen = new Set<string>();
  (s.schedulingGates ?? []).forEach((g, i) => {
    const p = `${path}.schedulingGates[${i}]`;
    out.push(...invalidEach(p, g.name ?? '', isQualifiedName(g.name ?? '')));
    if (seen.has(g.name ?? '')) out.push(duplicate(p, g.name ?? ''));
    seen.add(g.name ?? '');
  });
  return out;
}

/** Template-only rule: ephemeral containers belong to running Pods. */
export function forbidEphemeralContainers(spec: PodSpec | undefined, path: string): FieldError[] {
  return spec?.ephemeralContainers?.length ? [forbidden(`${path}.ephemeralContainers`, 'ephemeral containers not allowed in pod template')] : [];
}

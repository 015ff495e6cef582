/**
 * Container `env` and `envFrom` (upstream `ValidateEnv`, `ValidateEnvFrom`): names, and that each
 * `valueFrom` names exactly one source that is well-formed.
 */
import { isDNS1123Subdomain, isQualifiedName } from '../../../shared/api/names.js';
import { invalid, invalidEach, notSupported, required, type FieldError } from './field-errors.js';
import type { EnvFromSource, EnvVar } from './pod-types.js';
import { isConfigMapKey } from './data-keys.js';

/** Relaxed names (beta, on by default since 1.32): any printable ASCII except '='. */
export function envVarNameProblems(name: string): string[] {
  if (name.length === 0) return ['environment variable name must be non-empty'];
  return /^[\x20-\x3c\x3e-\x7e]+$/.test(name)
    ? []
    : ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
}

const FIELD_REF_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
];
const RESOURCE_REF_PATHS = [
  'limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory',
];

export function validateEnv(vars: EnvVar[] | undefined, path: string): FieldError[] {
  const out: FieldError[] = [];
  (vars ?? []).forEach((ev, i) => {
    const p = `${path}[${i}]`;
    if (!ev.name) out.push(required(`${p}.name`));
    else out.push(...invalidEach(`${p}.name`, ev.name, envVarNameProblems(ev.name)));
    out.push(...validateValueFrom(ev, `${p}.valueFrom`));
  });
  return out;
}

function validateValueFrom(ev: EnvVar, path: string): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const out: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources += 1;
    out.push(...validateFieldRef(from.fieldRef, `${path}.fieldRef`));
  }
  if (from.resourceFieldRef) {
    sources += 1;
    const r = from.resourceFieldRef.resource;
    if (!r) out.push(required(`${path}.resourceFieldRef.resource`));
    else if (!RESOURCE_REF_PATHS.includes(r) && !/^(limits|requests)\.hugepages-/.test(r)) {
      out.push(notSupported(`${path}.resourceFieldRef.resource`, r, RESOURCE_REF_PATHS));
    }
  }
  for (const key of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const ref = from[key];
    if (!ref) continue;
    sources += 1;
    out.push(...invalidEach(`${path}.${key}.name`, ref.name ?? '', isDNS1123Subdomain(ref.name ?? '')));
    if (!ref.key) out.push(required(`${path}.${key}.key`));
    else out.push(...invalidEach(`${path}.${key}.key`, ref.key, isConfigMapKey(ref.key)));
  }
  if (sources === 0) {
    out.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  } else if (ev.value) {
    out.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    out.push(invalid(path, '', 'may not have more than one field specified at a time'));
  }
  return out;
}

function validateFieldRef(ref: { apiVersion?: string; fieldPath?: string }, path: string): FieldError[] {
  if (!ref.apiVersion) return [required(`${path}.apiVersion`)];
  if (!ref.fieldPath) return [required(`${path}.fieldPath`)];
  const m = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(ref.fieldPath);
  if (m) {
    const key = m[1] === 'metadata.annotations' ? m[2].toLowerCase() : m[2];
    return invalidEach(path, key, isQualifiedName(key));
  }
  if (FIELD_REF_PATHS.includes(ref.fieldPath) || ref.fieldPath === 'metadata.labels' || ref.fieldPath === 'metadata.annotations') return [];
  return [notSupported(`${path}.fieldPath`, ref.fieldPath, FIELD_REF_PATHS)];
}

export function validateEnvFrom(sources: EnvFromSource[] | undefined, path: string): FieldError[] {
  const out: FieldError[] = [];
  (sources ?? []).forEach((s, i) => {
    const p = `${path}[${i}]`;
    if (s.prefix) out.push(...invalidEach(`${p}.prefix`, s.prefix, envVarNameProblems(s.prefix)));
    let count = 0;
    for (const key of ['configMapRef', 'secretRef'] as const) {
      const ref = s[key];
      if (!ref) continue;
      count += 1;
      if (!ref.name) out.push(required(`${p}.${key}.name`));
      else out.push(...invalidEach(`${p}.${key}.name`, ref.name, isDNS1123Subdomain(ref.name)));
    }
    if (count === 0) out.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (count > 1) out.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return out;
}

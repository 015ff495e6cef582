/**
 * networking.k8s.io/v1 Ingress validation (upstream `ValidateIngressSpec`): rules or a default
 * backend, DNS hosts (wildcards allowed), `pathType` required with absolute paths for
 * Exact/Prefix, one well-formed backend per path, TLS hosts and secret names.
 */
import { isDNS1035Label, isDNS1123Subdomain, regexError } from '../../../shared/api/names.js';
import { isIP } from 'node:net';
import { invalid, invalidEach, notSupported, required, type FieldError } from './field-errors.js';
import { isValidPortName, isValidPortNum } from './network-checks.js';

export interface IngressBackend {
  service?: { name?: string; port?: { name?: string; number?: number } };
  resource?: { apiGroup?: string; kind?: string; name?: string };
}

export interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: IngressBackend;
  rules?: { host?: string; http?: { paths?: { path?: string; pathType?: string; backend?: IngressBackend }[] } }[];
  tls?: { hosts?: string[]; secretName?: string }[];
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const WILDCARD_FMT = '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

/** Upstream `IsWildcardDNS1123Subdomain`. */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push('must be no more than 253 characters');
  if (!new RegExp(`^${WILDCARD_FMT}$`).test(value)) errs.push(regexError(WILDCARD_MSG, WILDCARD_FMT, '*.example.com'));
  return errs;
}

function hostProblems(host: string): string[] {
  return host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
}

export function validateIngressSpec(spec: IngressSpec, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (!spec.rules?.length && !spec.defaultBackend) out.push(invalid(path, spec.rules ?? null, 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) out.push(...validateBackend(spec.defaultBackend, `${path}.defaultBackend`));
  (spec.rules ?? []).forEach((rule, i) => out.push(...validateRule(rule, `${path}.rules[${i}]`)));
  (spec.tls ?? []).forEach((tls, i) => {
    (tls.hosts ?? []).forEach((h, j) => out.push(...invalidEach(`${path}.tls[${i}].hosts[${j}]`, h, hostProblems(h))));
    if (tls.secretName) out.push(...invalidEach(`${path}.tls[${i}].secretName`, tls.secretName, isDNS1123Subdomain(tls.secretName)));
  });
  if (spec.ingressClassName !== undefined) {
    out.push(...invalidEach(`${path}.ingressClassName`, spec.ingressClassName, isDNS1123Subdomain(spec.ingressClassName)));
  }
  return out;
}

function validateRule(rule: NonNullable<IngressSpec['rules']>[number], path: string): FieldError[] {
  const out: FieldError[] = [];
  if (rule.host) {
    if (isIP(rule.host)) out.push(invalid(`${path}.host`, rule.host, 'must be a DNS name, not an IP address'));
    out.push(...invalidEach(`${path}.host`, rule.host, hostProblems(rule.host)));
  }
  if (!rule.http) return out;
  if (!rule.http.paths?.length) out.push(required(`${path}.http.paths`));
  (rule.http.paths ?? []).forEach((p, i) => out.push(...validatePath(p, `${path}.http.paths[${i}]`)));
  return out;
}

function validatePath(p: { path?: string; pathType?: string; backend?: IngressBackend }, path: string): FieldError[] {
  if (!p.pathType) return [required(`${path}.pathType`, 'pathType must be specified')];
  const out: FieldError[] = [];
  const value = p.path ?? '';
  if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
    if (!value.startsWith('/')) out.push(invalid(`${path}.path`, value, 'must be an absolute path'));
    for (const seq of ['//', '/./', '/../', '%2f', '%2F']) {
      if (value.includes(seq)) out.push(invalid(`${path}.path`, value, `must not contain '${seq}'`));
    }
    for (const suffix of ['/..', '/.']) if (value.endsWith(suffix)) out.push(invalid(`${path}.path`, value, `cannot end with '${suffix}'`));
  } else if (p.pathType === 'ImplementationSpecific') {
    if (value && !value.startsWith('/')) out.push(invalid(`${path}.path`, value, 'must be an absolute path'));
  } else {
    out.push(notSupported(`${path}.pathType`, p.pathType, PATH_TYPES));
  }
  return [...out, ...validateBackend(p.backend ?? {}, `${path}.backend`)];
}

/** Exactly one of a Service (name plus port name or number) or a resource. */
export function validateBackend(b: IngressBackend, path: string): FieldError[] {
  if (b.resource && b.service) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (b.resource) {
    const out: FieldError[] = [];
    if (!b.resource.kind) out.push(required(`${path}.resource.kind`));
    if (!b.resource.name) out.push(required(`${path}.resource.name`));
    return out;
  }
  if (!b.service) return [invalid(path, '', 'resource or service backend is required')];
  const out: FieldError[] = [];
  const name = b.service.name ?? '';
  if (!name) out.push(required(`${path}.service.name`));
  else out.push(...invalidEach(`${path}.service.name`, name, isDNS1035Label(name)));
  const port = b.service.port ?? {};
  if (port.name && port.number) out.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (port.name) out.push(...invalidEach(`${path}.service.port.name`, port.name, isValidPortName(port.name)));
  else if (port.number) out.push(...invalidEach(`${path}.service.port.number`, port.number, isValidPortNum(port.number)));
  else out.push(required(path, 'port name or number is required'));
  return out;
}

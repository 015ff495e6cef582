/**
 * networking.k8s.io/v1 IngressClass: `parameters.scope` defaults to Cluster, the controller is a
 * domain-prefixed path (immutable), parameters are a well-formed reference, and the
 * CONTROLLER / PARAMETERS columns.
 */
import { isDNS1123Label, isDNS1123Subdomain } from '../../../shared/api/names.js';
import type { KubeObject } from '../../../shared/api/object.js';
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { forbidden, immutable, invalid, invalidEach, notSupported, required, tooLong, type FieldError } from './field-errors.js';
import { AGE_COLUMN, col } from './table-columns.js';

interface Parameters {
  apiGroup?: string;
  kind?: string;
  name?: string;
  scope?: string;
  namespace?: string;
}

export interface IngressClass extends KubeObject {
  spec?: { controller?: string; parameters?: Parameters };
}

const MAX_CONTROLLER = 250;
const HTTP_PATH_RE = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

/** Upstream `IsDomainPrefixedPath`: `example.com/controller`. */
function validateController(controller: string, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (controller.length > MAX_CONTROLLER) out.push(tooLong(path, MAX_CONTROLLER));
  if (!controller) return [...out, required(path)];
  const slash = controller.indexOf('/');
  const host = slash > 0 ? controller.slice(0, slash) : '';
  const rest = slash > 0 ? controller.slice(slash + 1) : '';
  if (!host || !rest) return [...out, invalid(path, controller, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  out.push(...invalidEach(path, host, isDNS1123Subdomain(host)));
  if (!HTTP_PATH_RE.test(rest)) {
    out.push(invalid(path, rest, "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"));
  }
  return out;
}

function validateParameters(p: Parameters | undefined, path: string): FieldError[] {
  if (!p) return [];
  const out: FieldError[] = [];
  if (!p.kind) out.push(required(`${path}.kind`));
  if (!p.name) out.push(required(`${path}.name`));
  if (!p.scope) return [...out, required(`${path}.scope`)];
  if (p.scope !== 'Cluster' && p.scope !== 'Namespace') return [...out, notSupported(`${path}.scope`, p.scope, ['Cluster', 'Namespace'])];
  if (p.scope === 'Namespace') {
    if (!p.namespace) out.push(required(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
    else out.push(...invalidEach(`${path}.namespace`, p.namespace, isDNS1123Label(p.namespace)));
  } else if (p.namespace !== undefined) {
    out.push(forbidden(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  }
  return out;
}

function validateIngressClass(ic: IngressClass): FieldError[] {
  return [...validateController(ic.spec?.controller ?? '', 'spec.controller'), ...validateParameters(ic.spec?.parameters, 'spec.parameters')];
}

/** PARAMETERS: `Kind.group/name` or `<none>`. */
function formatParameters(p: Parameters | undefined): string {
  if (!p) return '<none>';
  return `${p.kind ?? ''}${p.apiGroup !== undefined ? `.${p.apiGroup}` : ''}/${p.name ?? ''}`;
}

export const ingressClassStrategy = {
  nameRule: 'subdomain',
  defaults(ic: IngressClass): void {
    if (ic.spec?.parameters && !ic.spec.parameters.scope) ic.spec.parameters.scope = 'Cluster';
  },
  validate: validateIngressClass,
  validateUpdate: (ic: IngressClass, old: IngressClass) => [
    ...immutable('spec.controller', ic.spec?.controller, old.spec?.controller),
    ...validateIngressClass(ic),
  ],
  table: {
    columns: [
      col('Controller', 'string', 'Controller that is responsible for handling this class'),
      col('Parameters', 'string', 'A reference to a resource with additional parameters'),
      AGE_COLUMN,
    ],
    cells: (ic: IngressClass, now: Date) => [ic.spec?.controller ?? '', formatParameters(ic.spec?.parameters), formatAge(ic.metadata.creationTimestamp, now)],
  },
} satisfies KindStrategy<IngressClass>;

/**
 * networking.k8s.io/v1 Ingress: validation (`ingress-validation.ts`, plus the legacy class
 * annotation agreeing with `ingressClassName`) and the CLASS / HOSTS / ADDRESS / PORTS Table.
 * Ingress has no defaults upstream (`pathType` is required, not defaulted).
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { invalid, type FieldError } from './field-errors.js';
import { validateIngressSpec, type IngressSpec } from './ingress-validation.js';
import { AGE_COLUMN, col, loadBalancerAddresses } from './table-columns.js';

export interface Ingress extends KubeObject {
  spec?: IngressSpec;
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

function validateIngress(ing: Ingress): FieldError[] {
  const out = validateIngressSpec(ing.spec ?? {}, 'spec');
  const annotation = ing.metadata.annotations?.[CLASS_ANNOTATION];
  const className = ing.spec?.ingressClassName;
  if (annotation !== undefined && className !== undefined && annotation !== className) {
    out.push(invalid(`annotations.${CLASS_ANNOTATION}`, annotation, 'must match `ingressClassName` when both are specified'));
  }
  return out;
}

/** HOSTS: up to three rule hosts, `+ N more...`, or `*`. */
export function ingressHosts(spec: IngressSpec | undefined): string {
  const rules = spec?.rules ?? [];
  const hosts = rules.map((r) => r.host ?? '').filter(Boolean).slice(0, 3);
  if (hosts.length === 0) return '*';
  return rules.length > 3 ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',');
}

export const ingressStrategy = {
  nameRule: 'subdomain',
  validate: validateIngress,
  validateUpdate: (ing: Ingress) => validateIngress(ing),
  table: {
    columns: [
      col('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
      col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
      col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
      col('Ports', 'string', 'Ports of TLS configurations that open'),
      AGE_COLUMN,
    ],
    cells: (ing: Ingress, now: Date) => [
      ing.spec?.ingressClassName ?? '<none>',
      ingressHosts(ing.spec),
      loadBalancerAddresses(ing.status?.loadBalancer?.ingress).join(','),
      ing.spec?.tls?.length ? '80, 443' : '80',
      formatAge(ing.metadata.creationTimestamp, now),
    ],
  },
} satisfies KindStrategy<Ingress>;

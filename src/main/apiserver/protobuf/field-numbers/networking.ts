/**
 * Field numbers of networking.k8s.io/v1 Ingress and IngressClass.
 * Source: k8s.io/api/networking/v1/generated.proto.
 */
import type { LayoutTable } from './types.js';

const net = (type: string): string => `io.k8s.api.networking.v1.${type}`;

export const networkingLayouts: LayoutTable = {
  [net('Ingress')]: { fields: { metadata: 1, spec: 2, status: 3 } },
  [net('IngressSpec')]: { fields: { defaultBackend: 1, tls: 2, rules: 3, ingressClassName: 4 }, keepZero: ['ingressClassName'] },
  [net('IngressBackend')]: { fields: { resource: 3, service: 4 } },
  [net('IngressServiceBackend')]: { fields: { name: 1, port: 2 }, keepZero: ['name'] },
  [net('ServiceBackendPort')]: { fields: { name: 1, number: 2 } },
  /** `http` lives in the embedded IngressRuleValue (field 2). */
  [net('IngressRule')]: { fields: { host: 1 }, inline: { 2: { fields: { http: 1 } } } },
  [net('HTTPIngressRuleValue')]: { fields: { paths: 1 } },
  [net('HTTPIngressPath')]: { fields: { path: 1, backend: 2, pathType: 3 }, keepZero: ['pathType'] },
  [net('IngressTLS')]: { fields: { hosts: 1, secretName: 2 } },
  [net('IngressStatus')]: { fields: { loadBalancer: 1 } },
  [net('IngressLoadBalancerStatus')]: { fields: { ingress: 1 } },
  [net('IngressLoadBalancerIngress')]: { fields: { ip: 1, hostname: 2, ports: 4 } },
  [net('IngressPortStatus')]: { fields: { port: 1, protocol: 2, error: 3 }, keepZero: ['port', 'protocol', 'error'] },

  [net('IngressClass')]: { fields: { metadata: 1, spec: 2 } },
  [net('IngressClassSpec')]: { fields: { controller: 1, parameters: 2 } },
  /** The proto field is spelled `aPIGroup`; JSON says `apiGroup`. */
  [net('IngressClassParametersReference')]: {
    fields: { apiGroup: 1, kind: 2, name: 3, scope: 4, namespace: 5 },
    keepZero: ['apiGroup', 'kind', 'name', 'scope', 'namespace'],
  },
};

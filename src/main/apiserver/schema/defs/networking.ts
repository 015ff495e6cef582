/**
 * networking.k8s.io/v1 Ingress and IngressClass.
 */
import { atomicList, core, def, int32, kindDef, ref, str } from '../dsl.js';
import type { Definition } from '../types.js';

const net = (type: string): string => `io.k8s.api.networking.v1.${type}`;

export const networkingDefinitions: Definition[] = [
  kindDef(net('Ingress'), { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' },
    'Rules that route external HTTP(S) traffic to services, implemented by an ingress controller.', {
      spec: ref(net('IngressSpec')),
      status: ref(net('IngressStatus')),
    }),
  def(net('IngressSpec'), 'Desired behaviour of an ingress.', {
    defaultBackend: ref(net('IngressBackend'), 'Where requests that match no rule go.'),
    ingressClassName: str('Name of the IngressClass that implements this ingress.'),
    rules: atomicList(ref(net('IngressRule')), 'Host rules; requests matching none go to the default backend.'),
    tls: atomicList(ref(net('IngressTLS')), 'TLS configuration.'),
  }),
  def(net('IngressBackend'), 'A service or resource that handles requests; exactly one member is set.', {
    resource: ref(core('TypedLocalObjectReference')),
    service: ref(net('IngressServiceBackend')),
  }),
  def(net('IngressServiceBackend'), 'A service port as a backend.', {
    name: str('Service name in the same namespace.'), port: ref(net('ServiceBackendPort')),
  }, { required: ['name'] }),
  def(net('ServiceBackendPort'), 'A service port by name or number; exactly one is set.', {
    name: str(), number: int32(),
  }),
  def(net('IngressRule'), 'Routes for one host, or all hosts if host is empty.', {
    host: str('Fully qualified domain name; may start with a "*." wildcard.'),
    http: ref(net('HTTPIngressRuleValue')),
  }),
  def(net('HTTPIngressRuleValue'), 'HTTP paths of a rule.', {
    paths: atomicList(ref(net('HTTPIngressPath'))),
  }, { required: ['paths'] }),
  def(net('HTTPIngressPath'), 'A path and the backend it routes to.', {
    backend: ref(net('IngressBackend')),
    path: str('Must start with "/".'),
    pathType: str('How path is matched.', ['Exact', 'Prefix', 'ImplementationSpecific']),
  }, { required: ['pathType', 'backend'] }),
  def(net('IngressTLS'), 'TLS for a set of hosts.', {
    hosts: atomicList(str()), secretName: str('Secret holding the certificate and key.'),
  }),
  def(net('IngressStatus'), 'Observed state of an ingress.', {
    loadBalancer: ref(net('IngressLoadBalancerStatus')),
  }),
  def(net('IngressLoadBalancerStatus'), 'Load balancer of an ingress.', {
    ingress: atomicList(ref(net('IngressLoadBalancerIngress'))),
  }),
  def(net('IngressLoadBalancerIngress'), 'One ingress point of the load balancer.', {
    hostname: str(), ip: str(), ports: atomicList(ref(net('IngressPortStatus'))),
  }),
  def(net('IngressPortStatus'), 'Status of one port.', {
    error: str(), port: int32(), protocol: str(undefined, ['TCP', 'UDP', 'SCTP']),
  }, { required: ['port', 'protocol'] }),

  kindDef(net('IngressClass'), { group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass' },
    'A class of ingresses and the controller that implements it.', {
      spec: ref(net('IngressClassSpec')),
    }),
  def(net('IngressClassSpec'), 'Specification of an IngressClass.', {
    controller: str('Name of the controller, e.g. example.com/ingress-controller.'),
    parameters: ref(net('IngressClassParametersReference'), 'Controller-specific configuration.'),
  }),
  def(net('IngressClassParametersReference'), 'An object holding controller configuration.', {
    apiGroup: str(), kind: str(), name: str(), namespace: str(), scope: str(undefined, ['Cluster', 'Namespace']),
  }, { required: ['kind', 'name'] }),
];

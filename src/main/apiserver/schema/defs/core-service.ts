/**
 * core/v1 Service (spec, ports, load-balancer status) and the legacy Endpoints kind.
 */
import {
  atomicList, bool, core, def, int32, intOrString, kindDef, meta, mergeList, ref, str, stringMap,
} from '../dsl.js';
import type { Definition } from '../types.js';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

export const serviceDefinitions: Definition[] = [
  kindDef(core('Service'), { group: '', version: 'v1', kind: 'Service' },
    'A named abstraction over a set of pods: a stable virtual IP and DNS name that load-balances to them.', {
      spec: ref(core('ServiceSpec'), 'Desired behaviour of the service.'),
      status: ref(core('ServiceStatus'), 'Observed state of the service. Read-only.'),
    }),
  def(core('ServiceSpec'), 'Desired behaviour of a service.', {
    allocateLoadBalancerNodePorts: bool('Whether a LoadBalancer service gets node ports. Defaults to true.'),
    clusterIP: str('Virtual IP of the service; "None" makes it headless. Assigned if empty.'),
    clusterIPs: atomicList(str(), 'Virtual IPs, one per IP family; the first equals clusterIP.'),
    externalIPs: atomicList(str(), 'Extra IPs that route to the service on its ports.'),
    externalName: str('DNS name returned as a CNAME, for type ExternalName.'),
    externalTrafficPolicy: str('How external traffic is routed to endpoints.', ['Cluster', 'Local']),
    healthCheckNodePort: int32('Health check port for Local external traffic policy.'),
    internalTrafficPolicy: str('How in-cluster traffic is routed to endpoints.', ['Cluster', 'Local']),
    ipFamilies: atomicList(str(undefined, ['IPv4', 'IPv6']), 'IP families of the service.'),
    ipFamilyPolicy: str(undefined, ['SingleStack', 'PreferDualStack', 'RequireDualStack']),
    loadBalancerClass: str('Load balancer implementation to use.'),
    loadBalancerIP: str('Deprecated: requested load balancer IP.'),
    loadBalancerSourceRanges: atomicList(str(), 'Client CIDRs allowed through the load balancer.'),
    ports: mergeList(ref(core('ServicePort')), 'port', {
      mapKeys: ['port', 'protocol'],
      description: 'Ports the service exposes.',
    }),
    publishNotReadyAddresses: bool('Include endpoints of pods that are not ready.'),
    selector: stringMap('Routes traffic to pods whose labels match. Endpoints are managed by hand if empty.'),
    sessionAffinity: str('Defaults to None.', ['ClientIP', 'None']),
    sessionAffinityConfig: ref(core('SessionAffinityConfig')),
    trafficDistribution: str('Preference for routing traffic, e.g. PreferClose.'),
    type: str('How the service is exposed. Defaults to ClusterIP.', [
      'ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort',
    ]),
  }),
  def(core('ServicePort'), 'One port of a service.', {
    appProtocol: str('Application protocol, e.g. http or kubernetes.io/h2c.'),
    name: str('Name of the port; required when there are several.'),
    nodePort: int32('Port on every node, for NodePort and LoadBalancer services.'),
    port: int32('Port the service listens on.'),
    protocol: str('Defaults to TCP.', PROTOCOLS),
    targetPort: intOrString('Port number or name on the pods. Defaults to port.'),
  }, { required: ['port'] }),
  def(core('SessionAffinityConfig'), 'Session affinity settings.', { clientIP: ref(core('ClientIPConfig')) }),
  def(core('ClientIPConfig'), 'ClientIP session affinity settings.', {
    timeoutSeconds: int32('Sticky session length, 1-86400. Defaults to 10800.'),
  }),
  def(core('ServiceStatus'), 'Observed state of a service.', {
    conditions: mergeList(ref(meta('Condition')), 'type'),
    loadBalancer: ref(core('LoadBalancerStatus'), 'The load balancer, if one is present.'),
  }),
  def(core('LoadBalancerStatus'), 'Status of a load balancer.', {
    ingress: atomicList(ref(core('LoadBalancerIngress')), 'Ingress points of the load balancer.'),
  }),
  def(core('LoadBalancerIngress'), 'One ingress point of a load balancer.', {
    hostname: str(),
    ip: str(),
    ipMode: str(undefined, ['VIP', 'Proxy']),
    ports: atomicList(ref(core('PortStatus'))),
  }),
  def(core('PortStatus'), 'Status of one service port.', {
    error: str(), port: int32(), protocol: str(undefined, PROTOCOLS),
  }, { required: ['port', 'protocol'] }),

  kindDef(core('Endpoints'), { group: '', version: 'v1', kind: 'Endpoints' },
    'The addresses that implement a service (legacy; see discovery.k8s.io EndpointSlice).', {
      subsets: atomicList(ref(core('EndpointSubset')), 'Groups of addresses that share the same ports.'),
    }),
  def(core('EndpointSubset'), 'Addresses and the ports they all serve.', {
    addresses: atomicList(ref(core('EndpointAddress')), 'Ready addresses.'),
    notReadyAddresses: atomicList(ref(core('EndpointAddress')), 'Addresses not yet ready.'),
    ports: atomicList(ref(core('EndpointPort'))),
  }),
  def(core('EndpointAddress'), 'One endpoint address.', {
    hostname: str(),
    ip: str(),
    nodeName: str(),
    targetRef: ref(core('ObjectReference'), 'The pod behind the address.'),
  }, { required: ['ip'] }),
  def(core('EndpointPort'), 'One endpoint port.', {
    appProtocol: str(), name: str(), port: int32(), protocol: str(undefined, PROTOCOLS),
  }, { required: ['port'] }),
];

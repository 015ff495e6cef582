/**
 * Field numbers of core/v1 Service (spec, ports, load-balancer status) and the legacy Endpoints
 * kind. Source: k8s.io/api/core/v1/generated.proto.
 */
import { core } from '../../schema/dsl.js';
import type { LayoutTable } from './types.js';

export const serviceLayouts: LayoutTable = {
  [core('Service')]: { fields: { metadata: 1, spec: 2, status: 3 } },
  [core('ServiceSpec')]: {
    fields: {
      ports: 1, selector: 2, clusterIP: 3, type: 4, externalIPs: 5, sessionAffinity: 7, loadBalancerIP: 8,
      loadBalancerSourceRanges: 9, externalName: 10, externalTrafficPolicy: 11, healthCheckNodePort: 12,
      publishNotReadyAddresses: 13, sessionAffinityConfig: 14, ipFamilyPolicy: 17, clusterIPs: 18, ipFamilies: 19,
      allocateLoadBalancerNodePorts: 20, loadBalancerClass: 21, internalTrafficPolicy: 22, trafficDistribution: 23,
    },
    keepZero: [
      'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass', 'internalTrafficPolicy', 'trafficDistribution',
    ],
  },
  [core('ServicePort')]: {
    fields: { name: 1, protocol: 2, port: 3, targetPort: 4, nodePort: 5, appProtocol: 6 },
    keepZero: ['port', 'appProtocol'],
  },
  [core('SessionAffinityConfig')]: { fields: { clientIP: 1 } },
  [core('ClientIPConfig')]: { fields: { timeoutSeconds: 1 }, keepZero: ['timeoutSeconds'] },
  [core('ServiceStatus')]: { fields: { loadBalancer: 1, conditions: 2 } },
  [core('LoadBalancerStatus')]: { fields: { ingress: 1 } },
  [core('LoadBalancerIngress')]: { fields: { ip: 1, hostname: 2, ipMode: 3, ports: 4 }, keepZero: ['ipMode'] },
  [core('PortStatus')]: { fields: { port: 1, protocol: 2, error: 3 }, keepZero: ['port', 'protocol', 'error'] },

  [core('Endpoints')]: { fields: { metadata: 1, subsets: 2 } },
  [core('EndpointSubset')]: { fields: { addresses: 1, notReadyAddresses: 2, ports: 3 } },
  [core('EndpointAddress')]: { fields: { ip: 1, targetRef: 2, hostname: 3, nodeName: 4 }, keepZero: ['ip', 'nodeName'] },
  [core('EndpointPort')]: { fields: { name: 1, port: 2, protocol: 3, appProtocol: 4 }, keepZero: ['port', 'appProtocol'] },
};

/**
 * discovery.k8s.io/v1 EndpointSlice: the endpoints of a service, which `kubectl describe svc` reads.
 */
import { atomicList, bool, core, def, int32, kindDef, ref, setList, str, stringMap } from '../dsl.js';
import type { Definition } from '../types.js';

const discovery = (type: string): string => `io.k8s.api.discovery.v1.${type}`;

export const discoveryDefinitions: Definition[] = [
  kindDef(discovery('EndpointSlice'), { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' },
    'A subset of the endpoints of a service. The owning service is in the kubernetes.io/service-name label.', {
      addressType: str('Type of the addresses. Immutable.', ['IPv4', 'IPv6', 'FQDN']),
      endpoints: atomicList(ref(discovery('Endpoint')), 'At most 1000 endpoints.'),
      ports: atomicList(ref(discovery('EndpointPort')), 'Ports every endpoint exposes; empty means all ports.'),
    }, { required: ['addressType', 'endpoints'] }),
  def(discovery('Endpoint'), 'One backend of a service, usually a pod.', {
    addresses: setList(str(), { description: 'Addresses of the endpoint, of the slice\'s address type.' }),
    conditions: ref(discovery('EndpointConditions')),
    deprecatedTopology: stringMap('Deprecated: topology labels.'),
    hints: ref(discovery('EndpointHints')),
    hostname: str(),
    nodeName: str('Node hosting the endpoint.'),
    targetRef: ref(core('ObjectReference'), 'The object behind the endpoint, usually a pod.'),
    zone: str('Zone the endpoint is in.'),
  }, { required: ['addresses'] }),
  def(discovery('EndpointConditions'), 'Current state of an endpoint.', {
    ready: bool('Ready to receive traffic: serving and not terminating (unless publishNotReadyAddresses).'),
    serving: bool('The pod is ready, whether or not it is terminating.'),
    terminating: bool('The pod is being deleted.'),
  }),
  def(discovery('EndpointHints'), 'Hints for topology-aware routing.', {
    forNodes: atomicList(ref(discovery('ForNode'))),
    forZones: atomicList(ref(discovery('ForZone'))),
  }),
  def(discovery('ForZone'), 'A zone that should consume an endpoint.', { name: str() }, { required: ['name'] }),
  def(discovery('ForNode'), 'A node that should consume an endpoint.', { name: str() }, { required: ['name'] }),
  def(discovery('EndpointPort'), 'A port of the endpoints in a slice.', {
    appProtocol: str(),
    name: str('Matches the service port name.'),
    port: int32(),
    protocol: str(undefined, ['TCP', 'UDP', 'SCTP']),
  }),
];

/**
 * Field numbers of discovery.k8s.io/v1 EndpointSlice. Source: k8s.io/api/discovery/v1/generated.proto.
 */
import type { LayoutTable } from './types.js';

const discovery = (type: string): string => `io.k8s.api.discovery.v1.${type}`;

export const discoveryLayouts: LayoutTable = {
  [discovery('EndpointSlice')]: { fields: { metadata: 1, endpoints: 2, ports: 3, addressType: 4 }, keepZero: ['addressType'] },
  [discovery('Endpoint')]: {
    fields: {
      addresses: 1, conditions: 2, hostname: 3, targetRef: 4, deprecatedTopology: 5, nodeName: 6, zone: 7, hints: 8,
    },
    keepZero: ['hostname', 'nodeName', 'zone'],
  },
  [discovery('EndpointConditions')]: {
    fields: { ready: 1, serving: 2, terminating: 3 }, keepZero: ['ready', 'serving', 'terminating'],
  },
  [discovery('EndpointHints')]: { fields: { forZones: 1, forNodes: 2 } },
  [discovery('ForZone')]: { fields: { name: 1 }, keepZero: ['name'] },
  [discovery('ForNode')]: { fields: { name: 1 }, keepZero: ['name'] },
  [discovery('EndpointPort')]: {
    fields: { name: 1, protocol: 2, port: 3, appProtocol: 4 }, keepZero: ['name', 'protocol', 'port', 'appProtocol'],
  },
};

/**
 * Field numbers of the core/v1 cluster-level kinds: Namespace, Node (spec, status, taints, node
 * info) and Binding with ObjectReference. Source: k8s.io/api/core/v1/generated.proto.
 */
import { core } from '../../schema/dsl.js';
import type { LayoutTable } from './types.js';

export const nodeLayouts: LayoutTable = {
  [core('Namespace')]: { fields: { metadata: 1, spec: 2, status: 3 } },
  [core('NamespaceSpec')]: { fields: { finalizers: 1 } },
  [core('NamespaceStatus')]: { fields: { phase: 1, conditions: 2 } },
  [core('NamespaceCondition')]: {
    fields: { type: 1, status: 2, lastTransitionTime: 4, reason: 5, message: 6 }, keepZero: ['type', 'status'],
  },

  [core('Node')]: { fields: { metadata: 1, spec: 2, status: 3 } },
  [core('NodeSpec')]: {
    fields: { podCIDR: 1, externalID: 2, providerID: 3, unschedulable: 4, taints: 5, configSource: 6, podCIDRs: 7 },
  },
  [core('Taint')]: { fields: { key: 1, value: 2, effect: 3, timeAdded: 4 }, keepZero: ['key', 'effect'] },
  [core('NodeConfigSource')]: { fields: { configMap: 2 } },
  [core('ConfigMapNodeConfigSource')]: {
    fields: { namespace: 1, name: 2, uid: 3, resourceVersion: 4, kubeletConfigKey: 5 },
    keepZero: ['namespace', 'name', 'kubeletConfigKey'],
  },
  [core('NodeStatus')]: {
    fields: {
      capacity: 1, allocatable: 2, phase: 3, conditions: 4, addresses: 5, daemonEndpoints: 6, nodeInfo: 7, images: 8,
      volumesInUse: 9, volumesAttached: 10, config: 11, runtimeHandlers: 12, features: 13,
    },
  },
  [core('NodeAddress')]: { fields: { type: 1, address: 2 }, keepZero: ['type', 'address'] },
  [core('NodeCondition')]: {
    fields: { type: 1, status: 2, lastHeartbeatTime: 3, lastTransitionTime: 4, reason: 5, message: 6 },
    keepZero: ['type', 'status'],
  },
  [core('NodeConfigStatus')]: { fields: { assigned: 1, active: 2, lastKnownGood: 3, error: 4 } },
  [core('NodeDaemonEndpoints')]: { fields: { kubeletEndpoint: 1 } },
  [core('DaemonEndpoint')]: { fields: { Port: 1 }, keepZero: ['Port'] },
  [core('NodeFeatures')]: { fields: { supplementalGroupsPolicy: 1 }, keepZero: ['supplementalGroupsPolicy'] },
  [core('ContainerImage')]: { fields: { names: 1, sizeBytes: 2 } },
  [core('NodeSystemInfo')]: {
    fields: {
      machineID: 1, systemUUID: 2, bootID: 3, kernelVersion: 4, osImage: 5, containerRuntimeVersion: 6,
      kubeletVersion: 7, kubeProxyVersion: 8, operatingSystem: 9, architecture: 10, swap: 11,
    },
    keepZero: [
      'machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion', 'kubeletVersion',
      'kubeProxyVersion', 'operatingSystem', 'architecture',
    ],
  },
  [core('NodeSwapStatus')]: { fields: { capacity: 1 }, keepZero: ['capacity'] },
  [core('NodeRuntimeHandler')]: { fields: { name: 1, features: 2 }, keepZero: ['name'] },
  [core('NodeRuntimeHandlerFeatures')]: {
    fields: { recursiveReadOnlyMounts: 1, userNamespaces: 2 }, keepZero: ['recursiveReadOnlyMounts', 'userNamespaces'],
  },
  [core('AttachedVolume')]: { fields: { name: 1, devicePath: 2 }, keepZero: ['name', 'devicePath'] },

  [core('Binding')]: { fields: { metadata: 1, target: 2 } },
  [core('ObjectReference')]: {
    fields: { kind: 1, namespace: 2, name: 3, uid: 4, apiVersion: 5, resourceVersion: 6, fieldPath: 7 },
  },
};

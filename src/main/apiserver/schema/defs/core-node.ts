/**
 * core/v1 cluster-level kinds: Namespace and Node (spec, status, taints), plus Binding, which the
 * scheduler posts to assign a pod to a node, and ObjectReference, which Binding and Event use.
 */
import {
  atomicList, bool, conditionList, core, def, int32, int64, kindDef, mergeList, quantityMap, ref, setList, str,
  time,
} from '../dsl.js';
import type { Definition } from '../types.js';

const CONDITION_STATUS = ['True', 'False', 'Unknown'] as const;

export const nodeDefinitions: Definition[] = [
  kindDef(core('Namespace'), { group: '', version: 'v1', kind: 'Namespace' },
    'A scope for names. Deleting it deletes everything in it.', {
      spec: ref(core('NamespaceSpec')),
      status: ref(core('NamespaceStatus')),
    }),
  def(core('NamespaceSpec'), 'Desired state of a namespace.', {
    finalizers: atomicList(str(), 'Must be empty before the namespace is removed from storage.'),
  }),
  def(core('NamespaceStatus'), 'Observed state of a namespace.', {
    conditions: conditionList(core('NamespaceCondition')),
    phase: str('Active, or Terminating while its contents are deleted.', ['Active', 'Terminating']),
  }),
  def(core('NamespaceCondition'), 'One condition of a namespace.', {
    lastTransitionTime: time(), message: str(), reason: str(), status: str(undefined, CONDITION_STATUS), type: str(),
  }, { required: ['type', 'status'] }),

  kindDef(core('Node'), { group: '', version: 'v1', kind: 'Node' }, 'A worker machine that runs pods.', {
    spec: ref(core('NodeSpec')),
    status: ref(core('NodeStatus'), 'Reported by the kubelet. Read-only.'),
  }),
  def(core('NodeSpec'), 'Desired state of a node.', {
    configSource: ref(core('NodeConfigSource'), 'Deprecated.'),
    externalID: str('Deprecated.'),
    podCIDR: str('Pod IP range assigned to the node.'),
    podCIDRs: setList(str(), { merge: true, description: 'Pod IP ranges assigned to the node, one per IP family.' }),
    providerID: str('ID of the node in the cloud provider.'),
    taints: atomicList(ref(core('Taint')), 'Taints that repel pods that do not tolerate them.'),
    unschedulable: bool('If true, no new pods are scheduled here (kubectl cordon).'),
  }),
  def(core('Taint'), 'Repels pods that do not tolerate it.', {
    effect: str(undefined, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
    key: str(),
    timeAdded: time('When a NoExecute taint was added.'),
    value: str(),
  }, { required: ['key', 'effect'] }),
  def(core('NodeConfigSource'), 'Deprecated dynamic kubelet config source.', {
    configMap: ref(core('ConfigMapNodeConfigSource')),
  }),
  def(core('ConfigMapNodeConfigSource'), 'Deprecated dynamic kubelet config in a ConfigMap.', {
    kubeletConfigKey: str(), name: str(), namespace: str(), resourceVersion: str(), uid: str(),
  }, { required: ['namespace', 'name', 'kubeletConfigKey'] }),
  def(core('NodeStatus'), 'Observed state of a node.', {
    addresses: mergeList(ref(core('NodeAddress')), 'type', { description: 'Addresses of the node.' }),
    allocatable: quantityMap('Resources available to pods.'),
    capacity: quantityMap('Total resources of the node.'),
    conditions: conditionList(core('NodeCondition'), 'Ready, MemoryPressure, DiskPressure, PIDPressure, ...'),
    config: ref(core('NodeConfigStatus'), 'Deprecated.'),
    daemonEndpoints: ref(core('NodeDaemonEndpoints'), 'Ports of daemons on the node.'),
    features: ref(core('NodeFeatures')),
    images: atomicList(ref(core('ContainerImage')), 'Images present on the node.'),
    nodeInfo: ref(core('NodeSystemInfo'), 'Versions and IDs of the node.'),
    phase: str('Deprecated.', ['Pending', 'Running', 'Terminated']),
    runtimeHandlers: atomicList(ref(core('NodeRuntimeHandler'))),
    volumesAttached: atomicList(ref(core('AttachedVolume'))),
    volumesInUse: atomicList(str()),
  }),
  def(core('NodeAddress'), 'One address of a node.', {
    address: str(),
    type: str(undefined, ['Hostname', 'InternalIP', 'ExternalIP', 'InternalDNS', 'ExternalDNS']),
  }, { required: ['type', 'address'] }),
  def(core('NodeCondition'), 'One condition of a node.', {
    lastHeartbeatTime: time('When the kubelet last reported this condition.'),
    lastTransitionTime: time(),
    message: str(),
    reason: str(),
    status: str(undefined, CONDITION_STATUS),
    type: str('e.g. Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable.'),
  }, { required: ['type', 'status'] }),
  def(core('NodeConfigStatus'), 'Deprecated dynamic kubelet config status.', {
    active: ref(core('NodeConfigSource')),
    assigned: ref(core('NodeConfigSource')),
    error: str(),
    lastKnownGood: ref(core('NodeConfigSource')),
  }),
  def(core('NodeDaemonEndpoints'), 'Ports of daemons on a node.', { kubeletEndpoint: ref(core('DaemonEndpoint')) }),
  def(core('DaemonEndpoint'), 'A daemon port.', { Port: int32() }, { required: ['Port'] }),
  def(core('NodeFeatures'), 'Features the node supports.', { supplementalGroupsPolicy: bool() }),
  def(core('ContainerImage'), 'An image on a node.', { names: atomicList(str()), sizeBytes: int64() }),
  def(core('NodeSystemInfo'), 'Versions and IDs of a node.', {
    architecture: str(), bootID: str(), containerRuntimeVersion: str(), kernelVersion: str(),
    kubeProxyVersion: str('Deprecated.'), kubeletVersion: str(), machineID: str(), operatingSystem: str(),
    osImage: str(), swap: ref(core('NodeSwapStatus')), systemUUID: str(),
  }, {
    required: [
      'machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion',
      'kubeletVersion', 'kubeProxyVersion', 'operatingSystem', 'architecture',
    ],
  }),
  def(core('NodeSwapStatus'), 'Swap memory of a node.', { capacity: int64('Bytes.') }),
  def(core('NodeRuntimeHandler'), 'A runtime handler of the node\'s container runtime.', {
    features: ref(core('NodeRuntimeHandlerFeatures')), name: str(),
  }),
  def(core('NodeRuntimeHandlerFeatures'), 'Features of a runtime handler.', {
    recursiveReadOnlyMounts: bool(), userNamespaces: bool(),
  }),
  def(core('AttachedVolume'), 'A volume attached to a node.', { devicePath: str(), name: str() }, {
    required: ['name', 'devicePath'],
  }),

  kindDef(core('Binding'), { group: '', version: 'v1', kind: 'Binding' },
    'Binds a pod to a node; posted to the pod\'s binding subresource by the scheduler.', {
      target: ref(core('ObjectReference'), 'The node to bind to.'),
    }, { required: ['target'] }),
  def(core('ObjectReference'), 'A reference to any object, or to a field of it.', {
    apiVersion: str(),
    fieldPath: str('A field of the object, e.g. spec.containers{app}.'),
    kind: str(),
    name: str(),
    namespace: str(),
    resourceVersion: str(),
    uid: str(),
  }),
];

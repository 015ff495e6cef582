/**
 * core/v1 Pod: PodSpec (scheduling, security, DNS, volumes and containers by reference), PodStatus
 * with container states, and PodTemplateSpec. Containers are in `core-container.ts`, volumes in
 * `core-volume.ts`, affinity and tolerations in `core-scheduling.ts`.
 */
import {
  OBJECT_META, atomicList, bool, conditionList, core, def, int32, int64, kindDef, mapList, mergeList, quantityMap, ref, str,
  stringMap, time,
} from '../dsl.js';
import type { Definition } from '../types.js';

const CONTAINER = core('Container');
const CONTAINER_STATUS = core('ContainerStatus');

export const podDefinitions: Definition[] = [
  kindDef(core('Pod'), { group: '', version: 'v1', kind: 'Pod' },
    'A group of containers that run together on one node, sharing network and volumes.', {
      spec: ref(core('PodSpec'), 'Desired behaviour of the pod.'),
      status: ref(core('PodStatus'), 'Most recently observed status of the pod. Read-only.'),
    }),
  def(core('PodTemplateSpec'), 'The pods a controller creates: their metadata and spec.', {
    metadata: ref(OBJECT_META, 'Labels and annotations of the created pods.'),
    spec: ref(core('PodSpec'), 'Spec of the created pods.'),
  }),

  def(core('PodSpec'), 'Desired behaviour of a pod.', {
    activeDeadlineSeconds: int64('Seconds the pod may be active before the kubelet fails it.'),
    affinity: ref(core('Affinity'), 'Node affinity and pod (anti-)affinity scheduling constraints.'),
    automountServiceAccountToken: bool('Mount a service account token automatically.'),
    containers: mergeList(ref(CONTAINER), 'name', { description: 'The containers of the pod. At least one.' }),
    dnsConfig: ref(core('PodDNSConfig'), 'DNS parameters merged with those from dnsPolicy.'),
    dnsPolicy: str('How the pod resolves names. Defaults to ClusterFirst.', [
      'ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None',
    ]),
    enableServiceLinks: bool('Inject Service environment variables (Docker links style). Defaults to true.'),
    ephemeralContainers: mergeList(ref(core('EphemeralContainer')), 'name', {
      description: 'Debugging containers added to the running pod through the ephemeralcontainers subresource.',
    }),
    hostAliases: mergeList(ref(core('HostAlias')), 'ip', { description: 'Extra /etc/hosts entries.' }),
    hostIPC: bool('Use the node\'s IPC namespace.'),
    hostNetwork: bool('Use the node\'s network namespace.'),
    hostPID: bool('Use the node\'s PID namespace.'),
    hostUsers: bool('Use the node\'s user namespace. Defaults to true.'),
    hostname: str('Hostname of the pod; defaults to the pod name.'),
    imagePullSecrets: mergeList(ref(core('LocalObjectReference')), 'name', {
      description: 'Secrets in the pod\'s namespace used to pull images.',
    }),
    initContainers: mergeList(ref(CONTAINER), 'name', {
      description: 'Containers run in order, each to completion, before the app containers start.',
    }),
    nodeName: str('The node the pod is bound to. Set by the scheduler.'),
    nodeSelector: stringMap('Labels a node must have for the pod to be scheduled there.'),
    os: ref(core('PodOS'), 'The operating system the pod runs on.'),
    overhead: quantityMap('Resources used by the pod sandbox on top of its containers.'),
    preemptionPolicy: str('Whether the pod may preempt lower-priority pods.', ['Never', 'PreemptLowerPriority']),
    priority: int32('Priority value, resolved from priorityClassName by admission.'),
    priorityClassName: str('Name of the PriorityClass.'),
    readinessGates: atomicList(ref(core('PodReadinessGate')), 'Extra conditions that must be True for readiness.'),
    resourceClaims: mergeList(ref(core('PodResourceClaim')), 'name', {
      retainKeys: true, description: 'Dynamic resources the pod uses.',
    }),
    resources: ref(core('ResourceRequirements'), 'Pod-level resource requests and limits.'),
    restartPolicy: str('Restart policy for all containers. Defaults to Always.', ['Always', 'OnFailure', 'Never']),
    runtimeClassName: str('Name of the RuntimeClass to run the pod with.'),
    schedulerName: str('Scheduler that places the pod. Defaults to default-scheduler.'),
    schedulingGates: mergeList(ref(core('PodSchedulingGate')), 'name', {
      description: 'The pod is not scheduled while any gate remains.',
    }),
    securityContext: ref(core('PodSecurityContext'), 'Pod-level security attributes.'),
    serviceAccount: str('Deprecated alias for serviceAccountName.'),
    serviceAccountName: str('ServiceAccount the pod runs as.'),
    setHostnameAsFQDN: bool('Set the kernel hostname to the pod\'s FQDN.'),
    shareProcessNamespace: bool('Share one PID namespace between all containers.'),
    subdomain: str('Subdomain; the FQDN becomes <hostname>.<subdomain>.<namespace>.svc.<cluster-domain>.'),
    terminationGracePeriodSeconds: int64('Seconds between SIGTERM and SIGKILL on deletion. Defaults to 30.'),
    tolerations: atomicList(ref(core('Toleration')), 'Taints the pod tolerates.'),
    topologySpreadConstraints: mergeList(ref(core('TopologySpreadConstraint')), 'topologyKey', {
      mapKeys: ['topologyKey', 'whenUnsatisfiable'],
      description: 'How pods are spread across topology domains.',
    }),
    volumes: mergeList(ref(core('Volume')), 'name', {
      retainKeys: true, description: 'Volumes the containers can mount.',
    }),
  }, { required: ['containers'] }),
  def(core('LocalObjectReference'), 'A reference to an object by name in the same namespace.', {
    name: str('Name of the referent.'),
  }),
  def(core('PodDNSConfig'), 'DNS settings of a pod beyond its dnsPolicy.', {
    nameservers: atomicList(str()),
    options: atomicList(ref(core('PodDNSConfigOption'))),
    searches: atomicList(str()),
  }),
  def(core('PodDNSConfigOption'), 'One resolver option.', { name: str(), value: str() }),
  def(core('HostAlias'), 'One /etc/hosts entry.', { hostnames: atomicList(str()), ip: str() }, { required: ['ip'] }),
  def(core('PodReadinessGate'), 'A pod condition that gates readiness.', { conditionType: str() }, {
    required: ['conditionType'],
  }),
  def(core('PodSchedulingGate'), 'A gate that blocks scheduling while present.', { name: str() }, {
    required: ['name'],
  }),
  def(core('PodResourceClaim'), 'A dynamic resource claim of the pod.', {
    name: str(), resourceClaimName: str(), resourceClaimTemplateName: str(),
  }, { required: ['name'] }),
  def(core('PodOS'), 'The operating system of a pod.', { name: str(undefined, ['linux', 'windows']) }, {
    required: ['name'],
  }),
  def(core('PodSecurityContext'), 'Security attributes for all containers of a pod.', {
    appArmorProfile: ref(core('AppArmorProfile')),
    fsGroup: int64('Group that owns volumes and is added to every container process.'),
    fsGroupChangePolicy: str(undefined, ['OnRootMismatch', 'Always']),
    runAsGroup: int64(),
    runAsNonRoot: bool(),
    runAsUser: int64(),
    seLinuxChangePolicy: str(),
    seLinuxOptions: ref(core('SELinuxOptions')),
    seccompProfile: ref(core('SeccompProfile')),
    supplementalGroups: atomicList(int64()),
    supplementalGroupsPolicy: str(undefined, ['Merge', 'Strict']),
    sysctls: atomicList(ref(core('Sysctl'))),
    windowsOptions: ref(core('WindowsSecurityContextOptions')),
  }),
  def(core('Sysctl'), 'A namespaced kernel parameter.', { name: str(), value: str() }, { required: ['name', 'value'] }),

  def(core('PodStatus'), 'Observed state of a pod. Written by the kubelet and the scheduler.', {
    conditions: conditionList(core('PodCondition'), 'PodScheduled, Initialized, ContainersReady, Ready and others.'),
    containerStatuses: atomicList(ref(CONTAINER_STATUS), 'One entry per app container.'),
    ephemeralContainerStatuses: atomicList(ref(CONTAINER_STATUS)),
    hostIP: str('IP of the node the pod runs on.'),
    hostIPs: mergeList(ref(core('HostIP')), 'ip', { listType: 'atomic' }),
    initContainerStatuses: atomicList(ref(CONTAINER_STATUS)),
    message: str('Why the pod is in this state.'),
    nominatedNodeName: str('Node the pod may run on once preemption finishes.'),
    observedGeneration: int64('The metadata.generation this status was computed for.'),
    phase: str('High-level summary of the pod\'s lifecycle.', ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']),
    podIP: str('IP address of the pod.'),
    podIPs: mergeList(ref(core('PodIP')), 'ip', { description: 'IPs of the pod, podIP first.' }),
    qosClass: str('Quality of service class.', ['BestEffort', 'Burstable', 'Guaranteed']),
    reason: str('CamelCase reason, e.g. Evicted.'),
    resize: str('Status of an in-place resize.'),
    resourceClaimStatuses: mergeList(ref(core('PodResourceClaimStatus')), 'name', { retainKeys: true }),
    startTime: time('When the kubelet acknowledged the pod.'),
  }),
  def(core('PodCondition'), 'One condition of a pod.', {
    lastProbeTime: time(),
    lastTransitionTime: time(),
    message: str(),
    observedGeneration: int64(),
    reason: str(),
    status: str(undefined, ['True', 'False', 'Unknown']),
    type: str('e.g. Ready, ContainersReady, Initialized, PodScheduled.'),
  }, { required: ['type', 'status'] }),
  def(core('PodIP'), 'One IP of a pod.', { ip: str() }, { required: ['ip'] }),
  def(core('HostIP'), 'One IP of the pod\'s node.', { ip: str() }, { required: ['ip'] }),
  def(core('PodResourceClaimStatus'), 'The claim generated for one pod resource claim.', {
    name: str(), resourceClaimName: str(),
  }, { required: ['name'] }),

  def(CONTAINER_STATUS, 'Observed state of one container.', {
    allocatedResources: quantityMap('Resources allocated to the container by the node.'),
    allocatedResourcesStatus: mergeList(ref(core('ResourceStatus')), 'name'),
    containerID: str('Runtime ID, as <type>://<id>.'),
    image: str('Image the container runs.'),
    imageID: str('Digest of the image.'),
    lastState: ref(core('ContainerState'), 'The previous state, e.g. the last termination.'),
    name: str(),
    ready: bool('Whether the readiness probe passes.'),
    resources: ref(core('ResourceRequirements'), 'Resources currently applied to the running container.'),
    restartCount: int32('Number of restarts.'),
    started: bool('Whether the startup probe passed.'),
    state: ref(core('ContainerState'), 'Current state.'),
    user: ref(core('ContainerUser')),
    volumeMounts: mergeList(ref(core('VolumeMountStatus')), 'mountPath'),
  }, { required: ['name', 'ready', 'restartCount', 'image', 'imageID'] }),
  def(core('ContainerState'), 'State of a container; exactly one member is set.', {
    running: ref(core('ContainerStateRunning')),
    terminated: ref(core('ContainerStateTerminated')),
    waiting: ref(core('ContainerStateWaiting')),
  }),
  def(core('ContainerStateWaiting'), 'A container not yet running.', {
    message: str(), reason: str('e.g. ContainerCreating, CrashLoopBackOff, ImagePullBackOff.'),
  }),
  def(core('ContainerStateRunning'), 'A running container.', { startedAt: time() }),
  def(core('ContainerStateTerminated'), 'A container that exited.', {
    containerID: str(),
    exitCode: int32(),
    finishedAt: time(),
    message: str(),
    reason: str('e.g. Completed, Error, OOMKilled.'),
    signal: int32(),
    startedAt: time(),
  }, { required: ['exitCode'] }),
  def(core('ContainerUser'), 'Identity the container process runs as.', { linux: ref(core('LinuxContainerUser')) }),
  def(core('LinuxContainerUser'), 'Linux identity of the container process.', {
    gid: int64(), supplementalGroups: atomicList(int64()), uid: int64(),
  }, { required: ['uid', 'gid'] }),
  def(core('VolumeMountStatus'), 'State of one volume mount.', {
    mountPath: str(), name: str(), readOnly: bool(), recursiveReadOnly: str(),
  }, { required: ['name', 'mountPath'] }),
  def(core('ResourceStatus'), 'Health of the devices behind one resource.', {
    name: str(),
    resources: mapList(ref(core('ResourceHealth')), ['resourceID']),
  }, { required: ['name'] }),
  def(core('ResourceHealth'), 'Health of one device.', { health: str(), resourceID: str() }, {
    required: ['resourceID'],
  }),
];

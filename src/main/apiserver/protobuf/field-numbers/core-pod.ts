/**
 * Field numbers of core/v1 Pod: PodSpec, PodStatus with container statuses, PodTemplateSpec and
 * the small types they use. Source: k8s.io/api/core/v1/generated.proto.
 */
import { core } from '../../schema/dsl.js';
import type { LayoutTable } from './types.js';

const CONDITION_KEYS = ['type', 'status'];

export const podLayouts: LayoutTable = {
  [core('Pod')]: { fields: { metadata: 1, spec: 2, status: 3 } },
  [core('PodTemplateSpec')]: { fields: { metadata: 1, spec: 2 } },
  [core('PodSpec')]: {
    fields: {
      volumes: 1, containers: 2, restartPolicy: 3, terminationGracePeriodSeconds: 4, activeDeadlineSeconds: 5,
      dnsPolicy: 6, nodeSelector: 7, serviceAccountName: 8, serviceAccount: 9, nodeName: 10, hostNetwork: 11,
      hostPID: 12, hostIPC: 13, securityContext: 14, imagePullSecrets: 15, hostname: 16, subdomain: 17,
      affinity: 18, schedulerName: 19, initContainers: 20, automountServiceAccountToken: 21, tolerations: 22,
      hostAliases: 23, priorityClassName: 24, priority: 25, dnsConfig: 26, shareProcessNamespace: 27,
      readinessGates: 28, runtimeClassName: 29, enableServiceLinks: 30, preemptionPolicy: 31, overhead: 32,
      topologySpreadConstraints: 33, ephemeralContainers: 34, setHostnameAsFQDN: 35, os: 36, hostUsers: 37,
      schedulingGates: 38, resourceClaims: 39, resources: 40,
    },
    keepZero: [
      'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'automountServiceAccountToken', 'shareProcessNamespace',
      'priority', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'setHostnameAsFQDN', 'hostUsers',
    ],
  },
  [core('LocalObjectReference')]: { fields: { name: 1 } },
  [core('PodDNSConfig')]: { fields: { nameservers: 1, searches: 2, options: 3 } },
  [core('PodDNSConfigOption')]: { fields: { name: 1, value: 2 }, keepZero: ['value'] },
  [core('HostAlias')]: { fields: { ip: 1, hostnames: 2 } },
  [core('PodReadinessGate')]: { fields: { conditionType: 1 }, keepZero: ['conditionType'] },
  [core('PodSchedulingGate')]: { fields: { name: 1 }, keepZero: ['name'] },
  [core('PodResourceClaim')]: {
    fields: { name: 1, resourceClaimName: 3, resourceClaimTemplateName: 4 },
    keepZero: ['name', 'resourceClaimName', 'resourceClaimTemplateName'],
  },
  [core('PodOS')]: { fields: { name: 1 }, keepZero: ['name'] },
  [core('PodSecurityContext')]: {
    fields: {
      seLinuxOptions: 1, runAsUser: 2, runAsNonRoot: 3, supplementalGroups: 4, fsGroup: 5, runAsGroup: 6, sysctls: 7,
      windowsOptions: 8, fsGroupChangePolicy: 9, seccompProfile: 10, appArmorProfile: 11, supplementalGroupsPolicy: 12,
      seLinuxChangePolicy: 13,
    },
    keepZero: [
      'runAsUser', 'runAsNonRoot', 'fsGroup', 'runAsGroup', 'fsGroupChangePolicy', 'supplementalGroupsPolicy',
      'seLinuxChangePolicy',
    ],
  },
  [core('Sysctl')]: { fields: { name: 1, value: 2 }, keepZero: ['name', 'value'] },

  [core('PodStatus')]: {
    fields: {
      phase: 1, conditions: 2, message: 3, reason: 4, hostIP: 5, podIP: 6, startTime: 7, containerStatuses: 8,
      qosClass: 9, initContainerStatuses: 10, nominatedNodeName: 11, podIPs: 12, ephemeralContainerStatuses: 13,
      resize: 14, resourceClaimStatuses: 15, hostIPs: 16, observedGeneration: 17,
    },
  },
  [core('PodCondition')]: {
    fields: {
      type: 1, status: 2, lastProbeTime: 3, lastTransitionTime: 4, reason: 5, message: 6, observedGeneration: 7,
    },
    keepZero: CONDITION_KEYS,
  },
  [core('PodIP')]: { fields: { ip: 1 }, keepZero: ['ip'] },
  [core('HostIP')]: { fields: { ip: 1 }, keepZero: ['ip'] },
  [core('PodResourceClaimStatus')]: {
    fields: { name: 1, resourceClaimName: 2 },
    keepZero: ['name', 'resourceClaimName'],
  },

  [core('ContainerStatus')]: {
    fields: {
      name: 1, state: 2, lastState: 3, ready: 4, restartCount: 5, image: 6, imageID: 7, containerID: 8, started: 9,
      allocatedResources: 10, resources: 11, volumeMounts: 12, user: 13, allocatedResourcesStatus: 14,
    },
    keepZero: ['name', 'ready', 'restartCount', 'image', 'imageID', 'started'],
  },
  [core('ContainerState')]: { fields: { waiting: 1, running: 2, terminated: 3 } },
  [core('ContainerStateWaiting')]: { fields: { reason: 1, message: 2 } },
  [core('ContainerStateRunning')]: { fields: { startedAt: 1 } },
  [core('ContainerStateTerminated')]: {
    fields: { exitCode: 1, signal: 2, reason: 3, message: 4, startedAt: 5, finishedAt: 6, containerID: 7 },
    keepZero: ['exitCode'],
  },
  [core('ContainerUser')]: { fields: { linux: 1 } },
  [core('LinuxContainerUser')]: { fields: { uid: 1, gid: 2, supplementalGroups: 3 }, keepZero: ['uid', 'gid'] },
  [core('VolumeMountStatus')]: {
    fields: { name: 1, mountPath: 2, readOnly: 3, recursiveReadOnly: 4 },
    keepZero: ['name', 'mountPath', 'recursiveReadOnly'],
  },
  [core('ResourceStatus')]: { fields: { name: 1, resources: 2 }, keepZero: ['name'] },
  [core('ResourceHealth')]: { fields: { resourceID: 1, health: 2 }, keepZero: ['resourceID'] },
};

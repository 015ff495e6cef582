/**
 * Field numbers of core/v1 Container and what it embeds: ports, env, resources, mounts, probes,
 * lifecycle hooks and security contexts. Source: k8s.io/api/core/v1/generated.proto.
 */
import { core } from '../../schema/dsl.js';
import { LOCAL_OBJECT_REFERENCE, type LayoutTable, type MessageLayout } from './types.js';

/** Container, and EphemeralContainerCommon (same field numbers), which EphemeralContainer embeds. */
const CONTAINER: MessageLayout = {
  fields: {
    name: 1, image: 2, command: 3, args: 4, workingDir: 5, ports: 6, env: 7, resources: 8, volumeMounts: 9,
    livenessProbe: 10, readinessProbe: 11, lifecycle: 12, terminationMessagePath: 13, imagePullPolicy: 14,
    securityContext: 15, stdin: 16, stdinOnce: 17, tty: 18, envFrom: 19, terminationMessagePolicy: 20,
    volumeDevices: 21, startupProbe: 22, resizePolicy: 23, restartPolicy: 24,
  },
  keepZero: ['name', 'restartPolicy'],
};

/** The action of a probe, embedded in Probe as field 1. */
const PROBE_HANDLER: MessageLayout = { fields: { exec: 1, httpGet: 2, tcpSocket: 3, grpc: 4 } };

export const containerLayouts: LayoutTable = {
  [core('Container')]: CONTAINER,
  [core('EphemeralContainer')]: { fields: { targetContainerName: 2 }, inline: { 1: CONTAINER } },
  [core('ContainerPort')]: {
    fields: { name: 1, hostPort: 2, containerPort: 3, protocol: 4, hostIP: 5 },
    keepZero: ['containerPort'],
  },
  [core('ContainerResizePolicy')]: { fields: { resourceName: 1, restartPolicy: 2 }, keepZero: ['resourceName', 'restartPolicy'] },

  [core('EnvVar')]: { fields: { name: 1, value: 2, valueFrom: 3 }, keepZero: ['name'] },
  [core('EnvVarSource')]: { fields: { fieldRef: 1, resourceFieldRef: 2, configMapKeyRef: 3, secretKeyRef: 4 } },
  [core('EnvFromSource')]: { fields: { prefix: 1, configMapRef: 2, secretRef: 3 } },
  [core('ConfigMapEnvSource')]: { fields: { optional: 2 }, keepZero: ['optional'], inline: { 1: LOCAL_OBJECT_REFERENCE } },
  [core('SecretEnvSource')]: { fields: { optional: 2 }, keepZero: ['optional'], inline: { 1: LOCAL_OBJECT_REFERENCE } },
  [core('ConfigMapKeySelector')]: {
    fields: { key: 2, optional: 3 }, keepZero: ['key', 'optional'], inline: { 1: LOCAL_OBJECT_REFERENCE },
  },
  [core('SecretKeySelector')]: {
    fields: { key: 2, optional: 3 }, keepZero: ['key', 'optional'], inline: { 1: LOCAL_OBJECT_REFERENCE },
  },
  [core('ObjectFieldSelector')]: { fields: { apiVersion: 1, fieldPath: 2 }, keepZero: ['fieldPath'] },
  [core('ResourceFieldSelector')]: { fields: { containerName: 1, resource: 2, divisor: 3 }, keepZero: ['resource'] },

  [core('ResourceRequirements')]: { fields: { limits: 1, requests: 2, claims: 3 } },
  [core('ResourceClaim')]: { fields: { name: 1, request: 2 }, keepZero: ['name'] },
  [core('VolumeMount')]: {
    fields: { name: 1, readOnly: 2, mountPath: 3, subPath: 4, mountPropagation: 5, subPathExpr: 6, recursiveReadOnly: 7 },
    keepZero: ['name', 'mountPath', 'mountPropagation', 'recursiveReadOnly'],
  },
  [core('VolumeDevice')]: { fields: { name: 1, devicePath: 2 }, keepZero: ['name', 'devicePath'] },

  [core('Probe')]: {
    fields: {
      initialDelaySeconds: 2, timeoutSeconds: 3, periodSeconds: 4, successThreshold: 5, failureThreshold: 6,
      terminationGracePeriodSeconds: 7,
    },
    keepZero: ['terminationGracePeriodSeconds'],
    inline: { 1: PROBE_HANDLER },
  },
  [core('ExecAction')]: { fields: { command: 1 } },
  [core('HTTPGetAction')]: { fields: { path: 1, port: 2, host: 3, scheme: 4, httpHeaders: 5 } },
  [core('HTTPHeader')]: { fields: { name: 1, value: 2 }, keepZero: ['name', 'value'] },
  [core('TCPSocketAction')]: { fields: { port: 1, host: 2 } },
  [core('GRPCAction')]: { fields: { port: 1, service: 2 }, keepZero: ['port', 'service'] },
  [core('Lifecycle')]: { fields: { postStart: 1, preStop: 2 } },
  [core('LifecycleHandler')]: { fields: { exec: 1, httpGet: 2, tcpSocket: 3, sleep: 4 } },
  [core('SleepAction')]: { fields: { seconds: 1 }, keepZero: ['seconds'] },

  [core('SecurityContext')]: {
    fields: {
      capabilities: 1, privileged: 2, seLinuxOptions: 3, runAsUser: 4, runAsNonRoot: 5, readOnlyRootFilesystem: 6,
      allowPrivilegeEscalation: 7, runAsGroup: 8, procMount: 9, windowsOptions: 10, seccompProfile: 11,
      appArmorProfile: 12,
    },
    keepZero: [
      'privileged', 'runAsUser', 'runAsNonRoot', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'runAsGroup',
      'procMount',
    ],
  },
  [core('Capabilities')]: { fields: { add: 1, drop: 2 } },
  [core('SELinuxOptions')]: { fields: { user: 1, role: 2, type: 3, level: 4 } },
  [core('SeccompProfile')]: { fields: { type: 1, localhostProfile: 2 }, keepZero: ['type', 'localhostProfile'] },
  [core('AppArmorProfile')]: { fields: { type: 1, localhostProfile: 2 }, keepZero: ['type', 'localhostProfile'] },
  [core('WindowsSecurityContextOptions')]: {
    fields: { gmsaCredentialSpecName: 1, gmsaCredentialSpec: 2, runAsUserName: 3, hostProcess: 4 },
    keepZero: ['gmsaCredentialSpecName', 'gmsaCredentialSpec', 'runAsUserName', 'hostProcess'],
  },
};

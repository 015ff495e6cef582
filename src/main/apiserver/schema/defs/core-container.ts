/**
 * core/v1 Container and everything it embeds: ports, env, resources, mounts, probes, lifecycle
 * hooks and security context. Patch tags follow the upstream Go struct tags.
 */
import {
  atomicList, bool, core, def, int32, int64, intOrString, mapList, mergeList, quantity, quantityMap, ref, str,
} from '../dsl.js';
import type { Definition, Property } from '../types.js';

const PROBE = core('Probe');

/** Fields shared by Container and EphemeralContainer (EphemeralContainerCommon upstream). */
function containerFields(): Record<string, Property> {
  return {
    args: atomicList(str(), 'Arguments to the entrypoint; the image CMD is used if not given. $(VAR) references are expanded.'),
    command: atomicList(str(), 'Entrypoint array; the image ENTRYPOINT is used if not given. Not run in a shell.'),
    env: mergeList(ref(core('EnvVar')), 'name', { description: 'Environment variables to set in the container.' }),
    envFrom: atomicList(ref(core('EnvFromSource')), 'Sources whose keys become environment variables.'),
    image: str('Container image name, e.g. "nginx:1.27".'),
    imagePullPolicy: str('When to pull the image. Defaults to Always for :latest, IfNotPresent otherwise.', [
      'Always', 'IfNotPresent', 'Never',
    ]),
    lifecycle: ref(core('Lifecycle'), 'Actions run after the container starts and before it stops.'),
    livenessProbe: ref(PROBE, 'Periodic probe of liveness; the container is restarted when it fails.'),
    name: str('Name of the container, a DNS label unique within the pod.'),
    ports: mergeList(ref(core('ContainerPort')), 'containerPort', {
      mapKeys: ['containerPort', 'protocol'],
      description: 'Ports the container exposes. Informational; any listening port is reachable.',
    }),
    readinessProbe: ref(PROBE, 'Periodic probe of readiness; the pod leaves Service endpoints while it fails.'),
    resizePolicy: atomicList(ref(core('ContainerResizePolicy')), 'How each resource is resized in place.'),
    resources: ref(core('ResourceRequirements'), 'Compute resources (cpu, memory) requested and limited.'),
    restartPolicy: str('Only "Always", for init containers that run as sidecars.', ['Always']),
    securityContext: ref(core('SecurityContext'), 'Security options for this container; override the pod-level ones.'),
    startupProbe: ref(PROBE, 'Probe that gates the other probes until the container has started.'),
    stdin: bool('Allocate a stdin buffer for the container.'),
    stdinOnce: bool('Close stdin after the first attach session ends.'),
    terminationMessagePath: str('File whose contents become the termination message. Defaults to /dev/termination-log.'),
    terminationMessagePolicy: str('Where the termination message comes from.', ['File', 'FallbackToLogsOnError']),
    tty: bool('Allocate a TTY; requires stdin.'),
    volumeDevices: mergeList(ref(core('VolumeDevice')), 'devicePath', { description: 'Block devices to map in.' }),
    volumeMounts: mergeList(ref(core('VolumeMount')), 'mountPath', { description: 'Pod volumes to mount.' }),
    workingDir: str('Working directory; the image default is used if not given.'),
  };
}

export const containerDefinitions: Definition[] = [
  def(core('Container'), 'A single application container that runs within a pod.', containerFields(), {
    required: ['name'],
  }),
  def(core('EphemeralContainer'), 'A temporary container added to a running pod for debugging (kubectl debug).', {
    ...containerFields(),
    targetContainerName: str('Container whose namespaces (IPC, PID) this one joins.'),
  }, { required: ['name'] }),
  def(core('ContainerPort'), 'A network port of a container.', {
    containerPort: int32('Port number on the pod IP, 1-65535.'),
    hostIP: str('Host IP to bind the host port to.'),
    hostPort: int32('Port number on the node; most containers do not need one.'),
    name: str('IANA service name, unique within the pod; Services can target it by name.'),
    protocol: str('Defaults to TCP.', ['TCP', 'UDP', 'SCTP']),
  }, { required: ['containerPort'] }),
  def(core('ContainerResizePolicy'), 'Whether resizing one resource in place restarts the container.', {
    resourceName: str('cpu or memory.'),
    restartPolicy: str(undefined, ['NotRequired', 'RestartContainer']),
  }, { required: ['resourceName', 'restartPolicy'] }),

  def(core('EnvVar'), 'One environment variable.', {
    name: str('Variable name.'),
    value: str('Value; $(VAR) references to earlier variables are expanded.'),
    valueFrom: ref(core('EnvVarSource'), 'Where to read the value from; not allowed together with value.'),
  }, { required: ['name'] }),
  def(core('EnvVarSource'), 'A source for an environment variable value; exactly one member is set.', {
    configMapKeyRef: ref(core('ConfigMapKeySelector')),
    fieldRef: ref(core('ObjectFieldSelector'), 'A pod field, e.g. metadata.name or status.podIP.'),
    resourceFieldRef: ref(core('ResourceFieldSelector'), 'A resource limit or request of a container.'),
    secretKeyRef: ref(core('SecretKeySelector')),
  }),
  def(core('EnvFromSource'), 'A ConfigMap or Secret whose keys all become environment variables.', {
    configMapRef: ref(core('ConfigMapEnvSource')),
    prefix: str('Prefix added to every key.'),
    secretRef: ref(core('SecretEnvSource')),
  }),
  def(core('ConfigMapEnvSource'), 'Selects a ConfigMap to import as environment variables.', {
    name: str(), optional: bool('Do not fail if the ConfigMap is missing.'),
  }),
  def(core('SecretEnvSource'), 'Selects a Secret to import as environment variables.', {
    name: str(), optional: bool('Do not fail if the Secret is missing.'),
  }),
  def(core('ConfigMapKeySelector'), 'One key of a ConfigMap.', {
    key: str(), name: str(), optional: bool(),
  }, { required: ['key'] }),
  def(core('SecretKeySelector'), 'One key of a Secret in the pod\'s namespace.', {
    key: str(), name: str(), optional: bool(),
  }, { required: ['key'] }),
  def(core('ObjectFieldSelector'), 'A field of the pod, by path.', {
    apiVersion: str('Schema version the path is written in; defaults to v1.'),
    fieldPath: str('Path of the field, e.g. metadata.labels[\'app\'].'),
  }, { required: ['fieldPath'] }),
  def(core('ResourceFieldSelector'), 'A resource of a container and the unit to express it in.', {
    containerName: str(), divisor: quantity('Unit, e.g. 1Mi; defaults to 1.'), resource: str('e.g. limits.cpu.'),
  }, { required: ['resource'] }),

  def(core('ResourceRequirements'), 'Compute resource requests and limits.', {
    claims: mapList(ref(core('ResourceClaim')), ['name'], 'Dynamic resource claims this container uses.'),
    limits: quantityMap('The most of each resource the container may use.'),
    requests: quantityMap('The least of each resource the container needs; used for scheduling.'),
  }),
  def(core('ResourceClaim'), 'A reference to one entry of the pod\'s resourceClaims.', {
    name: str(), request: str(),
  }, { required: ['name'] }),
  def(core('VolumeMount'), 'Where a pod volume is mounted in a container.', {
    mountPath: str('Path in the container; must not contain ":".'),
    mountPropagation: str(undefined, ['None', 'HostToContainer', 'Bidirectional']),
    name: str('Name of the pod volume.'),
    readOnly: bool(),
    recursiveReadOnly: str(undefined, ['Disabled', 'IfPossible', 'Enabled']),
    subPath: str('Path within the volume to mount instead of its root.'),
    subPathExpr: str('Like subPath, with $(VAR) references expanded.'),
  }, { required: ['name', 'mountPath'] }),
  def(core('VolumeDevice'), 'A raw block device mapped into a container.', {
    devicePath: str(), name: str(),
  }, { required: ['name', 'devicePath'] }),

  def(PROBE, 'A health check run by the kubelet against a container.', {
    exec: ref(core('ExecAction')),
    failureThreshold: int32('Consecutive failures before the probe counts as failed. Defaults to 3.'),
    grpc: ref(core('GRPCAction')),
    httpGet: ref(core('HTTPGetAction')),
    initialDelaySeconds: int32('Seconds after start before the first probe.'),
    periodSeconds: int32('Seconds between probes. Defaults to 10.'),
    successThreshold: int32('Consecutive successes before the probe counts as passed. Defaults to 1.'),
    tcpSocket: ref(core('TCPSocketAction')),
    terminationGracePeriodSeconds: int64('Grace period used when a failed probe kills the container.'),
    timeoutSeconds: int32('Seconds before a probe attempt times out. Defaults to 1.'),
  }),
  def(core('ExecAction'), 'Run a command in the container; exit status 0 is success.', {
    command: atomicList(str()),
  }),
  def(core('HTTPGetAction'), 'An HTTP GET; a status from 200 to 399 is success.', {
    host: str('Defaults to the pod IP.'),
    httpHeaders: atomicList(ref(core('HTTPHeader'))),
    path: str(),
    port: intOrString('Port number or name.'),
    scheme: str('Defaults to HTTP.', ['HTTP', 'HTTPS']),
  }, { required: ['port'] }),
  def(core('HTTPHeader'), 'A header sent with an HTTP probe.', { name: str(), value: str() }, {
    required: ['name', 'value'],
  }),
  def(core('TCPSocketAction'), 'Open a TCP connection; success if it connects.', {
    host: str('Defaults to the pod IP.'), port: intOrString('Port number or name.'),
  }, { required: ['port'] }),
  def(core('GRPCAction'), 'A gRPC health check.', {
    port: int32(), service: str('Service name sent in the HealthCheckRequest.'),
  }, { required: ['port'] }),
  def(core('Lifecycle'), 'Hooks run on container lifecycle events.', {
    postStart: ref(core('LifecycleHandler'), 'Run right after the container is created.'),
    preStop: ref(core('LifecycleHandler'), 'Run before the container is terminated.'),
  }),
  def(core('LifecycleHandler'), 'One lifecycle hook action; exactly one member is set.', {
    exec: ref(core('ExecAction')),
    httpGet: ref(core('HTTPGetAction')),
    sleep: ref(core('SleepAction')),
    tcpSocket: ref(core('TCPSocketAction'), 'Deprecated; not supported as a hook.'),
  }),
  def(core('SleepAction'), 'Sleep for a number of seconds.', { seconds: int64() }, { required: ['seconds'] }),

  def(core('SecurityContext'), 'Security options of one container.', {
    allowPrivilegeEscalation: bool(),
    appArmorProfile: ref(core('AppArmorProfile')),
    capabilities: ref(core('Capabilities')),
    privileged: bool(),
    procMount: str(undefined, ['Default', 'Unmasked']),
    readOnlyRootFilesystem: bool(),
    runAsGroup: int64(),
    runAsNonRoot: bool(),
    runAsUser: int64(),
    seLinuxOptions: ref(core('SELinuxOptions')),
    seccompProfile: ref(core('SeccompProfile')),
    windowsOptions: ref(core('WindowsSecurityContextOptions')),
  }),
  def(core('Capabilities'), 'POSIX capabilities to add to or drop from a container.', {
    add: atomicList(str()), drop: atomicList(str()),
  }),
  def(core('SELinuxOptions'), 'SELinux labels.', { level: str(), role: str(), type: str(), user: str() }),
  def(core('SeccompProfile'), 'A seccomp profile.', {
    localhostProfile: str(), type: str(undefined, ['Localhost', 'RuntimeDefault', 'Unconfined']),
  }, { required: ['type'] }),
  def(core('AppArmorProfile'), 'An AppArmor profile.', {
    localhostProfile: str(), type: str(undefined, ['Localhost', 'RuntimeDefault', 'Unconfined']),
  }, { required: ['type'] }),
  def(core('WindowsSecurityContextOptions'), 'Windows-specific security options.', {
    gmsaCredentialSpec: str(), gmsaCredentialSpecName: str(), hostProcess: bool(), runAsUserName: str(),
  }),
];


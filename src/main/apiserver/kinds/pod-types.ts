/**
 * Loose shapes of the core/v1 Pod types the strategies read and default. Objects are plain
 * JSON; only the fields Pilothouse looks at are named, everything else passes through.
 */
import type { KubeObject, ObjectMeta } from '../../../shared/api/object.js';

type Extra = { [extra: string]: unknown };

export type ResourceList = Record<string, string | number>;

export interface ResourceRequirements extends Extra {
  limits?: ResourceList;
  requests?: ResourceList;
}

export interface ContainerPort extends Extra {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: string;
}

export interface HTTPGetAction extends Extra {
  path?: string;
  port?: number | string;
  host?: string;
  scheme?: string;
  httpHeaders?: { name: string; value: string }[];
}

/** A probe or lifecycle handler: exactly one of the actions. */
export interface Handler extends Extra {
  exec?: { command?: string[] };
  httpGet?: HTTPGetAction;
  tcpSocket?: { port?: number | string; host?: string };
  grpc?: { port?: number; service?: string };
  sleep?: { seconds?: number };
}

export interface Probe extends Handler {
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export interface EnvVar extends Extra {
  name?: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { apiVersion?: string; fieldPath?: string };
    resourceFieldRef?: { containerName?: string; resource?: string; divisor?: string | number };
    configMapKeyRef?: { name?: string; key?: string; optional?: boolean };
    secretKeyRef?: { name?: string; key?: string; optional?: boolean };
  };
}

export interface EnvFromSource extends Extra {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

export interface VolumeMount extends Extra {
  name?: string;
  mountPath?: string;
  subPath?: string;
  subPathExpr?: string;
  readOnly?: boolean;
}

export interface Container extends Extra {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: ContainerPort[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  resources?: ResourceRequirements;
  volumeMounts?: VolumeMount[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { postStart?: Handler; preStop?: Handler };
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  imagePullPolicy?: string;
  /** Only `Always`, and only on init containers (sidecars). */
  restartPolicy?: string;
}

export interface Volume extends Extra {
  name?: string;
}

export interface Toleration extends Extra {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface PodSpec extends Extra {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  dnsPolicy?: string;
  nodeSelector?: Record<string, string>;
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  nodeName?: string;
  hostNetwork?: boolean;
  hostname?: string;
  subdomain?: string;
  securityContext?: Record<string, unknown>;
  imagePullSecrets?: { name?: string }[];
  schedulerName?: string;
  tolerations?: Toleration[];
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: string;
  readinessGates?: { conditionType?: string }[];
  schedulingGates?: { name?: string }[];
  enableServiceLinks?: boolean;
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode?: number; signal?: number; reason?: string; startedAt?: string; finishedAt?: string };
}

export interface ContainerStatus extends Extra {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface PodCondition extends Extra {
  type: string;
  status: string;
  reason?: string;
}

export interface PodStatus extends Extra {
  phase?: string;
  reason?: string;
  message?: string;
  podIP?: string;
  podIPs?: { ip: string }[];
  hostIP?: string;
  nominatedNodeName?: string;
  qosClass?: string;
  conditions?: PodCondition[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: PodStatus;
}

/** `spec.template` of workloads. */
export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

/**
 * Request and response types of the one-shot operations: cluster info, workloads (scale,
 * restart, rollback), nodes (cordon, drain, fault injection), scheduler decisions, metrics,
 * add-ons, OpenAPI schemas, settings and opening links outside the app.
 */
import type { PodSchedulingDecision } from '../api/scheduling-decision.js';

export interface ClusterInfo {
  /** `desktop` (Electron) or `dashboard` (`pilothouse serve` in a browser). */
  mode: 'desktop' | 'dashboard';
  /** The API server's URL (`https://127.0.0.1:6443`). */
  apiUrl: string;
  /** `gitVersion` from `/version`. */
  version: string;
  /** The kubeconfig that points at this cluster, when one was written. */
  kubeconfigPath?: string;
  /** Context name inside that kubeconfig (`pilothouse`). */
  kubeconfigContext?: string;
  /** What to type to use kubectl against this cluster, e.g. `kubectl --kubeconfig /x/pilothouse.kubeconfig get nodes`. */
  kubectlCommand?: string;
  dataDir?: string;
  nodes: { total: number; ready: number; simulated: number; docker: number; remote: number };
  /** Whether Docker-backed nodes can run here; `message` says why not and what to do. */
  docker: { available: boolean; message?: string };
}

export type ScalableKind = 'Deployment' | 'ReplicaSet' | 'ReplicationController' | 'StatefulSet';

export interface ScaleRequest {
  kind: ScalableKind;
  namespace: string;
  name: string;
  replicas: number;
}

export interface WorkloadRef {
  kind: 'Deployment';
  namespace: string;
  name: string;
}

export interface RollbackRequest extends WorkloadRef {
  /** Revision to go back to; default the previous one (like `kubectl rollout undo`). */
  toRevision?: number;
}

export interface RollbackResponse {
  /** The revision whose pod template is now the Deployment's. */
  revision: number;
}

export interface NodeRef {
  name: string;
}

export interface DrainRequest extends NodeRef {
  /** Per-pod grace period; default each pod's own. */
  gracePeriodSeconds?: number;
  /** Give up after this long (default 60). */
  timeoutSeconds?: number;
}

export interface DrainResponse {
  evicted: string[];
  /** Pods left in place (DaemonSet pods, mirror pods) and why. */
  skipped: { pod: string; reason: string }[];
}

export interface AddNodeRequest {
  /** `simulated` (default) or `docker` (needs a Docker engine). */
  type?: 'simulated' | 'docker';
  /** Only for simulated nodes, e.g. `{ cpu: '8', memory: '16Gi', pods: 110 }`. */
  capacity?: { cpu?: string; memory?: string; pods?: number };
  labels?: Record<string, string>;
}

export interface AddNodeResponse {
  name: string;
}

/**
 * Set on a Node by `nodes:stop` / `nodes:kill` (value `stopped` / `killed`), removed by
 * `nodes:start`, so every window sees a node's injected fault through the nodes watch.
 */
export const NODE_FAULT_ANNOTATION = 'pilothouse.dev/fault-injection';
/**
 * A node's kind, from its labels: `node.kubernetes.io/instance-type` is `pilothouse-simulated`
 * or `pilothouse-docker` for this cluster's own nodes; remote agents carry `node.pilothouse.dev/agent`.
 */
export const NODE_INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';
export const NODE_AGENT_LABEL = 'node.pilothouse.dev/agent';

/**
 * `nodes:stop`: the node's kubelet stops reporting (like a cable pulled); its pods keep running;
 * the node controller marks it NotReady after the grace period and then evicts.
 * `nodes:kill`: the node dies: kubelet stopped and every container on it killed.
 * `nodes:start`: a stopped or killed node's kubelet comes back (and restarts its pods).
 */
export interface NodeFaultResponse {
  name: string;
  state: 'running' | 'stopped' | 'killed';
}

export interface SchedulerDecisionRequest {
  namespace: string;
  /** The pod's name. */
  name: string;
}

/** As served at `/apis/scheduling.pilothouse.dev/v1/namespaces/NS/podschedulingdecisions/POD`. */
export type SchedulerDecision = PodSchedulingDecision;
export type { FilterVerdictView as FilterVerdict } from '../api/scheduling-decision.js';

/** `metrics.k8s.io/v1beta1` usage, with quantities also parsed (cores, bytes) for charts. */
export interface NodeUsage {
  name: string;
  timestamp: string;
  window: string;
  cpu: string;
  memory: string;
  cpuCores: number;
  memoryBytes: number;
}

export interface PodUsage {
  namespace: string;
  name: string;
  timestamp: string;
  window: string;
  containers: { name: string; cpu: string; memory: string; cpuCores: number; memoryBytes: number }[];
  cpuCores: number;
  memoryBytes: number;
}

export interface PodMetricsRequest {
  /** Omit for all namespaces. */
  namespace?: string;
}

export const ADDON_NAMES = ['dns', 'ingress', 'dashboard', 'metrics'] as const;
export type AddonName = (typeof ADDON_NAMES)[number];
/**
 * The ConfigMap whose data keys are add-on names and values `enabled` / `disabled`. A missing
 * ConfigMap or key means the add-on's default (all four default to enabled); `addons:set` writes the key.
 */
export const ADDONS_CONFIGMAP = { namespace: 'kube-system', name: 'pilothouse-addons' } as const;

export interface AddonState {
  name: AddonName;
  enabled: boolean;
  description: string;
  /** For an enabled add-on: what it offers now (the ingress URL) or why it cannot run here. */
  detail?: string;
}

export interface AddonSetRequest {
  name: AddonName;
  enabled: boolean;
}

export interface OpenApiSchemaRequest {
  /** `apps/v1`, `v1`, ... */
  apiVersion: string;
  kind: string;
}

/**
 * An OpenAPI v3 schema: `schemas[root]` is the kind's schema; `$ref`s inside point at
 * `#/components/schemas/NAME`, resolved from `schemas`.
 */
export interface OpenApiSchemaResponse {
  root: string;
  schemas: Record<string, unknown>;
}

export interface Settings {
  /** Desktop: stop every pod's containers when the app quits (default false: leave them running). */
  stopWorkloadsOnQuit: boolean;
}

export interface OpenExternalRequest {
  /** http: or https: only. */
  url: string;
}

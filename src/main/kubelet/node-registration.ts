/**
 * The Node object a kubelet registers and keeps current (upstream `registerWithAPIServer` and the
 * `nodestatus` setters): default labels (`kubernetes.io/hostname`, `kubernetes.io/os`,
 * `kubernetes.io/arch`, `node.kubernetes.io/instance-type`), taints at registration, capacity and
 * allocatable (cpu, memory, pods, ephemeral-storage), addresses (InternalIP, Hostname),
 * `nodeInfo`, `daemonEndpoints`, and the MemoryPressure / DiskPressure / PIDPressure / Ready
 * conditions with upstream's reasons and messages.
 */
import { createHash } from 'node:crypto';
import type { Node } from '../apiserver/kinds/node.js';
import { ApiClientError, type ApiClient } from '../client/api-client.js';
import type { RuntimeInfo } from '../runtime/types.js';
import { rfc3339 } from '../util/time.js';
import { DEFAULT_MAX_PODS, KUBELET_VERSION, type NodeCapacity, type Taint } from './config.js';

export const NODES = { apiVersion: 'v1', resource: 'nodes' } as const;

/** What the kubelet says about its node. */
export interface NodeIdentity {
  nodeName: string;
  capacity: NodeCapacity;
  /** Defaults to `capacity`. */
  allocatable?: NodeCapacity;
  /** Extra labels, on top of the default ones. */
  labels: Record<string, string>;
  /** Applied when the Node is created (as upstream `--register-with-taints`). */
  taints: Taint[];
  /** `InternalIP` address (data only). */
  address: string;
  /** `node.kubernetes.io/instance-type`, e.g. `pilothouse-simulated`. */
  instanceType: string;
  /** Adds `node-role.kubernetes.io/<role>`. */
  role?: string;
  kubeletPort: number;
  /** `status.nodeInfo.osImage`. */
  osImage: string;
}

export interface NodeConditionShape {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

export function defaultNodeLabels(id: NodeIdentity, info: RuntimeInfo): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': info.architecture,
    'beta.kubernetes.io/os': info.os,
    'kubernetes.io/arch': info.architecture,
    'kubernetes.io/hostname': id.nodeName,
    'kubernetes.io/os': info.os,
    'node.kubernetes.io/instance-type': id.instanceType,
  };
  if (id.role) labels[`node-role.kubernetes.io/${id.role}`] = '';
  return { ...labels, ...id.labels };
}

function quantities(c: NodeCapacity): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(c)) if (v !== undefined) out[k] = String(v);
  out.pods ??= String(DEFAULT_MAX_PODS);
  out['ephemeral-storage'] ??= '100Gi';
  return out;
}

/** A stable hex id from the node name (machineID, systemUUID, bootID as data). */
function stableId(name: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${name}`).digest('hex').slice(0, 32);
}

/**
 * Ready and the three pressure conditions. `lastTransitionTime` carries over from `previous`
 * while a condition keeps its status; `lastHeartbeatTime` is `now`.
 */
export function nodeConditions(previous: NodeConditionShape[] | undefined, runtimeUp: boolean, now: Date, downReason?: string): NodeConditionShape[] {
  const stamp = rfc3339(now);
  const make = (type: string, status: 'True' | 'False', reason: string, message: string): NodeConditionShape => {
    const prior = previous?.find((c) => c.type === type);
    const lastTransitionTime = prior && prior.status === status && prior.lastTransitionTime ? prior.lastTransitionTime : stamp;
    return { type, status, lastHeartbeatTime: stamp, lastTransitionTime, reason, message };
  };
  return [
    make('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    make('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    make('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    runtimeUp
      ? make('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
      : make('Ready', 'False', 'KubeletNotReady', `container runtime is down${downReason ? `: ${downReason}` : ''}`),
  ];
}

const KUBELET_NODE_CONDITIONS = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);

/** The node status the kubelet reports; conditions of other writers on `current` are kept. */
export function desiredNodeStatus(
  id: NodeIdentity,
  info: RuntimeInfo | undefined,
  current: Node | undefined,
  now: Date,
  /** Why the runtime could not be reached (when `info` is undefined), for the Ready message. */
  downReason?: string,
): Record<string, unknown> {
  const prevConditions = (current?.status?.conditions ?? []) as NodeConditionShape[];
  const foreign = prevConditions.filter((c) => !KUBELET_NODE_CONDITIONS.has(c.type));
  const runtime = info ?? { name: 'unknown', version: 'unknown', os: 'linux', architecture: 'amd64', kernelVersion: '', cpus: 0, memoryBytes: 0 };
  return {
    capacity: quantities(id.capacity),
    allocatable: quantities(id.allocatable ?? id.capacity),
    conditions: [...foreign, ...nodeConditions(prevConditions, info !== undefined, now, downReason)],
    addresses: [
      { type: 'InternalIP', address: id.address },
      { type: 'Hostname', address: id.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: id.kubeletPort } },
    nodeInfo: {
      machineID: stableId(id.nodeName, 'machine'),
      systemUUID: stableId(id.nodeName, 'system'),
      bootID: stableId(id.nodeName, 'boot'),
      kernelVersion: runtime.kernelVersion,
      osImage: id.osImage,
      containerRuntimeVersion: `${runtime.name}://${runtime.version}`,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: '',
      operatingSystem: runtime.os,
      architecture: runtime.architecture,
    },
  };
}

/** The Node to create on first registration. */
export function nodeObject(id: NodeIdentity, info: RuntimeInfo | undefined, now: Date): Node {
  const labels = info ? defaultNodeLabels(id, info) : { ...id.labels, 'kubernetes.io/hostname': id.nodeName };
  const spec: Node['spec'] = {};
  if (id.taints.length) spec.taints = id.taints.map((t) => ({ ...t }));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: id.nodeName, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
    spec,
    status: desiredNodeStatus(id, info, undefined, now) as Node['status'],
  };
}

/**
 * Creates the Node, or, when it exists (a restart), brings its default labels up to date as
 * upstream `updateDefaultLabels` does; taints and other labels of an existing Node are left to
 * their owners. Returns the Node as stored.
 */
export async function registerNode(client: ApiClient, id: NodeIdentity, info: RuntimeInfo | undefined, now: Date): Promise<Node> {
  const node = nodeObject(id, info, now);
  try {
    return await client.create<Node>(NODES, undefined, node);
  } catch (e) {
    if (!(e instanceof ApiClientError && e.reason === 'AlreadyExists')) throw e;
  }
  const existing = await client.get<Node>(NODES, undefined, id.nodeName);
  const wanted = node.metadata.labels ?? {};
  const have = existing.metadata.labels ?? {};
  const changed = Object.entries(wanted).filter(([k, v]) => have[k] !== v);
  if (changed.length === 0) return existing;
  return client.patch<Node>(NODES, undefined, id.nodeName, { metadata: { labels: Object.fromEntries(changed) } }, 'merge');
}

/**
 * Short builders of Pods, Nodes and NodeInfos for the scheduler specs. Objects look like what
 * the API server returns (uids set, defaults the scheduler reads filled in).
 */
import type { Container, Node, NodeAffinity, Pod, ResourceList, Taint, Toleration } from '../api-types.js';
import { NodeInfo } from '../cache/node-info.js';
import { SchedulerCache } from '../cache/scheduler-cache.js';
import { newPodInfo, type PodInfo } from '../framework/pod-info.js';

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: number;
  extra?: ResourceList;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, o: NodeOptions = {}): Node {
  const capacity: ResourceList = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: String(o.pods ?? 110), ...o.extra };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-node-${name}`, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [{ type: 'Ready', status: 'True' }],
      ...(o.images ? { images: o.images } : {}),
    },
  };
}

export interface PodOptions {
  namespace?: string;
  cpu?: string;
  memory?: string;
  requests?: ResourceList;
  containers?: Container[];
  initContainers?: Container[];
  overhead?: ResourceList;
  image?: string;
  hostPorts?: { port: number; ip?: string; protocol?: string }[];
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  nodeAffinity?: NodeAffinity;
  nodeName?: string;
  schedulerName?: string;
  priority?: number;
  preemptionPolicy?: string;
  schedulingGates?: string[];
  labels?: Record<string, string>;
}

export function makePod(name: string, o: PodOptions = {}): Pod {
  const requests: ResourceList = { ...(o.cpu ? { cpu: o.cpu } : {}), ...(o.memory ? { memory: o.memory } : {}), ...o.requests };
  const main: Container = {
    name: 'main',
    image: o.image ?? 'registry.local/app:1',
    resources: Object.keys(requests).length > 0 ? { requests } : {},
    ...(o.hostPorts ? { ports: o.hostPorts.map((p) => ({ containerPort: p.port, hostPort: p.port, hostIP: p.ip, protocol: p.protocol ?? 'TCP' })) } : {}),
  };
  const namespace = o.namespace ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      containers: o.containers ?? [main],
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      ...(o.overhead ? { overhead: o.overhead } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.nodeAffinity ? { affinity: { nodeAffinity: o.nodeAffinity } } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.schedulingGates ? { schedulingGates: o.schedulingGates.map((g) => ({ name: g })) } : {}),
      schedulerName: o.schedulerName ?? 'default-scheduler',
      priority: o.priority ?? 0,
      preemptionPolicy: o.preemptionPolicy ?? 'PreemptLowerPriority',
    },
    status: { phase: 'Pending' },
  };
}

export function podInfo(name: string, o: PodOptions = {}): PodInfo {
  return newPodInfo(makePod(name, o));
}

/** A NodeInfo for `node` with `pods` on it. */
export function makeNodeInfo(node: Node, pods: Pod[] = []): NodeInfo {
  const info = new NodeInfo(node.metadata.name!);
  info.setNode(node);
  for (const p of pods) info.addPod(newPodInfo(p));
  return info;
}

/** A cache holding `nodes` (and optionally pods already placed on them). */
export function makeCache(nodes: Node[], pods: Pod[] = []): SchedulerCache {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.setNode(n);
  for (const p of pods) cache.addPod(newPodInfo(p), p.spec!.nodeName!);
  return cache;
}

/** A deterministic PRNG (mulberry32) for tie-break specs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

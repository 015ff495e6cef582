/** Rows of the Nodes list and the facts a node card shows, derived once per Node object. */
import type { Node } from './kube-types';
import { quantity } from './resources';
import type { Tone } from './tone';

export interface NodeRow {
  key: string;
  name: string;
  ready: 'Ready' | 'NotReady' | 'Unknown';
  /** Ready, plus SchedulingDisabled when cordoned. */
  status: string;
  tone: Tone;
  unschedulable: boolean;
  roles: string;
  kind: string;
  cpuCapacity: number;
  cpuAllocatable: number;
  memoryCapacity: number;
  memoryAllocatable: number;
  podsAllocatable: number;
  taints: string;
  internalIP: string;
  version: string;
  created: number;
  /** Conditions other than Ready that are True (MemoryPressure, DiskPressure, ...) and why Ready is not. */
  problems: string[];
}

const cache = new WeakMap<Node, NodeRow>();

export function nodeRow(n: Node): NodeRow {
  let row = cache.get(n);
  if (row) return row;
  const conditions = n.status?.conditions ?? [];
  const readyCond = conditions.find((c) => c.type === 'Ready');
  const ready = readyCond?.status === 'True' ? 'Ready' : readyCond?.status === 'False' ? 'NotReady' : 'Unknown';
  const unschedulable = n.spec?.unschedulable === true;
  const labels = n.metadata.labels ?? {};
  const problems = conditions.filter((c) => c.type !== 'Ready' && c.status === 'True').map((c) => `${c.type}: ${c.message ?? c.reason ?? ''}`);
  if (ready !== 'Ready' && readyCond) problems.unshift(`${readyCond.reason ?? 'NotReady'}: ${readyCond.message ?? ''}`);
  row = {
    key: n.metadata.name ?? '',
    name: n.metadata.name ?? '',
    ready,
    status: unschedulable ? `${ready},SchedulingDisabled` : ready,
    tone: ready === 'Ready' ? (unschedulable ? 'warn' : 'ok') : 'bad',
    unschedulable,
    roles: Object.keys(labels).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).join(',') || '',
    kind: runtimeOf(n),
    cpuCapacity: quantity(n.status?.capacity?.cpu),
    cpuAllocatable: quantity(n.status?.allocatable?.cpu),
    memoryCapacity: quantity(n.status?.capacity?.memory),
    memoryAllocatable: quantity(n.status?.allocatable?.memory),
    podsAllocatable: quantity(n.status?.allocatable?.pods),
    taints: (n.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', '),
    internalIP: n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '',
    version: n.status?.nodeInfo?.kubeletVersion ?? '',
    created: n.metadata.creationTimestamp ? Date.parse(n.metadata.creationTimestamp) : 0,
    problems,
  };
  cache.set(n, row);
  return row;
}

/** The container runtime the node's kubelet drives (`docker`, `simulated`), from `nodeInfo`. */
function runtimeOf(n: Node): string {
  return n.status?.nodeInfo?.containerRuntimeVersion?.split('://')[0] ?? n.metadata.labels?.['node.kubernetes.io/instance-type'] ?? '';
}

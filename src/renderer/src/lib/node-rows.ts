/** Rows of the Nodes list and the facts a node card shows, derived once per Node object. */
import type { Node } from './kube-types';
import { quantity } from './resources';
import type { Tone } from './tone';
import { NODE_AGENT_LABEL, NODE_FAULT_ANNOTATION, NODE_INSTANCE_TYPE_LABEL } from '../../../shared/ipc/operation-types';

export interface NodeRow {
  key: string;
  name: string;
  ready: 'Ready' | 'NotReady' | 'Unknown';
  /** Ready, plus SchedulingDisabled when cordoned. */
  status: string;
  tone: Tone;
  unschedulable: boolean;
  /** An injected fault (`stopped` kubelet, `killed` node), until `nodes:start`. */
  fault?: 'stopped' | 'killed';
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
  const faultValue = n.metadata.annotations?.[NODE_FAULT_ANNOTATION];
  const fault = faultValue === 'stopped' || faultValue === 'killed' ? faultValue : undefined;
  const problems = conditions.filter((c) => c.type !== 'Ready' && c.status === 'True').map((c) => `${c.type}: ${c.message ?? c.reason ?? ''}`);
  if (ready !== 'Ready' && readyCond) problems.unshift(`${readyCond.reason ?? 'NotReady'}: ${readyCond.message ?? ''}`);
  row = {
    key: n.metadata.name ?? '',
    name: n.metadata.name ?? '',
    ready,
    status: unschedulable ? `${ready},SchedulingDisabled` : ready,
    tone: ready === 'Ready' && !fault ? (unschedulable ? 'warn' : 'ok') : 'bad',
    unschedulable,
    fault,
    roles: Object.keys(labels).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).join(',') || '',
    kind: kindOf(n),
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

/** What kind of node: `docker`, `simulated` (this cluster's own), `remote` (an agent), else its runtime. */
function kindOf(n: Node): string {
  const labels = n.metadata.labels ?? {};
  if (labels[NODE_AGENT_LABEL] !== undefined) return 'remote';
  const type = labels[NODE_INSTANCE_TYPE_LABEL];
  if (type === 'pilothouse-docker') return 'docker';
  if (type === 'pilothouse-simulated') return 'simulated';
  return n.status?.nodeInfo?.containerRuntimeVersion?.split('://')[0] ?? type ?? '';
}

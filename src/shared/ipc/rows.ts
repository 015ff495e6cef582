/**
 * `toRow(object)`: the compact list row `resources:watch` sends with `view: 'row'` — metadata
 * essentials plus a few kind-specific cells (what `kubectl get` shows). Pure, shared, so the
 * renderer can build the same row from a full object.
 */
import type { KubeObject } from '../api/object.js';
import type { ResourceRow } from './resource-types.js';
import { quantityValue } from '../api/quantity.js';

type Cells = ResourceRow['cells'];
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function toRow(o: KubeObject): ResourceRow {
  const m = o.metadata;
  const controller = m.ownerReferences?.find((r) => r.controller) ?? m.ownerReferences?.[0];
  return {
    uid: m.uid ?? `${m.namespace ?? ''}/${m.name ?? ''}`,
    name: m.name ?? '',
    namespace: m.namespace,
    resourceVersion: m.resourceVersion ?? '',
    creationTimestamp: m.creationTimestamp,
    deletionTimestamp: m.deletionTimestamp,
    labels: m.labels,
    owner: controller ? { kind: controller.kind, name: controller.name } : undefined,
    cells: cellsFor(o),
  };
}

function cellsFor(o: KubeObject): Cells {
  const spec = (o.spec ?? {}) as Loose;
  const status = (o.status ?? {}) as Loose;
  switch (o.kind) {
    case 'Pod': return podCells(o, spec, status);
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'ReplicationController':
      return {
        replicas: spec.replicas ?? 1,
        ready: status.readyReplicas ?? 0,
        upToDate: status.updatedReplicas ?? 0,
        available: status.availableReplicas ?? 0,
        images: imagesOf(spec.template?.spec),
      };
    case 'Node': return nodeCells(o, spec, status);
    case 'Service':
      return {
        type: spec.type ?? 'ClusterIP',
        clusterIP: spec.clusterIP ?? null,
        ports: (spec.ports ?? []).map((p: Loose) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(','),
        externalIP: (status.loadBalancer?.ingress ?? []).map((i: Loose) => i.ip ?? i.hostname).join(',') || null,
      };
    case 'Event': {
      const e = o as Loose;
      return {
        type: e.type ?? 'Normal', reason: e.reason ?? '', message: e.message ?? '', count: e.count ?? 1,
        object: e.involvedObject ? `${e.involvedObject.kind}/${e.involvedObject.name}` : '',
        lastTimestamp: e.lastTimestamp ?? e.eventTime ?? m(o).creationTimestamp ?? null,
      };
    }
    case 'ConfigMap':
    case 'Secret': {
      const data = { ...((o as Loose).data ?? {}), ...((o as Loose).binaryData ?? {}) };
      return { keys: Object.keys(data).length, type: (o as Loose).type ?? null };
    }
    case 'Namespace': return { phase: status.phase ?? 'Active' };
    case 'Ingress':
      return {
        hosts: (spec.rules ?? []).map((r: Loose) => r.host ?? '*').join(','),
        className: spec.ingressClassName ?? null,
        address: (status.loadBalancer?.ingress ?? []).map((i: Loose) => i.ip ?? i.hostname).join(',') || null,
      };
    default: return {};
  }
}

const m = (o: KubeObject) => o.metadata;

function podCells(o: KubeObject, spec: Loose, status: Loose): Cells {
  const statuses: Loose[] = status.containerStatuses ?? [];
  const total = (spec.containers ?? []).length;
  const ready = statuses.filter((s) => s.ready).length;
  const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
  return {
    phase: status.phase ?? 'Pending',
    status: podStatus(o, spec, status),
    ready: `${ready}/${total}`,
    restarts,
    node: spec.nodeName ?? null,
    podIP: status.podIP ?? null,
    cpuRequest: podRequest(spec, 'cpu'),
    memoryRequest: podRequest(spec, 'memory'),
  };
}

/**
 * What the scheduler counts for a pod (cores / bytes): the containers' requests summed, or the
 * largest init container's if that is more, plus the pod overhead.
 */
export function podRequest(spec: Loose, resource: 'cpu' | 'memory'): number {
  const of = (c: Loose) => quantity(c.resources?.requests?.[resource]);
  const sum = ((spec.containers ?? []) as Loose[]).reduce((n, c) => n + of(c), 0);
  const init = ((spec.initContainers ?? []) as Loose[]).reduce((n, c) => Math.max(n, of(c)), 0);
  return Math.max(sum, init) + quantity(spec.overhead?.[resource]);
}

function quantity(q: unknown): number {
  if (typeof q !== 'string' && typeof q !== 'number') return 0;
  try {
    return quantityValue(q);
  } catch {
    return 0;
  }
}

/** The STATUS column of `kubectl get pods`: a waiting/terminated reason beats the phase. */
export function podStatus(o: KubeObject, spec: Loose, status: Loose): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (status.reason) return status.reason;
  for (const s of (status.initContainerStatuses ?? []) as Loose[]) {
    if (s.state?.terminated?.exitCode === 0) continue;
    if (s.state?.waiting?.reason && s.state.waiting.reason !== 'PodInitializing') return `Init:${s.state.waiting.reason}`;
    if (s.state?.terminated) return `Init:${s.state.terminated.reason ?? 'Error'}`;
    return `Init:0/${(spec.initContainers ?? []).length}`;
  }
  let reason: string = status.phase ?? 'Pending';
  for (const s of (status.containerStatuses ?? []) as Loose[]) {
    if (s.state?.waiting?.reason) reason = s.state.waiting.reason;
    else if (s.state?.terminated?.reason) reason = s.state.terminated.reason;
  }
  if (reason === 'Pending' && spec.nodeName === undefined) {
    const cond = ((status.conditions ?? []) as Loose[]).find((c) => c.type === 'PodScheduled' && c.status === 'False');
    if (cond?.reason) return cond.reason;
  }
  return reason;
}

function nodeCells(o: KubeObject, spec: Loose, status: Loose): Cells {
  const readyCond = ((status.conditions ?? []) as Loose[]).find((c) => c.type === 'Ready');
  const labels = o.metadata.labels ?? {};
  const roles = Object.keys(labels).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24));
  return {
    ready: readyCond?.status === 'True' ? 'Ready' : readyCond?.status === 'False' ? 'NotReady' : 'Unknown',
    unschedulable: spec.unschedulable === true,
    roles: roles.join(',') || null,
    version: status.nodeInfo?.kubeletVersion ?? null,
    internalIP: ((status.addresses ?? []) as Loose[]).find((a) => a.type === 'InternalIP')?.address ?? null,
    instanceType: labels['node.kubernetes.io/instance-type'] ?? null,
    cpu: status.allocatable?.cpu ?? null,
    memory: status.allocatable?.memory ?? null,
    pods: status.allocatable?.pods ?? null,
  };
}

function imagesOf(podSpec: Loose | undefined): string {
  return ((podSpec?.containers ?? []) as Loose[]).map((c) => c.image).join(',');
}

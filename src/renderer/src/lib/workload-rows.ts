/** Rows of the Deployments and ReplicaSets lists, derived once per object. */
import type { Deployment, ReplicaSet } from './kube-types';
import type { Tone } from './tone';

export interface WorkloadRow {
  key: string;
  name: string;
  namespace: string;
  desired: number;
  ready: number;
  upToDate: number;
  available: number;
  images: string;
  created: number;
  owner: string;
  tone: Tone;
  /** Why the rollout is stuck, from the `Progressing`/`ReplicaFailure` conditions. */
  problem?: string;
}

const cache = new WeakMap<object, WorkloadRow>();

export function workloadRow(o: Deployment | ReplicaSet): WorkloadRow {
  let row = cache.get(o);
  if (row) return row;
  const desired = o.spec?.replicas ?? 1;
  const ready = o.status?.readyReplicas ?? 0;
  const available = o.status?.availableReplicas ?? 0;
  const upToDate = 'updatedReplicas' in (o.status ?? {}) ? ((o.status as Deployment['status'])?.updatedReplicas ?? 0) : (o.status?.replicas ?? 0);
  const conditions = (o as Deployment).status?.conditions ?? [];
  const failing = conditions.find((c) => (c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded') || (c.type === 'ReplicaFailure' && c.status === 'True'));
  const owner = o.metadata.ownerReferences?.find((r) => r.controller);
  row = {
    key: `${o.metadata.namespace}/${o.metadata.name}`,
    name: o.metadata.name ?? '',
    namespace: o.metadata.namespace ?? '',
    desired,
    ready,
    upToDate,
    available,
    images: (o.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '').join(', '),
    created: o.metadata.creationTimestamp ? Date.parse(o.metadata.creationTimestamp) : 0,
    owner: owner ? `${owner.kind}/${owner.name}` : '',
    tone: failing ? 'bad' : ready === desired ? (desired === 0 ? 'done' : 'ok') : 'progress',
    problem: failing?.message,
  };
  cache.set(o, row);
  return row;
}

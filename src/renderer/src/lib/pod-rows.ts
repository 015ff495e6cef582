/**
 * The Pods list's rows, read from the compact `ResourceRow`s of `resources:watch` (`view: 'row'`,
 * cells `phase, status, ready, restarts, node, podIP`). Each row is derived once per row object.
 */
import type { ResourceRow } from '../../../shared/ipc/resource-types';
import { podTone, type Tone } from './tone';

export interface PodListRow {
  key: string;
  name: string;
  namespace: string;
  status: string;
  phase: string;
  ready: string;
  restarts: number;
  node: string;
  ip: string;
  created: number;
  createdAt?: string;
  owner: string;
  tone: Tone;
  deleting: boolean;
}

const cache = new WeakMap<ResourceRow, PodListRow>();

export function podListRow(row: ResourceRow): PodListRow {
  let out = cache.get(row);
  if (out) return out;
  const c = row.cells;
  const ready = c.ready == null ? '' : String(c.ready);
  const [r, t] = ready.split('/').map(Number);
  const status = String(c.status ?? c.phase ?? '');
  out = {
    key: `${row.namespace}/${row.name}`,
    name: row.name,
    namespace: row.namespace ?? '',
    status,
    phase: String(c.phase ?? ''),
    ready,
    restarts: Number(c.restarts ?? 0),
    node: c.node == null ? '' : String(c.node),
    ip: c.podIP == null ? '' : String(c.podIP),
    created: row.creationTimestamp ? Date.parse(row.creationTimestamp) : 0,
    createdAt: row.creationTimestamp,
    owner: row.owner ? `${row.owner.kind}/${row.owner.name}` : '',
    tone: podTone(status, r || 0, t || 0),
    deleting: Boolean(row.deletionTimestamp),
  };
  cache.set(row, out);
  return out;
}

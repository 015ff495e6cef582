/**
 * The taints the node lifecycle controller owns, derived from a node's conditions (upstream
 * `nodelifecycle` `doNoExecuteTaintingPass` + `doNoScheduleTaintingPass` / `taintNodeByCondition`):
 * - Ready=False → `node.kubernetes.io/not-ready` (NoSchedule, and NoExecute);
 * - Ready=Unknown → `node.kubernetes.io/unreachable` (NoSchedule, and NoExecute);
 * - MemoryPressure / DiskPressure / PIDPressure / NetworkUnavailable = True → the matching
 *   NoSchedule taint; `spec.unschedulable` → `node.kubernetes.io/unschedulable:NoSchedule`.
 * Taints with other keys (the user's, the kubelet's own) are never touched. Pure functions.
 */
import type { KubeObject } from '../../../shared/api/object.js';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | string;
  timeAdded?: string;
}

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

export interface LifecycleNode extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: Taint[]; [extra: string]: unknown };
  status?: { conditions?: NodeCondition[]; [extra: string]: unknown };
}

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

const BY_CONDITION: Record<string, string> = {
  MemoryPressure: 'node.kubernetes.io/memory-pressure',
  DiskPressure: 'node.kubernetes.io/disk-pressure',
  PIDPressure: 'node.kubernetes.io/pid-pressure',
  NetworkUnavailable: 'node.kubernetes.io/network-unavailable',
};

/** Every key this controller manages (and may remove). */
export const MANAGED_TAINT_KEYS: ReadonlySet<string> = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, ...Object.values(BY_CONDITION)]);

export function condition(node: LifecycleNode, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/** `True`, `False` or `Unknown` (a node that never reported counts as Unknown). */
export function readyStatus(node: LifecycleNode): string {
  return condition(node, 'Ready')?.status ?? 'Unknown';
}

/**
 * The managed taints the node should carry. `noExecute: false` leaves out the NoExecute ones
 * (every node is unhealthy: evicting would only make things worse).
 */
export function desiredTaints(node: LifecycleNode, options: { noExecute: boolean }): Taint[] {
  const out: Taint[] = [];
  const ready = readyStatus(node);
  const healthKey = ready === 'False' ? TAINT_NOT_READY : ready === 'Unknown' ? TAINT_UNREACHABLE : undefined;
  if (healthKey) {
    out.push({ key: healthKey, effect: 'NoSchedule' });
    if (options.noExecute) out.push({ key: healthKey, effect: 'NoExecute' });
  }
  for (const [type, key] of Object.entries(BY_CONDITION)) {
    if (condition(node, type)?.status === 'True') out.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  return out;
}

/**
 * The node's taints with the managed ones replaced by `desired` (NoExecute taints get
 * `timeAdded` = now); undefined when nothing changes. Unmanaged taints keep their place.
 */
export function applyTaints(current: readonly Taint[], desired: readonly Taint[], now: string): Taint[] | undefined {
  const id = (t: Taint) => `${t.key}:${t.effect}`;
  const want = new Set(desired.map(id));
  const kept = current.filter((t) => !MANAGED_TAINT_KEYS.has(t.key) || want.has(id(t)));
  const have = new Set(kept.map(id));
  const added = desired.filter((t) => !have.has(id(t))).map((t) => (t.effect === 'NoExecute' ? { ...t, timeAdded: now } : { ...t }));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}

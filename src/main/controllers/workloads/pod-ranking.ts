/**
 * Which pods a replica controller deletes first when it scales down (upstream
 * `ActivePodsWithRanks.Less` and `getPodsToDelete`). Earlier in the order = deleted first:
 *  1. unassigned before assigned;
 *  2. Pending, then Unknown, then Running;
 *  3. not ready before ready;
 *  4. lower `controller.kubernetes.io/pod-deletion-cost` first;
 *  5. more active pods of the same owner (or its siblings) on the node first;
 *  6. ready more recently first;
 *  7. more container restarts first;
 *  8. created more recently first.
 * Steps 6 and 8 compare timestamps in log2 buckets of their age (`LogarithmicScaleDown`),
 * breaking ties within a bucket by UID, so equally young pods are picked pseudo-randomly.
 */
import { isPodActive, isPodReady, maxContainerRestarts, readyCondition } from './pod-util.js';
import type { Pod } from './types.js';

export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** A pod with its co-location rank (the number of related active pods on its node). */
export interface RankedPod {
  pod: Pod;
  rank: number;
}

/** The deletion cost annotation as an int32; anything missing or malformed counts as 0. */
export function deletionCost(pod: Pod): number {
  const raw = pod.metadata.annotations?.[POD_DELETION_COST];
  if (raw === undefined || !/^[-+]?\d+$/.test(raw.trim())) return 0;
  const n = Number(raw.trim());
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

/** Milliseconds since epoch, or 0 for a missing timestamp ("zero time"). */
function timeOf(stamp: string | undefined): number {
  const t = Date.parse(stamp ?? '');
  return Number.isFinite(t) ? t : 0;
}

function readyTime(pod: Pod): number {
  return isPodReady(pod) ? timeOf(readyCondition(pod)?.lastTransitionTime) : 0;
}

/** floor(log2(age in nanoseconds)), or -1 for an age that is not positive. */
function logBucket(t: number, now: number): number {
  const ageNs = (now - t) * 1e6;
  return ageNs > 0 ? Math.floor(Math.log2(ageNs)) : -1;
}

/**
 * Compares two timestamps where the more recent one goes first; a zero time goes before any.
 * Returns < 0 when `a` goes first, > 0 when `b` does, 0 when they are in the same bucket and
 * the UIDs decide.
 */
function compareRecentFirst(a: number, b: number, now: number | undefined): number {
  if (a === b) return 0;
  if (a === 0 || b === 0) return a === 0 ? -1 : 1;
  if (now === undefined) return a > b ? -1 : 1;
  return logBucket(a, now) - logBucket(b, now);
}

function byUid(a: Pod, b: Pod): number {
  const ua = a.metadata.uid ?? '';
  const ub = b.metadata.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/**
 * Sort comparator: negative when `a` should be deleted before `b`. `now` enables the
 * logarithmic comparison of steps 6 and 8; without it the exact timestamps decide.
 */
export function compareForDeletion(a: RankedPod, b: RankedPod, now?: Date): number {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec?.nodeName ?? '';
  const nb = pb.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const phaseA = PHASE_ORDINAL[pa.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDINAL[pb.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(pa);
  const readyB = isPodReady(pb);
  if (readyA !== readyB) return readyA ? 1 : -1;
  const costA = deletionCost(pa);
  const costB = deletionCost(pb);
  if (costA !== costB) return costA - costB;
  if (a.rank !== b.rank) return b.rank - a.rank;
  const nowMs = now?.getTime();
  if (readyA && readyB) {
    const [ta, tb] = [readyTime(pa), readyTime(pb)];
    if (ta !== tb) return compareRecentFirst(ta, tb, nowMs) || byUid(pa, pb);
  }
  const restarts = maxContainerRestarts(pb) - maxContainerRestarts(pa);
  if (restarts !== 0) return restarts;
  const createdA = timeOf(pa.metadata.creationTimestamp);
  const createdB = timeOf(pb.metadata.creationTimestamp);
  if (createdA !== createdB) return compareRecentFirst(createdA, createdB, nowMs) || byUid(pa, pb);
  return 0;
}

/**
 * Ranks each pod by how many active `related` pods (the owner's and its siblings') share its
 * node, as upstream `getPodsRankedByRelatedPodsOnSameNode`.
 */
export function rankByColocation(pods: Pod[], related: Pod[]): RankedPod[] {
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  return pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
}

/**
 * The `count` pods to delete out of `pods`, best candidates first. `related` are the active
 * pods of the owner and of the owners that share its controller (for the co-location rank).
 */
export function podsToDelete(pods: Pod[], related: Pod[], count: number, now: Date): Pod[] {
  if (count >= pods.length) return [...pods];
  return rankByColocation(pods, related)
    .sort((a, b) => compareForDeletion(a, b, now))
    .slice(0, count)
    .map((r) => r.pod);
}

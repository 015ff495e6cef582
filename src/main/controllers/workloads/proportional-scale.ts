/**
 * What a Deployment scaling event does to its ReplicaSets (upstream `scale()` and
 * `GetProportion`): with one active ReplicaSet it simply takes the new size; once the new one
 * is saturated the old ones go to 0; in the middle of a rolling update the replicas added or
 * removed are spread over the active ReplicaSets in proportion to their size, measured against
 * the `max-replicas` annotation they were last scaled with, largest first, with the leftover
 * going to the first. Pure: returns the sizes for the caller to apply.
 */
import { maxSurge, isRollingUpdate } from './rolling-math.js';
import { bySizeNewer, bySizeOlder, filterActive, findActiveOrLatest, isSaturated, sumSpecReplicas } from './replica-set-lists.js';
import { intAnnotation, MAX_REPLICAS } from './revisions.js';
import { specReplicas, type Deployment, type ReplicaSet } from './types.js';

export interface ScaleStep {
  rs: ReplicaSet;
  replicas: number;
  /**
   * Refresh the replica annotations even when the size stays (upstream calls `scaleReplicaSet`
   * for every active ReplicaSet of a proportional scale, but `scaleReplicaSetAndRecordEvent`,
   * which skips equal sizes, otherwise).
   */
  evenIfSameSize: boolean;
}

export function planScale(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ScaleStep[] {
  const replicas = specReplicas(d);
  const only = findActiveOrLatest(newRS, oldRSs);
  if (only) return (only.spec?.replicas ?? 0) === replicas ? [] : [{ rs: only, replicas, evenIfSameSize: false }];
  if (isSaturated(d, newRS)) return filterActive(oldRSs).map((rs) => ({ rs, replicas: 0, evenIfSameSize: false }));
  if (!isRollingUpdate(d)) return [];

  const active = filterActive([...oldRSs, newRS]);
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - sumSpecReplicas(active);
  if (toAdd > 0) active.sort(bySizeNewer);
  else if (toAdd < 0) active.sort(bySizeOlder);
  let added = 0;
  const sizes = active.map((rs) => {
    if (toAdd === 0) return rs.spec?.replicas ?? 0;
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return (rs.spec?.replicas ?? 0) + p;
  });
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  return active.map((rs, i) => ({ rs, replicas: sizes[i], evenIfSameSize: true }));
}

/** This ReplicaSet's share of `toAdd` (negative to remove), bounded by what is left to hand out. */
export function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if ((rs.spec?.replicas ?? 0) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** How many replicas this ReplicaSet gains (or loses) to keep its share of the Deployment. */
export function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const size = rs.spec?.replicas ?? 0;
  const replicas = specReplicas(d);
  if (replicas === 0) return -size;
  const maxNow = replicas + maxSurge(d);
  let maxBefore = intAnnotation(rs, MAX_REPLICAS) ?? 0;
  if (maxBefore === 0) {
    // The annotation was removed or edited: fall back to the pods the Deployment has now.
    maxBefore = d.status?.replicas ?? 0;
    if (maxBefore === 0) return 0;
  }
  return roundHalfAwayFromZero((size * maxNow) / maxBefore) - size;
}

function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * The two rollout strategies (upstream `rolling.go` and `recreate.go`), each one step per sync:
 *
 * - RollingUpdate: grow the new ReplicaSet while the total stays within replicas + maxSurge,
 *   then shrink old ones while at least replicas - maxUnavailable pods stay available (old
 *   ReplicaSets' unavailable pods go first, then the oldest ReplicaSets);
 * - Recreate: scale every old ReplicaSet to 0, wait until none of their pods runs, then create
 *   or scale up the new one.
 *
 * Once complete, old ReplicaSets beyond `revisionHistoryLimit` are pruned. Both return when to
 * look again to notice a missed progress deadline.
 */
import { deploymentComplete } from './deployment-status.js';
import type { DeploymentSync } from './deployment-sync.js';
import { byCreation, filterActive, sumAvailable, sumSpecReplicas, sumStatusReplicas } from './replica-set-lists.js';
import { maxUnavailable, newRSNewReplicas } from './rolling-math.js';
import { specReplicas, type ReplicaSet } from './types.js';

export async function rolloutRolling(s: DeploymentSync): Promise<number | undefined> {
  const { newRS, oldRSs } = await s.replicaSets(true);
  const fresh = s.latest(newRS!);
  if (await reconcileNewReplicaSet(s, [...oldRSs, fresh], fresh)) return s.syncRolloutStatus(fresh);
  const activeOld = filterActive(oldRSs.map((rs) => s.latest(rs)));
  if (await reconcileOldReplicaSets(s, [...activeOld, s.latest(fresh)], activeOld, s.latest(fresh))) return s.syncRolloutStatus(fresh);
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanup(oldRSs);
  return s.syncRolloutStatus(fresh);
}

/** Sizes the new ReplicaSet within the surge; true if it changed. */
async function reconcileNewReplicaSet(s: DeploymentSync, allRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  const replicas = specReplicas(s.d);
  const size = newRS.spec?.replicas ?? 0;
  if (size === replicas) return false;
  const target = size > replicas ? replicas : newRSNewReplicas(s.d, allRSs, newRS);
  return (await s.scaleReplicaSet(newRS, target)).scaled;
}

/** Shrinks old ReplicaSets as far as availability allows; true if any shrank. */
async function reconcileOldReplicaSets(s: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  if (sumSpecReplicas(oldRSs) === 0) return false;
  const minAvailable = specReplicas(s.d) - maxUnavailable(s.d);
  const newUnavailable = (newRS.spec?.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = sumSpecReplicas(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = await cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSets(s, [...cleaned.oldRSs, newRS], cleaned.oldRSs);
  return cleaned.count + scaledDown > 0;
}

/** Removes old ReplicaSets' unavailable pods first (they cost no availability), oldest ReplicaSet first. */
async function cleanupUnhealthyReplicas(s: DeploymentSync, oldRSs: ReplicaSet[], maxCleanup: number): Promise<{ oldRSs: ReplicaSet[]; count: number }> {
  const sorted = [...oldRSs].sort(byCreation);
  let count = 0;
  for (let i = 0; i < sorted.length && count < maxCleanup; i++) {
    const rs = sorted[i];
    const size = rs.spec?.replicas ?? 0;
    const unavailable = size - (rs.status?.availableReplicas ?? 0);
    if (size === 0 || unavailable <= 0) continue;
    const n = Math.min(maxCleanup - count, unavailable);
    sorted[i] = (await s.scaleReplicaSet(rs, size - n)).rs;
    count += n;
  }
  return { oldRSs: sorted, count };
}

/** Scales old ReplicaSets down by what is available beyond the minimum, oldest first. */
async function scaleDownOldReplicaSets(s: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): Promise<number> {
  const minAvailable = specReplicas(s.d) - maxUnavailable(s.d);
  const available = sumAvailable(allRSs);
  if (available <= minAvailable) return 0;
  const total = available - minAvailable;
  let scaled = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (scaled >= total) break;
    const size = rs.spec?.replicas ?? 0;
    if (size === 0) continue;
    const n = Math.min(size, total - scaled);
    await s.scaleReplicaSet(rs, size - n);
    scaled += n;
  }
  return scaled;
}

export async function rolloutRecreate(s: DeploymentSync): Promise<number | undefined> {
  let { newRS, oldRSs } = await s.replicaSets(false);
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) {
    if ((await s.scaleReplicaSet(rs, 0)).scaled) scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(s, newRS, oldRSs)) return s.syncRolloutStatus(newRS);
  if (!newRS) ({ newRS, oldRSs } = await s.replicaSets(true));
  await s.scaleReplicaSet(newRS!, specReplicas(s.d));
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanup(oldRSs);
  return s.syncRolloutStatus(newRS);
}

/** Old ReplicaSets still report pods, or some pod of theirs has not finished. */
function oldPodsRunning(s: DeploymentSync, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
  if (sumStatusReplicas(oldRSs.map((rs) => s.latest(rs))) > 0) return true;
  for (const [uid, pods] of s.podsByReplicaSet) {
    if (uid === newRS?.metadata.uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

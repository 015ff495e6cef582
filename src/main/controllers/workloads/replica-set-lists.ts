/**
 * Helpers over a Deployment's ReplicaSets (upstream `deploymentutil` and `controller` sorts):
 * sums, orderings, and which ReplicaSet is the "new" one (its template equals the
 * Deployment's, ignoring the hash label). Lists may hold `undefined` for a missing new RS.
 */
import { equalIgnoreHash } from './template-hash.js';
import { specReplicas, type Deployment, type ReplicaSet } from './types.js';
import { DESIRED_REPLICAS, intAnnotation } from './revisions.js';

type MaybeRS = ReplicaSet | undefined;

const replicasOf = (rs: ReplicaSet): number => rs.spec?.replicas ?? 0;

/** ReplicaSets that exist and want at least one pod. */
export function filterActive(rss: MaybeRS[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => !!rs && replicasOf(rs) > 0);
}

/** Sum of `spec.replicas` (upstream `GetReplicaCountForReplicaSets`). */
export function sumSpecReplicas(rss: MaybeRS[]): number {
  return rss.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
}

/** Sum of `status.replicas`: pods that exist (upstream `GetActualReplicaCountForReplicaSets`). */
export function sumStatusReplicas(rss: MaybeRS[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
}

export function sumReady(rss: MaybeRS[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
}

export function sumAvailable(rss: MaybeRS[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
}

/** Older first; the name breaks ties. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return Date.parse(ta) - Date.parse(tb);
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Larger first; among equals, newer first (scaling up). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreation(b, a);
}

/** Larger first; among equals, older first (scaling down). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreation(a, b);
}

/** The oldest ReplicaSet whose template equals the Deployment's, ignoring the hash label. */
export function findNewReplicaSet(d: Deployment, rss: ReplicaSet[]): ReplicaSet | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** Every ReplicaSet but the new one. */
export function findOldReplicaSets(rss: ReplicaSet[], newRS: MaybeRS): ReplicaSet[] {
  return rss.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
}

/**
 * The only active ReplicaSet, or the latest one when none is active; undefined when several are
 * active (upstream `FindActiveOrLatest`).
 */
export function findActiveOrLatest(newRS: MaybeRS, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** The new ReplicaSet has all the Deployment's pods, available (upstream `IsSaturated`). */
export function isSaturated(d: Deployment, rs: MaybeRS): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs, DESIRED_REPLICAS);
  const replicas = specReplicas(d);
  return replicasOf(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/**
 * The rolling-update arithmetic (upstream `ResolveFenceposts`, `MaxSurge`, `MaxUnavailable`,
 * `NewRSNewReplicas`): `maxSurge` rounds up, `maxUnavailable` rounds down, and when both come
 * to 0 (a small percentage of few replicas) one pod may be unavailable so the rollout can move.
 */
import type { Deployment, ReplicaSet } from './types.js';
import { specReplicas } from './types.js';
import { sumSpecReplicas } from './replica-set-lists.js';

/** An int, or a percentage of `total` (`"25%"`) rounded up or down. Throws for other strings. */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) throw new Error(`invalid value for IntOrString: "${value}" is not an integer or a percentage`);
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  const unavailable = scaledValue(maxUnavailable, desired, false);
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

function fenceposts(d: Deployment): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge ?? '25%', ru.maxUnavailable ?? '25%', specReplicas(d));
}

/** Pods allowed above `spec.replicas` during a rollout; 0 for Recreate. */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

/** Pods allowed to be unavailable during a rollout, at most `spec.replicas`; 0 for Recreate. */
export function maxUnavailable(d: Deployment): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(fenceposts(d).unavailable, replicas);
}

/**
 * How big the new ReplicaSet may be now: for a rolling update, grow it by what the surge
 * leaves (total of all ReplicaSets at most replicas + maxSurge), never past `spec.replicas`;
 * for Recreate, `spec.replicas` at once.
 */
export function newRSNewReplicas(d: Deployment, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d)) return replicas;
  const current = sumSpecReplicas(allRSs);
  const maxTotal = replicas + maxSurge(d);
  const newSize = newRS.spec?.replicas ?? 0;
  if (current >= maxTotal) return newSize;
  return newSize + Math.min(maxTotal - current, replicas - newSize);
}

/**
 * A Deployment's status and conditions (upstream `calculateStatus`, `syncRolloutStatus` and the
 * `DeploymentComplete` / `DeploymentProgressing` / `DeploymentTimedOut` predicates). Pure: the
 * controller writes the result through `/status`.
 *
 * `kubectl rollout status` reads exactly these: it waits for `observedGeneration >= generation`,
 * fails on `Progressing` with reason `ProgressDeadlineExceeded`, then wants `updatedReplicas ==
 * spec.replicas`, `replicas == updatedReplicas` and `availableReplicas == updatedReplicas`.
 */
import { deepEqual } from '../../util/json.js';
import { rfc3339 } from '../../util/time.js';
import { getCondition, removeCondition, setCondition } from './conditions.js';
import { maxUnavailable } from './rolling-math.js';
import { sumAvailable, sumReady, sumSpecReplicas, sumStatusReplicas } from './replica-set-lists.js';
import { specReplicas, type Deployment, type DeploymentStatus, type ReplicaSet, type WorkloadCondition } from './types.js';

export const AVAILABLE = 'Available';
export const PROGRESSING = 'Progressing';
export const REPLICA_FAILURE = 'ReplicaFailure';

/** Reasons of the Progressing and Available conditions (upstream `deploymentutil`). */
export const Reason = {
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  ReplicaSetCreateError: 'ReplicaSetCreateError',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

const MAX_INT32 = 2 ** 31 - 1;

export function newCondition(type: string, status: WorkloadCondition['status'], reason: string, message: string, now: Date): WorkloadCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== MAX_INT32;
}

/** The counts of all ReplicaSets, the generation seen, and the Available condition. */
export function calculateStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: Date): DeploymentStatus {
  const available = sumAvailable(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: sumStatusReplicas(allRSs),
    updatedReplicas: sumStatusReplicas([newRS]),
    readyReplicas: sumReady(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sumSpecReplicas(allRSs) - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  const enough = available >= specReplicas(d) - maxUnavailable(d);
  const cond = enough
    ? newCondition(AVAILABLE, 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', now)
    : newCondition(AVAILABLE, 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now);
  status.conditions = setCondition(d.status?.conditions, cond);
  return status;
}

/** Every pod updated and available, and the latest spec observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const replicas = specReplicas(d);
  return (s.updatedReplicas ?? 0) === replicas && (s.replicas ?? 0) === replicas
    && (s.availableReplicas ?? 0) === replicas && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** Something moved since the status the Deployment reports: more updated, ready or available pods, or fewer old ones. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld
    || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** No progress for `progressDeadlineSeconds` since the Progressing condition was last updated. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: Date): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s.conditions, PROGRESSING);
  if (!c) return false;
  if (c.reason === Reason.NewReplicaSetAvailable) return false;
  if (c.reason === Reason.ProgressDeadlineExceeded) return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  return Number.isFinite(from) && from + d.spec!.progressDeadlineSeconds! * 1000 < now.getTime();
}

export interface RolloutStatus {
  status: DeploymentStatus;
  /** The status differs from what the Deployment reports. */
  changed: boolean;
  /** When to look again to notice a missed deadline, if the rollout is still under way. */
  requeueAfterMs?: number;
}

/**
 * The status after a rollout step: counts, then the Progressing condition (complete,
 * progressing, or timed out), then the new (or else any) ReplicaSet's ReplicaFailure.
 */
export function rolloutStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: Date): RolloutStatus {
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) status.conditions = removeCondition(status.conditions, PROGRESSING);
  const current = getCondition(d.status?.conditions, PROGRESSING);
  const complete = status.replicas === status.updatedReplicas && current?.reason === Reason.NewReplicaSetAvailable;
  const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  if (hasProgressDeadline(d) && !complete) {
    if (deploymentComplete(d, status)) {
      status.conditions = setCondition(status.conditions,
        newCondition(PROGRESSING, 'True', Reason.NewReplicaSetAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      const c = newCondition(PROGRESSING, 'True', Reason.ReplicaSetUpdated, `${subject} is progressing.`, now);
      // Refresh lastUpdateTime (progress was made) but keep the transition time of a True condition.
      if (current?.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
      status.conditions = [...removeCondition(status.conditions, PROGRESSING), c];
    } else if (deploymentTimedOut(d, status, now)) {
      status.conditions = setCondition(status.conditions,
        newCondition(PROGRESSING, 'False', Reason.ProgressDeadlineExceeded, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  status.conditions = failure ? setCondition(status.conditions, failure) : removeCondition(status.conditions, REPLICA_FAILURE);
  if (status.conditions.length === 0) delete status.conditions;
  const changed = !statusEqual(d.status, status);
  return { status, changed, requeueAfterMs: changed ? undefined : stuckRequeue(d, status, now) };
}

/** The new ReplicaSet's ReplicaFailure condition, else the first one of any ReplicaSet. */
function replicaFailure(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): WorkloadCondition | undefined {
  for (const rs of [newRS, ...allRSs]) {
    const c = getCondition(rs?.status?.conditions, REPLICA_FAILURE);
    if (c) return { type: REPLICA_FAILURE, status: c.status, reason: c.reason, message: c.message, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime };
  }
  return undefined;
}

/** Upstream `requeueStuckDeployment`: wake up when the deadline would pass without progress. */
function stuckRequeue(d: Deployment, s: DeploymentStatus, now: Date): number | undefined {
  const c = getCondition(d.status?.conditions, PROGRESSING);
  if (!hasProgressDeadline(d) || !c) return undefined;
  if (deploymentComplete(d, s) || c.reason === Reason.ProgressDeadlineExceeded) return undefined;
  const from = Date.parse(c.lastUpdateTime ?? '');
  if (!Number.isFinite(from)) return undefined;
  return Math.max(1000, from + d.spec!.progressDeadlineSeconds! * 1000 - now.getTime());
}

/** Status equality with missing counts read as 0. */
export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return deepEqual(normalize(a), normalize(b));
}

function normalize(s: DeploymentStatus | undefined): DeploymentStatus {
  const out: DeploymentStatus = { ...s };
  for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) out[k] ??= 0;
  if (out.conditions?.length === 0) delete out.conditions;
  return out;
}

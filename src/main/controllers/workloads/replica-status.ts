/**
 * The status a replica controller reports (upstream `calculateStatus` of the ReplicaSet
 * controller): counts of the active pods it controls, and a `ReplicaFailure` condition while
 * creating or deleting pods fails. Pure: the caller writes the result through `/status`.
 */
import { removeCondition, getCondition, setCondition } from './conditions.js';
import { isPodAvailable, isPodReady } from './pod-util.js';
import type { Pod, ReplicaOwner, ReplicaStatus } from './types.js';
import { deepEqual } from '../../util/json.js';
import { rfc3339 } from '../../util/time.js';

export const REPLICA_FAILURE = 'ReplicaFailure';

/**
 * `pods` are the active pods the owner controls (before this sync's creations and deletions);
 * `manageError` is the error of this sync's creations or deletions, if any.
 */
export function calculateReplicaStatus(owner: ReplicaOwner, pods: Pod[], manageError: unknown, now: Date): ReplicaStatus {
  const templateLabels = owner.spec?.template?.metadata?.labels ?? {};
  const minReadySeconds = owner.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    const labels = pod.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
    }
  }
  let conditions = owner.status?.conditions;
  const failure = getCondition(conditions, REPLICA_FAILURE);
  if (manageError !== undefined && !failure) {
    const reason = pods.length < (owner.spec?.replicas ?? 0) ? 'FailedCreate' : 'FailedDelete';
    conditions = setCondition(conditions, {
      type: REPLICA_FAILURE, status: 'True', reason, message: errorMessage(manageError), lastTransitionTime: rfc3339(now),
    });
  } else if (manageError === undefined && failure) {
    conditions = removeCondition(conditions, REPLICA_FAILURE);
  }
  const status: ReplicaStatus = {
    ...owner.status,
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: owner.metadata.generation,
  };
  if (conditions && conditions.length > 0) status.conditions = conditions;
  else delete status.conditions;
  return status;
}

/** True when `next` differs from what the owner already reports (so a write is needed). */
export function replicaStatusChanged(owner: ReplicaOwner, next: ReplicaStatus): boolean {
  return !deepEqual(normalize(owner.status), normalize(next));
}

function normalize(s: ReplicaStatus | undefined): ReplicaStatus {
  const out: ReplicaStatus = { ...s };
  for (const k of ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'] as const) out[k] ??= 0;
  if (out.conditions?.length === 0) delete out.conditions;
  return out;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

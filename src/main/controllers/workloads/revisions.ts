/**
 * Deployment revision bookkeeping on ReplicaSets (upstream `deploymentutil`): the
 * `deployment.kubernetes.io/revision` annotation (the new ReplicaSet gets max(old) + 1, also
 * when an old one becomes new again after `kubectl rollout undo`, which keeps its former
 * numbers in `revision-history`), the desired / max replica annotations proportional scaling
 * reads, and the Deployment annotations copied onto its ReplicaSets.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { Deployment, ReplicaSet } from './types.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';

/** Upstream's cap on the `revision-history` annotation. */
export const MAX_REVISION_HISTORY_CHARS = 2000;

const NOT_COPIED = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, DEPRECATED_ROLLBACK_TO]);

/** A non-negative decimal integer annotation; undefined when missing or malformed. */
export function intAnnotation(obj: KubeObject, key: string): number | undefined {
  const v = obj.metadata.annotations?.[key];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The object's revision; 0 without one. */
export function revisionOf(obj: KubeObject | undefined): number {
  return obj ? (intAnnotation(obj, REVISION) ?? 0) : 0;
}

export function maxRevision(rss: ReplicaSet[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

/** Copies the Deployment's own annotations (not the bookkeeping ones) onto `rs`; true if any changed. */
export function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (NOT_COPIED.has(k) || rs.metadata.annotations?.[k] === v) continue;
    rs.metadata.annotations = { ...rs.metadata.annotations, [k]: v };
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata.annotations;
  return a?.[DESIRED_REPLICAS] !== String(desired) || a?.[MAX_REPLICAS] !== String(max);
}

/** Records the Deployment's `spec.replicas` and replicas + maxSurge on `rs`; true if they changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  if (!replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
  rs.metadata.annotations = { ...rs.metadata.annotations, [DESIRED_REPLICAS]: String(desired), [MAX_REPLICAS]: String(max) };
  return true;
}

/**
 * Brings the annotations of the Deployment's new ReplicaSet up to date (modifies `rs`; pass a
 * copy). The revision only ever grows; when an old revision is replaced, it is appended to
 * `revision-history` (oldest entries dropped to stay under `historyLimitChars`). A ReplicaSet
 * about to be created (`exists` false) also gets the replica annotations. True if anything changed.
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: number,
  exists: boolean,
  replicaAnnotations: { desired: number; max: number },
  historyLimitChars = MAX_REVISION_HISTORY_CHARS,
): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const oldText = rs.metadata.annotations?.[REVISION] ?? '';
  if (oldText !== '' && !/^\d+$/.test(oldText)) return false;
  const old = oldText === '' ? 0 : Number(oldText);
  if (old < newRevision) {
    rs.metadata.annotations = { ...rs.metadata.annotations, [REVISION]: String(newRevision) };
    changed = true;
    if (oldText !== '') recordFormerRevision(rs, oldText, historyLimitChars);
  }
  if (!exists && setReplicasAnnotations(rs, replicaAnnotations.desired, replicaAnnotations.max)) changed = true;
  return changed;
}

function recordFormerRevision(rs: ReplicaSet, former: string, limit: number): void {
  const history = rs.metadata.annotations?.[REVISION_HISTORY] ?? '';
  const entries = history === '' ? [] : history.split(',');
  let total = (history === '' ? 0 : history.length + 1) + former.length;
  while (total > limit && entries.length > 0) total -= entries.shift()!.length + 1;
  if (total > limit) return; // a single revision longer than the limit: keep the history as it was
  rs.metadata.annotations = { ...rs.metadata.annotations, [REVISION_HISTORY]: [...entries, former].join(',') };
}

/**
 * How a delete request proceeds (upstream `BeforeDelete` + `genericregistry.Store.Delete`):
 * - objects with finalizers (or with the `orphan` / `foregroundDeletion` finalizer that the
 *   propagation policy adds) get `deletionTimestamp` and stay until their finalizers are removed;
 * - pods bound to a node are deleted gracefully: `deletionTimestamp` = now + grace period, and
 *   the kubelet deletes them for good once their containers have stopped;
 * - namespaces become `Terminating`; the namespace controller empties and finalizes them;
 * - everything else is deleted at once.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import { clone } from '../../util/json.js';
import { rfc3339 } from '../../util/time.js';
import type { ResourceDef } from './resource-def.js';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  /** Deprecated form of `propagationPolicy: Orphan`. */
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type DeletionPlan =
  | { kind: 'now'; object?: undefined }
  | { kind: 'unchanged'; object?: undefined }
  | { kind: 'pending'; object: KubeObject };

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export function deletionPlan(r: ResourceDef, current: KubeObject, options: DeleteOptions, now: Date): DeletionPlan {
  const next = clone(current);
  const meta = next.metadata;
  const finalizers = new Set(meta.finalizers ?? []);
  const policy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : undefined);
  if (policy === 'Orphan') {
    finalizers.add(ORPHAN_FINALIZER);
    finalizers.delete(FOREGROUND_FINALIZER);
  } else if (policy === 'Foreground') {
    finalizers.add(FOREGROUND_FINALIZER);
    finalizers.delete(ORPHAN_FINALIZER);
  }

  if (r.kind === 'Namespace') {
    // Upstream's namespace REST sets only deletionTimestamp and the phase (no grace period).
    if (meta.deletionTimestamp) return { kind: 'unchanged' };
    meta.deletionTimestamp = rfc3339(now);
    meta.finalizers = finalizers.size ? [...finalizers] : undefined;
    next.status = { ...(next.status as object), phase: 'Terminating' };
    return { kind: 'pending', object: tidy(next) };
  }

  const grace = gracePeriod(r, current, options);
  if (grace > 0) {
    // A second graceful delete may only shorten the grace period.
    if (meta.deletionTimestamp && (meta.deletionGracePeriodSeconds ?? 0) <= grace) return { kind: 'unchanged' };
    bumpGenerationOnFirstMark(next, current);
    // Shortening keeps the original request time: old deadline - old grace + new grace.
    const requestedAt = meta.deletionTimestamp
      ? Date.parse(meta.deletionTimestamp) - (meta.deletionGracePeriodSeconds ?? 0) * 1000
      : now.getTime();
    meta.deletionTimestamp = rfc3339(new Date(requestedAt + grace * 1000));
    meta.deletionGracePeriodSeconds = grace;
    if (finalizers.size) meta.finalizers = [...finalizers];
    return { kind: 'pending', object: next };
  }

  if (finalizers.size > 0) {
    const shortening = !!meta.deletionTimestamp && (meta.deletionGracePeriodSeconds ?? 0) > 0;
    const unchanged = meta.deletionTimestamp && !shortening && sameSet(finalizers, current.metadata.finalizers ?? []);
    if (unchanged) return { kind: 'unchanged' };
    bumpGenerationOnFirstMark(next, current);
    if (shortening) {
      // A graceful deletion cut to 0 while finalizers remain: the deadline moves to the request time.
      meta.deletionTimestamp = rfc3339(new Date(Date.parse(meta.deletionTimestamp!) - meta.deletionGracePeriodSeconds! * 1000));
    }
    meta.deletionTimestamp ??= rfc3339(now);
    meta.deletionGracePeriodSeconds = 0;
    meta.finalizers = [...finalizers];
    return { kind: 'pending', object: next };
  }
  return { kind: 'now' };
}

/** Pods on a node get a grace period; unscheduled or finished pods, and other kinds, none. */
function gracePeriod(r: ResourceDef, pod: KubeObject, options: DeleteOptions): number {
  if (r.kind !== 'Pod') return 0;
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const requested = options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  // Upstream (`rest.BeforeDelete`) treats a negative request as 1 second, and 0 as "now".
  return requested < 0 ? 1 : requested;
}

/**
 * Marking an object for deletion is a change controllers must observe, so upstream bumps
 * `metadata.generation` (when the kind has one) the first time `deletionTimestamp` is set.
 */
function bumpGenerationOnFirstMark(next: KubeObject, current: KubeObject): void {
  const generation = current.metadata.generation ?? 0;
  if (!current.metadata.deletionTimestamp && generation > 0) next.metadata.generation = generation + 1;
}

function sameSet(a: Set<string>, b: string[]): boolean {
  return a.size === b.length && b.every((x) => a.has(x));
}

function tidy(obj: KubeObject): KubeObject {
  if (obj.metadata.finalizers === undefined) delete obj.metadata.finalizers;
  return obj;
}

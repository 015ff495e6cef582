/**
 * The client-side three-way apply of `kubectl apply`: the patch is the new configuration plus
 * an explicit `null` for every map key that the last applied configuration had and the new one
 * no longer has (so removed labels, env maps, ... are deleted; fields set by others stay).
 * Lists are replaced or merged by the server's strategic merge rules.
 */
import type { KubeObject } from '../../../shared/api/object.js';

import { LAST_APPLIED } from '../clean-object.js';

export { LAST_APPLIED };

/** What is recorded as the last applied configuration: the document without server-owned fields. */
export function lastAppliedOf(o: KubeObject): KubeObject {
  const { status: _s, ...rest } = o;
  const { resourceVersion: _rv, uid: _u, creationTimestamp: _c, generation: _g, managedFields: _m, selfLink: _sl, ...metadata } = o.metadata as KubeObject['metadata'] & { selfLink?: string };
  const annotations = { ...metadata.annotations };
  delete annotations[LAST_APPLIED];
  return { ...rest, metadata: { ...metadata, ...(Object.keys(annotations).length ? { annotations } : { annotations: undefined }) } } as KubeObject;
}

export function threeWayPatch(previous: unknown, desired: KubeObject): Record<string, unknown> {
  const { status: _s, ...body } = desired;
  return withDeletions(previous, stripUndefined(body)) as Record<string, unknown>;
}

function withDeletions(previous: unknown, desired: unknown): unknown {
  if (!isMap(desired)) return desired;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(desired)) out[k] = isMap(previous) ? withDeletions(previous[k], v) : v;
  if (isMap(previous)) {
    for (const k of Object.keys(previous)) if (!(k in desired)) out[k] = null;
  }
  return out;
}

function stripUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripUndefined);
  if (!isMap(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = stripUndefined(x);
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The `/scale` subresource (autoscaling/v1 Scale) of Deployments, ReplicaSets and
 * ReplicationControllers: `kubectl scale` reads and patches it.
 */
import { selectorFromSet, selectorFromSpec } from '../../../shared/api/label-selector.js';
import type { KubeObject } from '../../../shared/api/object.js';
import { errors } from '../errors.js';
import { isPlainObject } from '../../util/json.js';

interface Scalable {
  spec?: { replicas?: number; selector?: unknown };
  status?: { replicas?: number };
}

export function toScale(obj: KubeObject): KubeObject {
  const o = obj as unknown as Scalable & KubeObject;
  let selector = '';
  const sel = o.spec?.selector;
  if (obj.kind === 'ReplicationController') selector = selectorFromSet(sel as Record<string, string>).toString();
  else if (isPlainObject(sel)) selector = selectorFromSpec(sel).toString();
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: o.spec?.replicas ?? 0 },
    status: { replicas: o.status?.replicas ?? 0, selector },
  };
}

/** Applies a Scale body to its parent object; `resourceVersion` in the Scale is a precondition. */
export function applyScale(parent: KubeObject, scale: unknown): KubeObject {
  if (!isPlainObject(scale)) throw errors.badRequest('the body must be an autoscaling/v1 Scale object');
  const s = scale as { kind?: string; metadata?: { resourceVersion?: string; name?: string }; spec?: { replicas?: unknown } };
  if (s.kind !== undefined && s.kind !== 'Scale') {
    throw errors.badRequest(`the kind in the data (${s.kind}) does not match the expected kind (Scale)`);
  }
  const replicas = s.spec?.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
    throw errors.invalid('Scale', 'autoscaling', parent.metadata.name ?? '', [
      { type: 'FieldValueInvalid', field: 'spec.replicas', badValue: replicas, detail: 'must be an integer' },
    ]);
  }
  if (replicas < 0) {
    throw errors.invalid('Scale', 'autoscaling', parent.metadata.name ?? '', [
      { type: 'FieldValueInvalid', field: 'spec.replicas', badValue: replicas, detail: 'must be greater than or equal to 0' },
    ]);
  }
  const next = { ...parent, spec: { ...(parent.spec as object), replicas } } as KubeObject;
  next.metadata = { ...parent.metadata };
  if (s.metadata?.resourceVersion) next.metadata.resourceVersion = s.metadata.resourceVersion;
  return next;
}

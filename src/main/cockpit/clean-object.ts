/**
 * Objects as the cockpit shows them: without `metadata.managedFields` (noise, often the bulk of
 * an object); YAML for editing and diffs also leaves out the last-applied configuration, which
 * `resources:apply` writes afresh every time.
 */
import type { KubeObject } from '../../shared/api/object.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function withoutManagedFields<T extends KubeObject>(o: T): T {
  if (!o.metadata?.managedFields) return o;
  const { managedFields: _drop, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/** For the editor and the diff view: no managedFields, no last-applied annotation. */
export function forEditing<T extends KubeObject>(o: T): T {
  const clean = withoutManagedFields(o);
  const annotations = clean.metadata.annotations;
  if (!annotations || !(LAST_APPLIED in annotations)) return clean;
  const { [LAST_APPLIED]: _drop, ...rest } = annotations;
  const metadata: KubeObject['metadata'] = { ...clean.metadata, annotations: rest };
  if (Object.keys(rest).length === 0) delete metadata.annotations;
  return { ...clean, metadata };
}

/** Objects as the cockpit shows them: without `metadata.managedFields` (noise, often the bulk of an object). */
import type { KubeObject } from '../../shared/api/object.js';

export function withoutManagedFields<T extends KubeObject>(o: T): T {
  if (!o.metadata?.managedFields) return o;
  const { managedFields: _drop, ...metadata } = o.metadata;
  return { ...o, metadata };
}

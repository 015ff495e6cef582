/**
 * The per-kind knowledge the generic registry needs, behind one seam so the registry does not
 * depend on how strategies and schemas are written. `kind-support-default.ts` wires the real ones.
 */
import type { KubeObject, ObjectMeta } from '../../../shared/api/object.js';
import type { ResourceDef } from './resource-def.js';
import type { FieldError, KindStrategy } from './types.js';

export interface KindSupport {
  strategy(r: ResourceDef): KindStrategy;
  /** Unknown-field messages (`unknown field "spec.replicaz"`) for strict field validation. */
  unknownFields(r: ResourceDef, obj: KubeObject): string[];
  /** Removes fields the schema does not declare, so they are never stored (upstream's decoding drops them). */
  pruneUnknownFields?(r: ResourceDef, obj: KubeObject): void;
  /** Wrong JSON types (a string where an integer belongs), as field errors. */
  typeErrors(r: ResourceDef, obj: KubeObject): { field: string; detail: string }[];
  /** Name, namespace, label and annotation rules for `metadata`. */
  validateMeta(r: ResourceDef, meta: ObjectMeta): FieldError[];
  /** Metadata rules of an update (no new finalizers while deleting, ...). */
  validateMetaUpdate(meta: ObjectMeta, old: ObjectMeta): FieldError[];
}

/**
 * core/v1 Namespace: DNS-label names, the `kubernetes` finalizer and `Active` phase a new
 * namespace gets, finalizer-name checks, the Table and the `status.phase` field selector.
 * The API server keeps `spec.finalizers` and `status` from the stored object on updates
 * (upstream `PrepareForUpdate`; `/finalize` and `/status` change them).
 */
import type { KubeObject } from '../../../shared/api/object.js';
import { isQualifiedName } from '../../../shared/api/names.js';
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { invalid, invalidEach, type FieldError } from './field-errors.js';
import { AGE_COLUMN, col } from './table-columns.js';

export interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: unknown[] };
}

/** Upstream `validateFinalizerName` for `spec.finalizers`: qualified, or the standard `kubernetes`. */
function validateSpecFinalizers(ns: Namespace): FieldError[] {
  const out: FieldError[] = [];
  (ns.spec?.finalizers ?? []).forEach((f, i) => {
    const path = `spec.finalizers[${i}]`;
    const problems = isQualifiedName(f);
    out.push(...invalidEach(path, f, problems));
    if (!problems.length && !f.includes('/') && f !== 'kubernetes') {
      out.push(invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return out;
}

export const namespaceStrategy = {
  nameRule: 'label',
  defaults(ns: Namespace): void {
    ns.spec ??= {};
    ns.spec.finalizers ??= ['kubernetes'];
    ns.status ??= {};
    ns.status.phase ||= 'Active';
  },
  validate: validateSpecFinalizers,
  validateUpdate: (ns: Namespace) => validateSpecFinalizers(ns),
  table: {
    columns: [col('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
    cells: (ns: Namespace, now: Date) => [ns.status?.phase ?? '', formatAge(ns.metadata.creationTimestamp, now)],
  },
  fieldSelectors: (ns: Namespace) => ({ 'status.phase': ns.status?.phase ?? '' }),
} satisfies KindStrategy<Namespace>;

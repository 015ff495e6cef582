/**
 * Taint / toleration matching (upstream `v1.Toleration.ToleratesTaint`), shared by
 * TaintToleration and NodeUnschedulable.
 */
import type { Taint, Toleration } from '../api-types.js';

/**
 * A toleration matches a taint when its effect is empty or equal, its key is empty or equal, and
 * with `Exists` any value matches while with `Equal` (or no operator) the values must be equal.
 * An empty key with `Exists` therefore tolerates every taint.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The first taint that `include` selects and no toleration tolerates. */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  include: (taint: Taint) => boolean,
): Taint | undefined {
  for (const taint of taints) {
    if (include(taint) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/**
 * When a NoExecute taint evicts a pod (upstream `tainteviction` `processPodOnNode` +
 * `getMinTolerationTime`, core/v1 `Toleration.ToleratesTaint`): a pod that does not tolerate
 * every NoExecute taint of its node goes at once; otherwise it goes when the shortest
 * `tolerationSeconds` among the tolerations used runs out, counted (as upstream) from when the
 * controller saw the taint appear — `timeAdded` has only second precision; tolerations without
 * `tolerationSeconds` tolerate for ever.
 *
 * Default tolerations (upstream's `DefaultTolerationSeconds` admission): a pod with no
 * toleration at all for `node.kubernetes.io/not-ready` / `unreachable` NoExecute is treated as
 * if it had one with the configured seconds. Pure functions.
 */
import type { Toleration } from '../../apiserver/kinds/pod-types.js';
import { TAINT_NOT_READY, TAINT_UNREACHABLE, type Taint } from './taints.js';

export interface DefaultTolerations {
  notReadySeconds: number;
  unreachableSeconds: number;
}

/** core/v1 `Toleration.ToleratesTaint`. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** The pod's tolerations plus the default ones it lacks for the not-ready and unreachable taints. */
export function withDefaultTolerations(tolerations: readonly Toleration[], defaults: DefaultTolerations): Toleration[] {
  const out = [...tolerations];
  const add = (key: string, seconds: number) => {
    const has = tolerations.some((t) => tolerates(t, { key, effect: 'NoExecute' }));
    if (!has) out.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  };
  add(TAINT_NOT_READY, defaults.notReadySeconds);
  add(TAINT_UNREACHABLE, defaults.unreachableSeconds);
  return out;
}

/**
 * The time (ms) the pod must be evicted at, or undefined when it tolerates the NoExecute taints
 * for ever. `taintSeenMs` says since when each taint has been on the node.
 */
export function evictionTime(taints: readonly Taint[], tolerations: readonly Toleration[], taintSeenMs: (t: Taint) => number): number | undefined {
  let at: number | undefined;
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue;
    const used = tolerations.find((t) => tolerates(t, taint));
    const start = taintSeenMs(taint);
    if (!used) return start; // not tolerated: at once
    if (used.tolerationSeconds === undefined || used.tolerationSeconds === null) continue;
    const due = start + Math.max(0, used.tolerationSeconds) * 1000;
    at = at === undefined ? due : Math.min(at, due);
  }
  return at;
}

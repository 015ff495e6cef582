/**
 * TaintToleration. Filter: the pod must tolerate every `NoSchedule` and `NoExecute` taint of the
 * node. Score: fewer untolerated `PreferNoSchedule` taints rank higher (raw score = their count,
 * normalised in reverse). Only tolerations with an empty or `PreferNoSchedule` effect count there.
 */
import type { Taint, Toleration } from '../api-types.js';
import { defaultNormalizeScore } from '../framework/normalize.js';
import { newStatus, SUCCESS, type FilterPlugin, type PreScorePlugin, type ScorePlugin, type Status } from '../framework/types.js';
import { findUntoleratedTaint, tolerationsTolerateTaint } from './tolerations.js';

export const TAINT_TOLERATION = 'TaintToleration';
const PRE_SCORE_KEY = 'PreScoreTaintToleration';

/**
 * Upstream (v1.26 to v1.33) names the taint; upstream PR #134740 (late 2025, back-ported to
 * v1.34) replaced this with the generic `node(s) had untolerated taint(s)` because taint values
 * may be sensitive. Pilothouse reports v1.32 and keeps the detailed wording.
 */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

const isDoNotSchedule = (t: Taint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

/** Memo: the same few taints reject many pods; reuse their Status objects. */
const rejections = new Map<string, Status>();

export function checkTaints(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Status {
  if (taints.length === 0) return SUCCESS;
  const taint = findUntoleratedTaint(taints, tolerations, isDoNotSchedule);
  if (!taint) return SUCCESS;
  const reason = untoleratedTaintReason(taint);
  let status = rejections.get(reason);
  if (!status) {
    status = newStatus('UnschedulableAndUnresolvable', reason);
    if (rejections.size > 1000) rejections.clear();
    rejections.set(reason, status);
  }
  return status;
}

/** How many `PreferNoSchedule` taints the tolerations do not tolerate. */
export function countIntolerablePreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let n = 0;
  for (const taint of taints) {
    if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) n++;
  }
  return n;
}

/** Tolerations that can tolerate a `PreferNoSchedule` taint (empty or that effect). */
function preferNoScheduleTolerations(tolerations: readonly Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

export const taintToleration = {
  name: TAINT_TOLERATION,
  filter: (_state, pod, node) => checkTaints(node.taints, pod.pod.spec?.tolerations),
  preScore(state, pod) {
    state.write(PRE_SCORE_KEY, preferNoScheduleTolerations(pod.pod.spec?.tolerations));
    return SUCCESS;
  },
  score: (state, pod, node) =>
    countIntolerablePreferNoSchedule(node.taints, state.read<Toleration[]>(PRE_SCORE_KEY) ?? preferNoScheduleTolerations(pod.pod.spec?.tolerations)),
  normalize: (scores) => defaultNormalizeScore(scores, true),
} satisfies FilterPlugin & PreScorePlugin & ScorePlugin;

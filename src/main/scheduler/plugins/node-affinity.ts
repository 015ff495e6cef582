/**
 * NodeAffinity. Filter: the node must match the pod's `nodeSelector` and its required node
 * affinity. Score: the sum of the weights of the preferred terms the node matches, normalised
 * so the best node gets 100.
 */
import { selectorFromSet } from '../../../shared/api/label-selector.js';
import type { PodSpec } from '../api-types.js';
import { defaultNormalizeScore } from '../framework/normalize.js';
import type { PodInfo } from '../framework/pod-info.js';
import {
  newStatus, SKIP, SUCCESS, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin, type Status,
} from '../framework/types.js';
import { compileTerm, compileTerms, type NodeMatcher } from './node-selector.js';

export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

const PRE_FILTER_KEY = 'PreFilterNodeAffinity';
const PRE_SCORE_KEY = 'PreScoreNodeAffinity';
const REJECTED = newStatus('UnschedulableAndUnresolvable', ERR_REASON_AFFINITY);

/** `nodeSelector` AND required node affinity; undefined when the pod has neither. */
export function requiredNodeMatcher(spec: PodSpec | undefined): NodeMatcher | undefined {
  const parts: NodeMatcher[] = [];
  const selector = spec?.nodeSelector;
  if (selector && Object.keys(selector).length > 0) {
    const s = selectorFromSet(selector);
    parts.push((labels) => s.matches(labels));
  }
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) parts.push(compileTerms(required.nodeSelectorTerms));
  if (parts.length === 0) return undefined;
  return (labels, name) => parts.every((m) => m(labels, name));
}

export interface WeightedMatcher {
  weight: number;
  matches: NodeMatcher;
}

/** Preferred terms with a weight; zero-weight and empty terms are dropped like upstream. */
export function preferredNodeMatchers(spec: PodSpec | undefined): WeightedMatcher[] {
  const terms = spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return terms
    .filter((t) => t.weight && ((t.preference?.matchExpressions?.length ?? 0) > 0 || (t.preference?.matchFields?.length ?? 0) > 0))
    .map((t) => ({ weight: t.weight, matches: compileTerm(t.preference) }));
}

export function checkNodeAffinity(matcher: NodeMatcher | undefined, labels: Readonly<Record<string, string>>, nodeName: string): Status {
  return !matcher || matcher(labels, nodeName) ? SUCCESS : REJECTED;
}

export function preferredScore(matchers: readonly WeightedMatcher[], labels: Readonly<Record<string, string>>, nodeName: string): number {
  let score = 0;
  for (const m of matchers) if (m.matches(labels, nodeName)) score += m.weight;
  return score;
}

function required(state: { read<T>(k: string): T | undefined }, pod: PodInfo): NodeMatcher | undefined {
  return state.read<NodeMatcher>(PRE_FILTER_KEY) ?? requiredNodeMatcher(pod.pod.spec);
}

export const nodeAffinity = {
  name: NODE_AFFINITY,
  preFilter(state, pod) {
    const matcher = requiredNodeMatcher(pod.pod.spec);
    if (!matcher) return SKIP;
    state.write(PRE_FILTER_KEY, matcher);
    return SUCCESS;
  },
  filter: (state, pod, node) => checkNodeAffinity(required(state, pod), node.labels, node.name),
  preScore(state, pod) {
    const matchers = preferredNodeMatchers(pod.pod.spec);
    if (matchers.length === 0) return SKIP;
    state.write(PRE_SCORE_KEY, matchers);
    return SUCCESS;
  },
  score: (state, pod, node) =>
    preferredScore(state.read<WeightedMatcher[]>(PRE_SCORE_KEY) ?? preferredNodeMatchers(pod.pod.spec), node.labels, node.name),
  normalize: (scores) => defaultNormalizeScore(scores, false),
} satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;

/**
 * One scheduling cycle for one pod (upstream `schedulePod`): PreFilter, then Filter over the
 * nodes starting where the previous cycle stopped until enough feasible nodes are found (upstream
 * `percentageOfNodesToScore` sampling), then PreScore / Score / normalise / weight over the
 * feasible ones, then a uniform random pick among the best totals. Pure apart from `random`:
 * it reads the NodeInfos and changes nothing; the caller assumes the pod and binds.
 */
import type { NodeInfo } from './cache/node-info.js';
import { fitErrorMessage, NO_NODES_AVAILABLE } from './framework/fit-error.js';
import type { Framework, PluginVerdict, ScoreTable } from './framework/framework.js';
import type { PodInfo } from './framework/pod-info.js';
import { preemptionMessage } from './framework/preemption.js';
import { CycleState, type Status } from './framework/types.js';

/** Upstream `minFeasibleNodesToFind`: below this many nodes, all are checked. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** Upstream `minFeasibleNodesPercentageToFind`. */
export const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

export interface CycleInput {
  framework: Framework;
  /** Candidate nodes, in a stable order. */
  nodes: readonly NodeInfo[];
  /** 1..100 checks that share of nodes; 0 (default) adapts like upstream: 50% - nodes/125, at least 5%. */
  percentageOfNodesToScore?: number;
  /** Where to start looking (round robin across cycles). */
  startIndex?: number;
  /** Uniform in [0, 1); decides among equally good nodes. */
  random?: () => number;
}

export interface CycleResult {
  outcome: 'Scheduled' | 'Unschedulable' | 'Error';
  /** The chosen node (Scheduled). */
  node?: string;
  /** The chosen node's weighted total; absent when it was the only feasible node (not scored). */
  score?: number;
  /** The FitError message (Unschedulable) or what failed (Error). */
  message?: string;
  /** How many nodes the cluster offered. */
  totalNodes: number;
  /** How many feasible nodes the cycle wanted before it stopped filtering. */
  nodesToFind: number;
  /** Names of the nodes run through the filters, in order. */
  evaluated: string[];
  /** Index-aligned with `evaluated`: the rejection, or undefined for a feasible node. */
  verdicts: (PluginVerdict | undefined)[];
  /** A PreFilter rejection, which applies to every node. */
  preFilter?: PluginVerdict;
  /** Plugins that said Skip for this pod. */
  skipped: { filter: string[]; score: string[] };
  /** Indexes into `evaluated` of the feasible nodes, in the order `scores` uses. */
  feasible: number[];
  /** Present when two or more nodes were feasible. */
  scores?: ScoreTable;
  /** Where the next cycle should start. */
  nextStartIndex: number;
}

/** Upstream `numFeasibleNodesToFind`. */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let p = percentage;
  if (p <= 0) p = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - Math.trunc(numAllNodes / 125));
  const n = Math.trunc((numAllNodes * Math.min(p, 100)) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}

/** Index of a highest total, chosen uniformly among ties by reservoir sampling (upstream `selectHost`). */
export function selectHost(totals: ArrayLike<number>, random: () => number = Math.random): number {
  let best = 0;
  let ties = 1;
  for (let i = 1; i < totals.length; i++) {
    if (totals[i] > totals[best]) {
      best = i;
      ties = 1;
    } else if (totals[i] === totals[best]) {
      ties++;
      if (Math.floor(random() * ties) === 0) best = i;
    }
  }
  return best;
}

export function schedulePod(input: CycleInput, pod: PodInfo): CycleResult {
  const { framework, nodes } = input;
  const n = nodes.length;
  const start = n === 0 ? 0 : (input.startIndex ?? 0) % n;
  const state = new CycleState(n);
  const result: CycleResult = {
    outcome: 'Unschedulable', totalNodes: n, nodesToFind: 0, evaluated: [], verdicts: [], feasible: [],
    skipped: { filter: [], score: [] }, nextStartIndex: start,
  };
  if (n === 0) return { ...result, message: NO_NODES_AVAILABLE };

  const pre = framework.runPreFilters(state, pod);
  result.skipped.filter = [...state.skipFilter];
  if ('rejected' in pre) {
    result.preFilter = pre.rejected;
    return pre.rejected.status.code === 'Error'
      ? { ...result, outcome: 'Error', message: errorMessage(pre.rejected) }
      : unschedulable(result, pod, nodes, nodes.map(() => pre.rejected.status), pre.rejected.status.reasons.join(', '));
  }

  result.nodesToFind = numFeasibleNodesToFind(input.percentageOfNodesToScore ?? 0, n);
  const feasibleNodes: NodeInfo[] = [];
  let processed = 0;
  while (processed < n && feasibleNodes.length < result.nodesToFind) {
    const node = nodes[(start + processed) % n];
    processed++;
    const verdict = framework.runFilters(pre.filters, state, pod, node);
    if (!verdict) {
      result.feasible.push(result.evaluated.length);
      feasibleNodes.push(node);
    }
    result.evaluated.push(node.name);
    result.verdicts.push(verdict);
    if (verdict?.status.code === 'Error') return { ...result, outcome: 'Error', message: errorMessage(verdict) };
  }
  result.nextStartIndex = (start + processed) % n;

  if (feasibleNodes.length === 0) {
    // nothing fit, so every node was evaluated, in order from `start`
    const evaluatedNodes = result.evaluated.map((_, i) => nodes[(start + i) % n]);
    return unschedulable(result, pod, evaluatedNodes, result.verdicts.map((v) => v!.status));
  }
  if (feasibleNodes.length === 1) return { ...result, outcome: 'Scheduled', node: feasibleNodes[0].name };

  const preScoreError = framework.runPreScores(state, pod, feasibleNodes);
  result.skipped.score = [...state.skipScore];
  if (preScoreError) return { ...result, outcome: 'Error', message: errorMessage(preScoreError) };
  const scores = framework.runScores(state, pod, feasibleNodes);
  if (!('totals' in scores)) return { ...result, outcome: 'Error', message: errorMessage(scores) };
  const chosen = selectHost(scores.totals, input.random);
  return { ...result, outcome: 'Scheduled', node: feasibleNodes[chosen].name, score: scores.totals[chosen], scores };
}

function unschedulable(result: CycleResult, pod: PodInfo, nodes: readonly NodeInfo[], statuses: Status[], preFilterMessage?: string): CycleResult {
  const postFilterMessage = preemptionMessage(pod, nodes, statuses);
  const message = fitErrorMessage(result.totalNodes, { preFilterMessage, statuses, postFilterMessage });
  return { ...result, outcome: 'Unschedulable', message };
}

function errorMessage(v: PluginVerdict): string {
  return `running "${v.plugin}": ${v.status.reasons.join(', ') || 'error'}`;
}

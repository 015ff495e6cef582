/**
 * The API shape of a decision record: a `PodSchedulingDecision` object in the
 * `scheduling.pilothouse.dev/v1` group, named and namespaced like its pod. `decision.nodes` lists
 * the chosen node first, then the other feasible nodes by total score, then the rejected nodes
 * in evaluation order, each with its filter verdict and (for scored nodes) every plugin's raw,
 * normalised and weighted score.
 */
import { rfc3339, rfc3339Micro } from '../util/time.js';
import type { PluginVerdict } from './framework/framework.js';
import type { DecisionRecord } from './decisions.js';
import type { FilterVerdictView, NodeDecisionView, PodSchedulingDecision as SharedDecision } from '../../shared/api/scheduling-decision.js';

export const DECISION_GROUP = 'scheduling.pilothouse.dev';
export const DECISION_VERSION = 'v1';
export const DECISION_API_VERSION = `${DECISION_GROUP}/${DECISION_VERSION}`;
export const DECISION_KIND = 'PodSchedulingDecision';
export const DECISION_RESOURCE = 'podschedulingdecisions';

export type { FilterVerdictView, NodeDecisionView };
export type PodSchedulingDecision = SharedDecision<DecisionRecord['outcome']>;

export function toApiObject(r: DecisionRecord): PodSchedulingDecision {
  return {
    kind: DECISION_KIND,
    apiVersion: DECISION_API_VERSION,
    metadata: { name: r.name, namespace: r.namespace, uid: r.uid, creationTimestamp: rfc3339(r.time) },
    decision: {
      result: r.outcome,
      schedulerName: r.schedulerName,
      time: rfc3339Micro(r.time),
      attempts: r.attempts,
      ...(r.node !== undefined ? { selectedNode: r.node } : {}),
      ...(r.score !== undefined ? { selectedNodeScore: r.score } : {}),
      ...(r.message !== undefined ? { message: r.message } : {}),
      ...(r.bindingError !== undefined ? { bindingError: r.bindingError } : {}),
      nodesTotal: r.totalNodes,
      nodesEvaluated: r.evaluated.length,
      nodesFeasible: r.feasible.length,
      nodesToFind: r.nodesToFind,
      scored: r.scores !== undefined,
      ...(r.preFilter ? { preFilter: { plugin: r.preFilter.plugin, ...verdictView(r.preFilter) } } : {}),
      skippedPlugins: r.skipped,
      scorePlugins: r.scorePlugins,
      nodes: nodeViews(r),
    },
  };
}

function verdictView(v: PluginVerdict): { result: string; reasons: string[] } {
  return { result: v.status.code, reasons: [...v.status.reasons] };
}

function nodeViews(r: DecisionRecord): NodeDecisionView[] {
  const feasible: NodeDecisionView[] = r.feasible.map((evaluatedIndex, k) => {
    const name = r.evaluated[evaluatedIndex];
    const view: NodeDecisionView = { name, filter: { result: 'Passed' } };
    if (r.scores) {
      view.scores = r.scores.plugins.map((p) => ({
        plugin: p.plugin, weight: p.weight, raw: p.raw[k], normalized: p.normalized[k], weighted: p.normalized[k] * p.weight,
      }));
      view.totalScore = r.scores.totals[k];
    }
    if (name === r.node && r.outcome === 'Scheduled') view.selected = true;
    return view;
  });
  feasible.sort((a, b) => Number(b.selected ?? false) - Number(a.selected ?? false) || (b.totalScore ?? 0) - (a.totalScore ?? 0));
  const rejected: NodeDecisionView[] = [];
  r.verdicts.forEach((v, i) => {
    if (v) rejected.push({ name: r.evaluated[i], filter: { plugin: v.plugin, ...verdictView(v) } });
  });
  return [...feasible, ...rejected];
}

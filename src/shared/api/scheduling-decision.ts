/**
 * The `PodSchedulingDecision` object (`scheduling.pilothouse.dev/v1`) as the API serves it: why
 * a pod landed where it did — each node's filter verdict and every plugin's score. Shared by the
 * scheduler that serves it and the cockpit that shows it.
 */

export type FilterVerdictView =
  | { result: 'Passed' }
  | { result: string; plugin: string; reasons: string[] };

export interface NodeDecisionView {
  name: string;
  filter: FilterVerdictView;
  /** Present for scored nodes. */
  scores?: { plugin: string; weight: number; raw: number; normalized: number; weighted: number }[];
  totalScore?: number;
  selected?: boolean;
}

export interface PodSchedulingDecision<Outcome extends string = string> {
  kind: 'PodSchedulingDecision';
  apiVersion: 'scheduling.pilothouse.dev/v1';
  metadata: { name: string; namespace: string; uid: string; creationTimestamp: string };
  decision: {
    result: Outcome;
    schedulerName: string;
    time: string;
    attempts: number;
    selectedNode?: string;
    selectedNodeScore?: number;
    message?: string;
    bindingError?: string;
    nodesTotal: number;
    nodesEvaluated: number;
    nodesFeasible: number;
    /** The feasible nodes the cycle looked for before it stopped filtering (sampling). */
    nodesToFind: number;
    /** False when scoring did not run (fewer than two feasible nodes). */
    scored: boolean;
    preFilter?: { plugin: string; result: string; reasons: string[] };
    skippedPlugins: { filter: string[]; score: string[] };
    scorePlugins: { name: string; weight: number }[];
    /** The chosen node first, then the other feasible nodes by total score, then the rejected nodes. */
    nodes: NodeDecisionView[];
  };
}

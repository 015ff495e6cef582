/**
 * Runs a profile's plugins at each extension point for one scheduling cycle (upstream
 * `frameworkImpl`): PreFilter once, Filter per node stopping at the first rejection, PreScore
 * once, Score per feasible node, then normalisation and weighting. Everything here is
 * synchronous, so the cache cannot change under a cycle.
 */
import type { NodeInfo } from '../cache/node-info.js';
import type { PodInfo } from './pod-info.js';
import {
  isSuccess, MAX_NODE_SCORE, newStatus,
  type CycleState, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin, type Status,
} from './types.js';

export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  /** Positive integer multiplier of the plugin's normalised score. */
  weight: number;
}

/** A plugin's rejection (or error) of the pod on one node, or at PreFilter for all nodes. */
export interface PluginVerdict {
  plugin: string;
  status: Status;
}

/** One score plugin's results over the feasible nodes, index-aligned with them. */
export interface PluginScores {
  plugin: string;
  weight: number;
  /** What `score` returned. */
  raw: Int32Array;
  /** After `normalize` (equal to `raw` for plugins without it); 0..100. */
  normalized: Int32Array;
}

export interface ScoreTable {
  plugins: PluginScores[];
  /** Sum over plugins of normalized * weight, per feasible node. */
  totals: Float64Array;
}

export class Framework {
  constructor(
    readonly preFilters: readonly PreFilterPlugin[],
    readonly filters: readonly FilterPlugin[],
    readonly preScores: readonly PreScorePlugin[],
    readonly scores: readonly WeightedScorePlugin[],
  ) {}

  /**
   * Runs every PreFilter. Returns the first rejection, or the Filter plugins to run for this pod
   * (those whose PreFilter said Skip are left out and recorded in `state.skipFilter`).
   */
  runPreFilters(state: CycleState, pod: PodInfo): { rejected: PluginVerdict } | { filters: FilterPlugin[] } {
    for (const p of this.preFilters) {
      const status = p.preFilter(state, pod);
      if (status.code === 'Skip') state.skipFilter.add(p.name);
      else if (!isSuccess(status)) return { rejected: { plugin: p.name, status } };
    }
    return { filters: this.filters.filter((f) => !state.skipFilter.has(f.name)) };
  }

  /** The first rejection of `node` by `filters`, or undefined when the node is feasible. */
  runFilters(filters: readonly FilterPlugin[], state: CycleState, pod: PodInfo, node: NodeInfo): PluginVerdict | undefined {
    for (const f of filters) {
      const status = f.filter(state, pod, node);
      if (!isSuccess(status)) return { plugin: f.name, status };
    }
    return undefined;
  }

  /** Runs every PreScore; plugins that say Skip are recorded in `state.skipScore`. Returns an error verdict, if any. */
  runPreScores(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PluginVerdict | undefined {
    for (const p of this.preScores) {
      if (!this.scores.some((s) => s.plugin.name === p.name)) continue;
      const status = p.preScore(state, pod, nodes);
      if (status.code === 'Skip') state.skipScore.add(p.name);
      else if (!isSuccess(status)) return { plugin: p.name, status };
    }
    return undefined;
  }

  /** Scores, normalises and weights every feasible node. Fails when a plugin leaves a score outside 0..100. */
  runScores(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): ScoreTable | PluginVerdict {
    const totals = new Float64Array(nodes.length);
    const plugins: PluginScores[] = [];
    for (const { plugin, weight } of this.scores) {
      if (state.skipScore.has(plugin.name)) continue;
      const raw = new Int32Array(nodes.length);
      for (let i = 0; i < nodes.length; i++) raw[i] = plugin.score(state, pod, nodes[i]);
      let normalized = raw;
      if (plugin.normalize) {
        normalized = raw.slice();
        plugin.normalize(normalized, state, pod);
      }
      for (let i = 0; i < nodes.length; i++) {
        const s = normalized[i];
        if (s < 0 || s > MAX_NODE_SCORE) {
          const why = `plugin "${plugin.name}" returns an invalid score ${s}, it should in the range of [0, ${MAX_NODE_SCORE}] after normalizing`;
          return { plugin: plugin.name, status: newStatus('Error', why) };
        }
        totals[i] += s * weight;
      }
      plugins.push({ plugin: plugin.name, weight, raw, normalized });
    }
    return { plugins, totals };
  }
}

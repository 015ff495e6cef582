/**
 * Plugin registry (name -> factory) and the default profile: upstream's default Filter plugins in
 * upstream's order (the order decides which reason a node reports) and Score plugins with
 * upstream's default weights. A profile may pick other plugins and weights; the registry may be
 * extended with custom plugins.
 */
import { balancedAllocation, BALANCED_ALLOCATION } from '../plugins/balanced-allocation.js';
import { imageLocality, IMAGE_LOCALITY } from '../plugins/image-locality.js';
import { nodeAffinity, NODE_AFFINITY } from '../plugins/node-affinity.js';
import { nodeNamePlugin, NODE_NAME } from '../plugins/node-name.js';
import { nodePorts, NODE_PORTS } from '../plugins/node-ports.js';
import { nodeResourcesFit, NODE_RESOURCES_FIT } from '../plugins/node-resources-fit.js';
import { nodeUnschedulable, NODE_UNSCHEDULABLE } from '../plugins/node-unschedulable.js';
import { taintToleration, TAINT_TOLERATION } from '../plugins/taint-toleration.js';
import { Framework, type WeightedScorePlugin } from './framework.js';
import {
  isFilterPlugin, isPreFilterPlugin, isPreScorePlugin, isScorePlugin,
  type FilterPlugin, type Plugin, type PreFilterPlugin, type PreScorePlugin,
} from './types.js';

/** Makes a plugin instance; called once per plugin per framework. */
export type PluginFactory = () => Plugin;

export type Registry = Readonly<Record<string, PluginFactory>>;

export const DEFAULT_REGISTRY: Registry = {
  [NODE_UNSCHEDULABLE]: () => nodeUnschedulable,
  [NODE_NAME]: () => nodeNamePlugin,
  [TAINT_TOLERATION]: () => taintToleration,
  [NODE_AFFINITY]: () => nodeAffinity,
  [NODE_PORTS]: () => nodePorts,
  [NODE_RESOURCES_FIT]: () => nodeResourcesFit,
  [BALANCED_ALLOCATION]: () => balancedAllocation,
  [IMAGE_LOCALITY]: () => imageLocality,
};

/** Upstream's default Filter plugins (those Pilothouse has), in upstream's order. */
export const DEFAULT_FILTERS: readonly string[] = [NODE_UNSCHEDULABLE, NODE_NAME, TAINT_TOLERATION, NODE_AFFINITY, NODE_PORTS, NODE_RESOURCES_FIT];

/** Upstream's default Score plugins and weights (`default_plugins.go`). */
export const DEFAULT_SCORE_WEIGHTS: Readonly<Record<string, number>> = {
  [TAINT_TOLERATION]: 3,
  [NODE_AFFINITY]: 2,
  [NODE_RESOURCES_FIT]: 1,
  [BALANCED_ALLOCATION]: 1,
  [IMAGE_LOCALITY]: 1,
};

export interface ProfileConfig {
  /** Filter plugins by name, in the order they run. Default `DEFAULT_FILTERS`. */
  filters?: readonly string[];
  /** Score plugins with weights (default: upstream's weight for known plugins, else 1). Default: `DEFAULT_SCORE_WEIGHTS`. */
  scores?: readonly { name: string; weight?: number }[];
  /** Plugins to look names up in. Default `DEFAULT_REGISTRY`. */
  registry?: Registry;
}

/** Builds the framework for a profile; throws for unknown plugins, missing extension points and bad weights. */
export function buildFramework(profile: ProfileConfig = {}): Framework {
  const registry = profile.registry ?? DEFAULT_REGISTRY;
  const instances = new Map<string, Plugin>();
  const instance = (name: string): Plugin => {
    let p = instances.get(name);
    if (!p) {
      const factory = registry[name];
      if (!factory) throw new Error(`scheduler profile: unknown plugin "${name}"; known plugins: ${Object.keys(registry).join(', ')}`);
      p = factory();
      instances.set(name, p);
    }
    return p;
  };

  const filters: FilterPlugin[] = [];
  const preFilters: PreFilterPlugin[] = [];
  for (const name of profile.filters ?? DEFAULT_FILTERS) {
    const p = instance(name);
    if (!isFilterPlugin(p)) throw new Error(`scheduler profile: plugin "${name}" is not a Filter plugin`);
    filters.push(p);
    if (isPreFilterPlugin(p)) preFilters.push(p);
  }

  const scores: WeightedScorePlugin[] = [];
  const preScores: PreScorePlugin[] = [];
  const scoreConfig = profile.scores ?? Object.entries(DEFAULT_SCORE_WEIGHTS).map(([name, weight]) => ({ name, weight }));
  for (const { name, weight = DEFAULT_SCORE_WEIGHTS[name] ?? 1 } of scoreConfig) {
    const p = instance(name);
    if (!isScorePlugin(p)) throw new Error(`scheduler profile: plugin "${name}" is not a Score plugin`);
    if (!Number.isInteger(weight) || weight < 1) throw new Error(`scheduler profile: weight of "${name}" must be a positive integer, got ${weight}`);
    scores.push({ plugin: p, weight });
    if (isPreScorePlugin(p)) preScores.push(p);
  }
  return new Framework(preFilters, filters, preScores, scores);
}

/**
 * The scheduling framework's contracts (upstream `pkg/scheduler/framework/interface.go`): a
 * `Status` value instead of exceptions, one small interface per extension point, and the
 * per-attempt `CycleState`. Plugins throw only for bugs.
 */
import type { NodeInfo } from '../cache/node-info.js';
import type { PodInfo } from './pod-info.js';

/**
 * - `Unschedulable`: the node does not fit now, but could after the cluster changes (preemption
 *   might help: resources, ports).
 * - `UnschedulableAndUnresolvable`: the node cannot fit this pod whatever runs on it (taints,
 *   affinity, cordon).
 * - `Skip`: from PreFilter / PreScore, the plugin has nothing to check for this pod.
 */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip';

/** Immutable: plugins may return shared constants. */
export interface Status {
  readonly code: Code;
  /** Upstream-worded reasons (`Insufficient cpu`); they make up the FailedScheduling message. */
  readonly reasons: readonly string[];
}

export const SUCCESS: Status = Object.freeze({ code: 'Success', reasons: Object.freeze([]) });
export const SKIP: Status = Object.freeze({ code: 'Skip', reasons: Object.freeze([]) });

export function newStatus(code: Code, ...reasons: string[]): Status {
  return Object.freeze({ code, reasons: Object.freeze(reasons) });
}

export function isSuccess(s: Status): boolean {
  return s.code === 'Success';
}

/** True for both unschedulable codes (a filter rejected the node). */
export function isRejected(s: Status): boolean {
  return s.code === 'Unschedulable' || s.code === 'UnschedulableAndUnresolvable';
}

/** Upper bound of every normalised score. */
export const MAX_NODE_SCORE = 100;

/**
 * Data shared by the plugins during one scheduling attempt of one pod. Created per attempt;
 * plugins write under their own keys in PreFilter / PreScore and read in Filter / Score.
 */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** Plugins whose PreFilter returned Skip: their Filter is not called in this cycle. */
  readonly skipFilter = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not called in this cycle. */
  readonly skipScore = new Set<string>();

  constructor(
    /** How many nodes the cluster has (ImageLocality spreads image scores over it). */
    readonly totalNodes: number,
  ) {}

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }
}

export interface Plugin {
  /** Unique in a profile; the name configurations and decision records use. */
  readonly name: string;
}

/** Runs once per attempt before any Filter; may precompute into the state or return Skip. */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo): Status;
}

/**
 * Decides whether the pod may run on the node. Must be pure with respect to its inputs (it runs
 * for many nodes, in any order, possibly not for all of them) and cheap: return shared Status
 * constants where possible.
 */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
}

/** Runs once per attempt before any Score, with the feasible nodes; may return Skip. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status;
}

/**
 * Ranks a feasible node. `score` returns a non-negative integer; without `normalize` it must be
 * within 0..MAX_NODE_SCORE. `normalize` rewrites the scores of all feasible nodes in place into
 * 0..MAX_NODE_SCORE (values outside fail the attempt with an Error).
 */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  normalize?(scores: Int32Array, state: CycleState, pod: PodInfo): void;
}

export function isPreFilterPlugin(p: Plugin): p is PreFilterPlugin {
  return typeof (p as Partial<PreFilterPlugin>).preFilter === 'function';
}

export function isFilterPlugin(p: Plugin): p is FilterPlugin {
  return typeof (p as Partial<FilterPlugin>).filter === 'function';
}

export function isPreScorePlugin(p: Plugin): p is PreScorePlugin {
  return typeof (p as Partial<PreScorePlugin>).preScore === 'function';
}

export function isScorePlugin(p: Plugin): p is ScorePlugin {
  return typeof (p as Partial<ScorePlugin>).score === 'function';
}

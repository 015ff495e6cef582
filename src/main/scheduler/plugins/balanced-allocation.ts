/**
 * NodeResourcesBalancedAllocation: prefers nodes where, after placing the pod, the CPU and memory
 * shares in use are close to each other: score = (1 - standard deviation of the shares) * 100.
 * Looks at CPU and memory, upstream's default resources.
 * Uses actual requests (no defaults) and skips pods that request neither (best-effort pods would
 * otherwise pile onto one node; upstream issue #129138).
 */
import type { NodeInfo } from '../cache/node-info.js';
import type { Resource } from '../framework/resource.js';
import { MAX_NODE_SCORE, SKIP, SUCCESS, type PreScorePlugin, type ScorePlugin } from '../framework/types.js';

export const BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

/** Upstream `balancedResourceScorer` over (requested, allocatable) pairs; pairs with no allocatable are ignored. */
export function balancedScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(1, requested[i] / allocatable[i]);
    fractions.push(f);
    total += f;
  }
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs((fractions[0] - fractions[1]) / 2);
  } else if (fractions.length > 2) {
    const mean = total / fractions.length;
    std = Math.sqrt(fractions.reduce((s, f) => s + (f - mean) * (f - mean), 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** Over CPU and memory (upstream's default resources), without allocating: this runs per node per pod. */
export function balancedAllocationScore(podRequests: Resource, node: Pick<NodeInfo, 'allocatable' | 'requested'>): number {
  const cpuAllocatable = node.allocatable.milliCPU;
  const memAllocatable = node.allocatable.memory;
  if (cpuAllocatable === 0 || memAllocatable === 0) {
    return balancedScore([node.requested.milliCPU + podRequests.milliCPU, node.requested.memory + podRequests.memory], [cpuAllocatable, memAllocatable]);
  }
  const cpu = Math.min(1, (node.requested.milliCPU + podRequests.milliCPU) / cpuAllocatable);
  const memory = Math.min(1, (node.requested.memory + podRequests.memory) / memAllocatable);
  return Math.trunc((1 - Math.abs((cpu - memory) / 2)) * MAX_NODE_SCORE);
}

export const balancedAllocation = {
  name: BALANCED_ALLOCATION,
  preScore: (_state, pod) => (pod.requests.milliCPU === 0 && pod.requests.memory === 0 ? SKIP : SUCCESS),
  score: (_state, pod, node) => balancedAllocationScore(pod.requests, node),
} satisfies PreScorePlugin & ScorePlugin;

/**
 * NodeResourcesFit. Filter: the node's allocatable minus what its pods (assumed ones included)
 * request must cover the pod's request, resource by resource, and the node must have room for
 * one more pod. A request larger than the whole node is unresolvable (preemption cannot help).
 * Score (LeastAllocated, upstream's default strategy): the emptier the node after placing the
 * pod, the higher, over CPU and memory with weight 1 each, using non-zero default requests.
 */
import type { NodeInfo } from '../cache/node-info.js';
import type { Resource } from '../framework/resource.js';
import { MAX_NODE_SCORE, newStatus, SUCCESS, type FilterPlugin, type ScorePlugin, type Status } from '../framework/types.js';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';

/** The resources LeastAllocated looks at, with upstream's default weights. */
export const SCORED_RESOURCES: readonly { name: 'cpu' | 'memory'; weight: number }[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

type NodeResources = Pick<NodeInfo, 'allocatable' | 'requested' | 'allowedPodNumber'> & { pods: { size: number } };

/** Upstream `fitsRequest`: the reasons, in upstream's order, and whether any is unresolvable. */
export function insufficientResources(request: Resource, node: NodeResources): { reasons: string[]; unresolvable: boolean } {
  const reasons: string[] = [];
  let unresolvable = false;
  if (node.pods.size + 1 > node.allowedPodNumber) reasons.push('Too many pods');
  const check = (name: string, wanted: number, reason: string) => {
    if (wanted <= 0) return;
    const allocatable = node.allocatable.get(name);
    if (wanted > allocatable - node.requested.get(name)) {
      reasons.push(reason);
      if (wanted > allocatable) unresolvable = true;
    }
  };
  check('cpu', request.milliCPU, 'Insufficient cpu');
  check('memory', request.memory, 'Insufficient memory');
  check('ephemeral-storage', request.ephemeralStorage, 'Insufficient ephemeral-storage');
  for (const name of request.scalarNames()) check(name, request.get(name), `Insufficient ${name}`);
  return { reasons, unresolvable };
}

/** The common case without allocating: room for one more pod and every requested resource. */
function fitsQuickly(request: Resource, node: NodeResources): boolean {
  const a = node.allocatable;
  const r = node.requested;
  if (node.pods.size + 1 > node.allowedPodNumber) return false;
  if (request.milliCPU > 0 && request.milliCPU > a.milliCPU - r.milliCPU) return false;
  if (request.memory > 0 && request.memory > a.memory - r.memory) return false;
  if (request.ephemeralStorage > 0 && request.ephemeralStorage > a.ephemeralStorage - r.ephemeralStorage) return false;
  return request.scalar === undefined;
}

/** Memo: a handful of reason combinations covers every node. */
const statuses = new Map<string, Status>();

export function checkFit(request: Resource, node: NodeResources): Status {
  if (fitsQuickly(request, node)) return SUCCESS;
  const { reasons, unresolvable } = insufficientResources(request, node);
  if (reasons.length === 0) return SUCCESS;
  const key = `${unresolvable}|${reasons.join('|')}`;
  let status = statuses.get(key);
  if (!status) {
    status = newStatus(unresolvable ? 'UnschedulableAndUnresolvable' : 'Unschedulable', ...reasons);
    if (statuses.size > 1000) statuses.clear();
    statuses.set(key, status);
  }
  return status;
}

/** Upstream `leastRequestedScore`: the free share left, 0..100 (0 when over-committed). */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** The weighted mean of `leastRequestedScore` over the scored resources the node has. */
export function leastAllocatedScore(podNonZero: Resource, node: Pick<NodeInfo, 'allocatable' | 'nonZeroRequested'>): number {
  let score = 0;
  let weights = 0;
  for (let i = 0; i < SCORED_RESOURCES.length; i++) {
    const r = SCORED_RESOURCES[i];
    const cpu = r.name === 'cpu';
    const capacity = cpu ? node.allocatable.milliCPU : node.allocatable.memory;
    if (capacity === 0) continue;
    const requested = cpu ? node.nonZeroRequested.milliCPU + podNonZero.milliCPU : node.nonZeroRequested.memory + podNonZero.memory;
    score += leastRequestedScore(requested, capacity) * r.weight;
    weights += r.weight;
  }
  return weights === 0 ? 0 : Math.floor(score / weights);
}

export const nodeResourcesFit = {
  name: NODE_RESOURCES_FIT,
  filter: (_state, pod, node) => checkFit(pod.requests, node),
  score: (_state, pod, node) => leastAllocatedScore(pod.nonZeroRequests, node),
} satisfies FilterPlugin & ScorePlugin;

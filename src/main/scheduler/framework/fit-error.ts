/**
 * The FailedScheduling message (upstream `FitError.Error()`):
 * `0/N nodes are available: <PreFilter message>.` or `0/N nodes are available: <count reason,
 * ...>.` with the "count reason" strings sorted as strings, then the PostFilter (preemption)
 * message if any, e.g. `0/3 nodes are available: 1 node(s) had untolerated taint {a: b}, 2
 * Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for
 * incoming pod.`
 */
import type { Status } from './types.js';

/** Upstream `ErrNoNodesAvailable`: the message when the cluster has no nodes at all. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export interface Diagnosis {
  /** Set when a PreFilter plugin rejected the pod (for every node at once). */
  preFilterMessage?: string;
  /** One status per rejected node. */
  statuses: Iterable<Status>;
  /** The PostFilter outcome, already prefixed (`preemption: ...`). */
  postFilterMessage?: string;
}

/** Each distinct reason with how many nodes gave it, as `"<count> <reason>"`, sorted like Go's `sort.Strings`. */
export function reasonHistogram(statuses: Iterable<Status>): string[] {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort(byCodeUnits);
}

export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let message = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMessage) {
    message += ` ${d.preFilterMessage}.`;
  } else {
    const histogram = reasonHistogram(d.statuses);
    if (histogram.length > 0) message += ` ${histogram.join(', ')}.`;
  }
  if (d.postFilterMessage) message += ` ${d.postFilterMessage}`;
  return message;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

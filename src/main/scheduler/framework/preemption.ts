/**
 * The `preemption: ...` part of the FailedScheduling message. Pilothouse does not preempt, so
 * this reproduces upstream DefaultPreemption's verdict for the cases where preemption would not
 * run or would find nothing (upstream `nodesWherePreemptionMightHelp` and `SelectVictimsOnNode`):
 * - a pod with `preemptionPolicy: Never`: `preemption: not eligible due to preemptionPolicy=Never.`
 * - a node rejected as UnschedulableAndUnresolvable: `Preemption is not helpful for scheduling`;
 * - a node rejected as Unschedulable with no lower-priority pod on it: `No preemption victims
 *   found for incoming pod`;
 * - a node rejected as Unschedulable that does run lower-priority pods (upstream would try to
 *   evict them): `Preemption is not helpful for scheduling`, since here it cannot help.
 */
import type { NodeInfo } from '../cache/node-info.js';
import { fitErrorMessage } from './fit-error.js';
import type { PodInfo } from './pod-info.js';
import { newStatus, type Status } from './types.js';

export const NOT_ELIGIBLE_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

const NOT_HELPFUL_STATUS = newStatus('UnschedulableAndUnresolvable', NOT_HELPFUL);
const NO_VICTIMS_STATUS = newStatus('UnschedulableAndUnresolvable', NO_VICTIMS);

/** The PostFilter message for a pod every node rejected; `statuses[i]` is node `nodes[i]`'s verdict. */
export function preemptionMessage(pod: PodInfo, nodes: readonly NodeInfo[], statuses: readonly Status[]): string {
  if (pod.pod.spec?.preemptionPolicy === 'Never') return `preemption: ${NOT_ELIGIBLE_NEVER}`;
  const verdicts = nodes.map((node, i) => {
    if (statuses[i].code === 'UnschedulableAndUnresolvable') return NOT_HELPFUL_STATUS;
    return hasLowerPriorityPod(node, pod.priority) ? NOT_HELPFUL_STATUS : NO_VICTIMS_STATUS;
  });
  return `preemption: ${fitErrorMessage(nodes.length, { statuses: verdicts })}`;
}

function hasLowerPriorityPod(node: NodeInfo, priority: number): boolean {
  for (const p of node.pods.values()) if (p.priority < priority) return true;
  return false;
}

/**
 * NodeName: a pod that names its node (`spec.nodeName`) fits only that node. The scheduler
 * only takes pods without one, so this matters for callers that run the filters themselves.
 */
import { newStatus, SUCCESS, type FilterPlugin, type Status } from '../framework/types.js';

export const NODE_NAME = 'NodeName';
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

const REJECTED = newStatus('UnschedulableAndUnresolvable', ERR_REASON_NODE_NAME);

export function checkNodeName(requested: string | undefined, nodeName: string): Status {
  return !requested || requested === nodeName ? SUCCESS : REJECTED;
}

export const nodeNamePlugin = {
  name: NODE_NAME,
  filter: (_state, pod, node) => checkNodeName(pod.pod.spec?.nodeName, node.name),
} satisfies FilterPlugin;

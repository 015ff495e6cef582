/**
 * NodeUnschedulable: a cordoned node (`spec.unschedulable`, what `kubectl cordon` sets) takes
 * no new pods, except pods that tolerate the `node.kubernetes.io/unschedulable:NoSchedule` taint.
 */
import type { Taint, Toleration } from '../api-types.js';
import { newStatus, SUCCESS, type FilterPlugin, type Status } from '../framework/types.js';
import { tolerationsTolerateTaint } from './tolerations.js';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
const REJECTED = newStatus('UnschedulableAndUnresolvable', ERR_REASON_UNSCHEDULABLE);

export function checkUnschedulable(unschedulable: boolean, tolerations: readonly Toleration[] | undefined): Status {
  if (!unschedulable || tolerationsTolerateTaint(tolerations, UNSCHEDULABLE_TAINT)) return SUCCESS;
  return REJECTED;
}

export const nodeUnschedulable = {
  name: NODE_UNSCHEDULABLE,
  filter: (_state, pod, node) => checkUnschedulable(node.unschedulable, pod.pod.spec?.tolerations),
} satisfies FilterPlugin;

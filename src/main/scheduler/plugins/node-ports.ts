/**
 * NodePorts: the host ports the pod's containers ask for must be free on the node (see
 * `HostPortInfo` for the wildcard rule). Skipped for pods without host ports.
 */
import type { HostPortInfo } from '../cache/host-ports.js';
import type { HostPort } from '../framework/pod-info.js';
import { newStatus, SKIP, SUCCESS, type FilterPlugin, type PreFilterPlugin, type Status } from '../framework/types.js';

export const NODE_PORTS = 'NodePorts';
export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

const REJECTED = newStatus('Unschedulable', ERR_REASON_PORTS);

export function checkHostPorts(wanted: readonly HostPort[], used: HostPortInfo): Status {
  if (used.size === 0) return SUCCESS;
  for (const p of wanted) if (used.conflicts(p)) return REJECTED;
  return SUCCESS;
}

export const nodePorts = {
  name: NODE_PORTS,
  preFilter: (_state, pod) => (pod.hostPorts.length === 0 ? SKIP : SUCCESS),
  filter: (_state, pod, node) => checkHostPorts(pod.hostPorts, node.usedPorts),
} satisfies PreFilterPlugin & FilterPlugin;

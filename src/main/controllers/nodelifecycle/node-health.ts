/**
 * When did we last hear from a node's kubelet (upstream `nodeHealthData.probeTimestamp`)? The
 * controller's own clock marks the moment it *saw* the Lease's `renewTime` or the Ready
 * condition's `lastHeartbeatTime` change, so clock skew between machines does not matter. A
 * node seen for the first time gets a full grace period from then.
 */
import { rfc3339 } from '../../util/time.js';
import { condition, type LifecycleNode, type NodeCondition } from './taints.js';

/** Conditions the controller sets to Unknown when the kubelet goes quiet. */
export const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

interface Observed {
  probeMs: number;
  heartbeat: string;
  renewTime: string;
}

export class NodeHealthTracker {
  private readonly nodes = new Map<string, Observed>();

  /** Records what the node and its Lease show; returns the last time (ms) the kubelet was heard. */
  observe(node: LifecycleNode, leaseRenewTime: string | undefined, nowMs: number): number {
    const name = node.metadata.name!;
    const heartbeat = condition(node, 'Ready')?.lastHeartbeatTime ?? '';
    const renewTime = leaseRenewTime ?? '';
    const seen = this.nodes.get(name);
    if (!seen) {
      this.nodes.set(name, { probeMs: nowMs, heartbeat, renewTime });
      return nowMs;
    }
    if (seen.heartbeat !== heartbeat || seen.renewTime !== renewTime) {
      seen.probeMs = nowMs;
      seen.heartbeat = heartbeat;
      seen.renewTime = renewTime;
    }
    return seen.probeMs;
  }

  forget(name: string): void {
    this.nodes.delete(name);
  }
}

/**
 * The node's conditions after the kubelet stopped reporting: each monitored condition becomes
 * Unknown (`NodeStatusUnknown`, "Kubelet stopped posting node status."), or is added as Unknown
 * (`NodeStatusNeverUpdated`) if the kubelet never set it. Undefined when nothing changes.
 */
export function unknownConditions(node: LifecycleNode, now: Date): NodeCondition[] | undefined {
  const stamp = rfc3339(now);
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of MONITORED_CONDITIONS) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: stamp,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = stamp;
      changed = true;
    }
  }
  return changed ? conditions : undefined;
}

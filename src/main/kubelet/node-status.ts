/**
 * NodeStatusReporter: every `nodeStatusUpdateFrequency` (10s) it reads the Node, computes the
 * status the kubelet reports, and writes it only when something other than heartbeat times
 * changed, or when `nodeStatusReportFrequency` (5m) has passed since the last write (upstream
 * `tryUpdateNodeStatus`; liveness itself is the Lease's job). Reading the Node each time means a
 * Ready=Unknown set by the node lifecycle controller is corrected at the next tick.
 */
import type { Node } from '../apiserver/kinds/node.js';
import type { ApiClient } from '../client/api-client.js';
import type { ContainerRuntime, RuntimeInfo } from '../runtime/types.js';
import { deepEqual } from '../util/json.js';
import type { TimerClock, TimerHandle } from './clock.js';
import { desiredNodeStatus, NODES, type NodeConditionShape, type NodeIdentity } from './node-registration.js';

export interface NodeStatusReporterOptions {
  client: ApiClient;
  runtime: ContainerRuntime;
  identity: NodeIdentity;
  clock: TimerClock;
  updateFrequencyMs: number;
  reportFrequencyMs: number;
  /** Delay of the first periodic tick (spreads many nodes over the period). */
  firstDelayMs?: number;
}

export class NodeStatusReporter {
  private timer?: TimerHandle;
  private running = false;
  private paused = false;
  private lastReportMs = -Infinity;
  /** Writes performed (for tests and metrics). */
  writes = 0;

  constructor(private readonly o: NodeStatusReporterOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastReportMs = this.o.clock.now().getTime(); // registration has just written (or read) the status
    this.schedule(this.o.firstDelayMs ?? this.o.updateFrequencyMs);
  }

  stop(): void {
    this.running = false;
    this.o.clock.clearTimeout(this.timer);
  }

  /** Stops reporting without forgetting anything (fault injection). */
  pause(): void {
    this.paused = true;
  }

  /** Resumes and reports at once. */
  resume(): Promise<void> {
    this.paused = false;
    return this.sync(true);
  }

  /** One round: read, compare, write if needed. `force` writes even when nothing changed. */
  async sync(force = false): Promise<void> {
    if (this.paused) return;
    const now = this.o.clock.now();
    const current = await this.o.client.get<Node>(NODES, undefined, this.o.identity.nodeName);
    const { info, error } = await this.runtimeInfo();
    const desired = desiredNodeStatus(this.o.identity, info, current, now, error);
    const due = now.getTime() - this.lastReportMs >= this.o.reportFrequencyMs;
    if (!force && !due && sameIgnoringHeartbeats(desired, current.status ?? {})) return;
    await this.o.client.patch(NODES, undefined, this.o.identity.nodeName, { status: desired }, 'merge', 'status');
    this.lastReportMs = now.getTime();
    this.writes++;
  }

  /** The runtime's info, or why it cannot be reached (shown in the node's Ready condition). */
  private async runtimeInfo(): Promise<{ info?: RuntimeInfo; error?: string }> {
    try {
      return { info: await this.o.runtime.info() };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.sync().catch((e: Error) => {
        console.warn(`kubelet: node status update failed: node=${this.o.identity.nodeName} error=${e.message}`);
      }).finally(() => this.schedule(this.o.updateFrequencyMs));
    }, ms);
  }
}

/** Compares the reported fields, ignoring `lastHeartbeatTime` (upstream `nodeStatusHasChanged`). */
function sameIgnoringHeartbeats(desired: Record<string, unknown>, current: Record<string, unknown>): boolean {
  const strip = (conditions: unknown) =>
    ((conditions ?? []) as NodeConditionShape[]).map(({ lastHeartbeatTime: _ignored, ...rest }) => rest);
  for (const [k, v] of Object.entries(desired)) {
    if (k === 'conditions') {
      if (!deepEqual(strip(v), strip(current.conditions))) return false;
    } else if (!deepEqual(v, current[k])) return false;
  }
  return true;
}

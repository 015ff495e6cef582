/**
 * NodeLease: the node's heartbeat, after upstream pkg/kubelet/nodelease. A
 * `coordination.k8s.io/v1` Lease named after the node in `kube-node-lease`, `holderIdentity` =
 * the node, `leaseDurationSeconds` 40, owned by the Node (so it goes when the Node goes), its
 * `renewTime` written every 10s. Renewal updates the last Lease it wrote (one write per renewal),
 * re-reading it after a conflict and creating it again if it was deleted. A failed renewal is
 * retried sooner (200ms doubling, capped at the renew interval).
 */
import type { Lease } from '../apiserver/kinds/lease.js';
import { ApiClientError, type ApiClient } from '../client/api-client.js';
import { rfc3339Micro } from '../util/time.js';
import type { TimerClock, TimerHandle } from './clock.js';

export const LEASES = { apiVersion: 'coordination.k8s.io/v1', resource: 'leases' } as const;
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeLeaseOptions {
  client: ApiClient;
  nodeName: string;
  /** The Node's uid, for the owner reference. */
  nodeUid: string;
  clock: TimerClock;
  durationSeconds: number;
  renewIntervalMs: number;
  /** Delay of the first periodic renewal (spreads many nodes over the interval). */
  firstDelayMs?: number;
}

export class NodeLease {
  private lease?: Lease;
  private timer?: TimerHandle;
  private running = false;
  private paused = false;
  private failures = 0;
  /** Successful renewals (for tests and metrics). */
  renewals = 0;

  constructor(private readonly o: NodeLeaseOptions) {}

  /** Renews once now, then every interval. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.renew().catch((e: Error) => this.failed(e));
    this.schedule(this.o.firstDelayMs ?? this.o.renewIntervalMs);
  }

  stop(): void {
    this.running = false;
    this.o.clock.clearTimeout(this.timer);
  }

  /** Stops renewing without deleting anything (fault injection: the node "goes silent"). */
  pause(): void {
    this.paused = true;
  }

  /** Renews at once and carries on. */
  async resume(): Promise<void> {
    this.paused = false;
    await this.renew();
  }

  /** One renewal: update the cached Lease, or read / create it when that fails. */
  async renew(): Promise<void> {
    if (this.paused) return;
    const now = rfc3339Micro(this.o.clock.now());
    if (this.lease) {
      try {
        this.lease = await this.o.client.update<Lease>(LEASES, { ...this.lease, spec: { ...this.lease.spec, renewTime: now } });
        this.done();
        return;
      } catch (e) {
        if (!(e instanceof ApiClientError) || (e.code !== 409 && e.code !== 404)) throw e;
        this.lease = undefined;
      }
    }
    const existing = await this.o.client.tryGet<Lease>(LEASES, NODE_LEASE_NAMESPACE, this.o.nodeName);
    if (existing) {
      this.lease = await this.o.client.update<Lease>(LEASES, { ...existing, metadata: { ...existing.metadata, ownerReferences: this.owners() }, spec: this.spec(now, existing) });
    } else {
      this.lease = await this.o.client.create<Lease>(LEASES, NODE_LEASE_NAMESPACE, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.o.nodeName, namespace: NODE_LEASE_NAMESPACE, ownerReferences: this.owners() },
        spec: this.spec(now),
      });
    }
    this.done();
  }

  private spec(renewTime: string, existing?: Lease): Lease['spec'] {
    return { ...existing?.spec, holderIdentity: this.o.nodeName, leaseDurationSeconds: this.o.durationSeconds, renewTime };
  }

  private owners() {
    return [{ apiVersion: 'v1', kind: 'Node', name: this.o.nodeName, uid: this.o.nodeUid }];
  }

  private done(): void {
    this.failures = 0;
    this.renewals++;
  }

  private failed(e: Error): void {
    this.failures++;
    if (this.failures <= 3 || this.failures % 20 === 0) {
      console.warn(`kubelet: lease renewal failed: node=${this.o.nodeName} attempt=${this.failures} error=${e.message}`);
    }
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.renew()
        .then(() => this.schedule(jitter(this.o.renewIntervalMs)))
        .catch((e: Error) => {
          this.failed(e);
          this.schedule(Math.min(this.o.renewIntervalMs, 200 * 2 ** (this.failures - 1)));
        });
    }, ms);
  }
}

/** Upstream renews with up to 4% jitter so many nodes do not write in lockstep. */
function jitter(ms: number): number {
  return ms * (1 - 0.04 * Math.random());
}

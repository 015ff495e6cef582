/**
 * Node lifecycle controller (upstream `pkg/controller/nodelifecycle`, health monitoring and
 * tainting): a node whose kubelet has not renewed its Lease (`kube-node-lease/<node>`) nor
 * posted a Ready heartbeat within `gracePeriodMs` (`startupGracePeriodMs` for a node that never
 * reported Ready) gets its conditions set to Unknown ("Kubelet stopped posting node status.");
 * the managed taints follow the conditions (`desiredTaints`): `unreachable` / `not-ready`
 * NoSchedule and NoExecute, pressure and unschedulable NoSchedule. Pods on a node that is not
 * Ready get their Ready condition set to False. When the kubelet reports Ready=True again the
 * taints go. Evicting pods for NoExecute taints is `TaintEvictionController`'s job.
 *
 * As upstream, when no node at all is Ready the NoExecute taints are withheld (and removed):
 * then the cause is more likely on the control-plane side, and evicting could only hurt.
 * Keys are node names; every node is looked at again at its deadline or every `monitorPeriodMs`.
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client/api-client.js';
import { EventRecorder } from '../client/event-recorder.js';
import type { Informer } from '../client/informer.js';
import type { Pod } from '../apiserver/kinds/pod-types.js';
import type { Lease } from '../apiserver/kinds/lease.js';
import { rfc3339, systemClock, type Clock } from '../util/time.js';
import { updateWithRetry } from './conflict-retry.js';
import type { ReconcileResult } from './controller.js';
import { silentLog, type ControllerLog } from './controller-log.js';
import { InformerController } from './informer-controller.js';
import { NodeHealthTracker, unknownConditions } from './nodelifecycle/node-health.js';
import { PodsByNode } from './nodelifecycle/pods-by-node.js';
import { applyTaints, desiredTaints, readyStatus, type LifecycleNode, type Taint } from './nodelifecycle/taints.js';

const NODES = { apiVersion: 'v1', resource: 'nodes' };
const PODS = { apiVersion: 'v1', resource: 'pods' };
const LEASES = { apiVersion: 'coordination.k8s.io/v1', resource: 'leases' };
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeLifecycleOptions {
  client: ApiClient;
  /** Silence after which a node is Unknown; upstream 50 s, default 20 s. */
  gracePeriodMs?: number;
  /** The same for a node that never reported Ready; upstream 60 s, default 30 s. */
  startupGracePeriodMs?: number;
  /** How often unhealthy nodes are looked at again; upstream 5 s, default 5 s. */
  monitorPeriodMs?: number;
  clock?: Clock;
  log?: ControllerLog;
}

export class NodeLifecycleController extends InformerController {
  private readonly client: ApiClient;
  private readonly gracePeriodMs: number;
  private readonly startupGracePeriodMs: number;
  private readonly monitorPeriodMs: number;
  private readonly clock: Clock;
  private readonly log: ControllerLog;
  private readonly events: EventRecorder;
  private readonly nodes: Informer<LifecycleNode>;
  private readonly leases: Informer<Lease>;
  private readonly podsByNode: PodsByNode;
  /** Pod uid → the node not-ready episode in which it was marked not ready. */
  private readonly markedNotReady = new Map<string, string>();
  private readonly health = new NodeHealthTracker();

  constructor(options: NodeLifecycleOptions) {
    super('node-lifecycle-controller');
    this.client = options.client;
    this.gracePeriodMs = options.gracePeriodMs ?? 20_000;
    this.startupGracePeriodMs = options.startupGracePeriodMs ?? 30_000;
    this.monitorPeriodMs = options.monitorPeriodMs ?? 5_000;
    if (this.gracePeriodMs <= 0 || this.startupGracePeriodMs <= 0 || this.monitorPeriodMs <= 0) {
      throw new Error('node-lifecycle-controller: gracePeriodMs, startupGracePeriodMs and monitorPeriodMs must be positive');
    }
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLog;
    this.events = new EventRecorder(this.client, 'node-controller', undefined, this.clock);
    this.nodes = this.informer<LifecycleNode>(this.client, NODES);
    this.leases = this.informer<Lease>(this.client, LEASES, { namespace: NODE_LEASE_NAMESPACE });
    this.podsByNode = new PodsByNode(this.informer<Pod>(this.client, PODS));
    this.nodes.addHandlers({
      onAdd: (n) => this.queue.add(n.metadata.name!),
      onUpdate: (_old, n) => this.queue.add(n.metadata.name!),
      onDelete: (n) => this.queue.add(n.metadata.name!),
    });
    this.leases.addHandlers({
      onAdd: (l) => this.queue.add(l.metadata.name!),
      onUpdate: (_old, l) => this.queue.add(l.metadata.name!),
    });
    // A pod that is Ready on a node that is not: mark it (upstream `processPod`).
    this.podsByNode.onChange((pod) => {
      const node = this.nodes.get(pod.spec!.nodeName!);
      if (node && readyStatus(node) !== 'True' && isReadyTrue(pod)) this.queue.add(pod.spec!.nodeName!);
    });
  }

  protected async reconcile(name: string): Promise<ReconcileResult | void> {
    let node = this.nodes.get(name);
    if (!node) {
      this.health.forget(name);
      return;
    }
    const now = this.clock.now();
    const lease = this.leases.get(`${NODE_LEASE_NAMESPACE}/${name}`);
    const heardMs = this.health.observe(node, lease?.spec?.renewTime, now.getTime());
    const neverReported = !node.status?.conditions?.some((c) => c.type === 'Ready');
    const deadline = heardMs + (neverReported ? this.startupGracePeriodMs : this.gracePeriodMs);
    const wasReady = readyStatus(node);

    if (now.getTime() > deadline && unknownConditions(node, now)) {
      node = (await this.markUnknown(name)) ?? node;
      if (wasReady === 'True') {
        this.log('node stopped posting status', { node: name, silentForMs: now.getTime() - heardMs });
        void this.events.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      }
    }
    await this.syncTaints(node, now);
    if (readyStatus(node) !== 'True') await this.markPodsNotReady(name);
    const untilDeadline = deadline - now.getTime();
    return { requeueAfterMs: untilDeadline > 0 ? Math.min(untilDeadline + 10, this.monitorPeriodMs) : this.monitorPeriodMs };
  }

  private markUnknown(name: string): Promise<LifecycleNode | undefined> {
    return updateWithRetry<LifecycleNode>(this.client, { ref: NODES, name, subresource: 'status' }, (live) => {
      const conditions = unknownConditions(live, this.clock.now());
      if (!conditions) return false;
      live.status = { ...live.status, conditions };
      return true;
    });
  }

  private async syncTaints(node: LifecycleNode, now: Date): Promise<void> {
    const anyReady = this.nodes.list().some((n) => (n.metadata.name === node.metadata.name ? readyStatus(node) : readyStatus(n)) === 'True');
    const desired = desiredTaints(node, { noExecute: anyReady });
    if (!applyTaints(node.spec?.taints ?? [], desired, rfc3339(now))) return;
    const written = await updateWithRetry<LifecycleNode>(this.client, { ref: NODES, name: node.metadata.name!, uid: node.metadata.uid }, (live) => {
      const next = applyTaints(live.spec?.taints ?? [], desiredTaints(live, { noExecute: anyReady }), rfc3339(now));
      if (!next) return false;
      live.spec = { ...live.spec, taints: next };
      if (next.length === 0) delete live.spec.taints;
      return true;
    });
    if (written) this.log('updated node taints', { node: node.metadata.name, taints: describeTaints(written.spec?.taints ?? []) });
  }

  /**
   * Upstream `MarkPodsNotReady`: the pods of a node that is not Ready are not Ready either.
   * Each pod is marked once per not-ready episode of its node (keyed by the Ready condition's
   * transition time): a kubelet that is alive but late must not be fought write for write.
   */
  private async markPodsNotReady(nodeName: string): Promise<void> {
    const node = this.nodes.get(nodeName);
    const episode = node?.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '';
    for (const pod of this.podsByNode.podsOn(nodeName)) {
      if (!isReadyTrue(pod)) continue;
      const uid = pod.metadata.uid!;
      if (this.markedNotReady.get(uid) === episode) continue;
      this.markedNotReady.set(uid, episode);
      if (this.markedNotReady.size > 50_000) this.markedNotReady.delete(this.markedNotReady.keys().next().value as string);
      await updateWithRetry<Pod>(this.client, { ref: PODS, namespace: pod.metadata.namespace, name: pod.metadata.name!, uid: pod.metadata.uid, subresource: 'status' }, (live) => {
        const ready = live.status?.conditions?.find((c) => c.type === 'Ready');
        if (!ready || ready.status !== 'True' || live.spec?.nodeName !== nodeName) return false;
        ready.status = 'False';
        ready.lastTransitionTime = rfc3339(this.clock.now());
        return true;
      });
      this.log('marked pod not ready: its node is not ready', { namespace: pod.metadata.namespace, pod: pod.metadata.name, node: nodeName });
    }
  }
}

function isReadyTrue(pod: KubeObject): boolean {
  return ((pod as Pod).status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function describeTaints(taints: readonly Taint[]): string {
  return taints.map((t) => `${t.key}:${t.effect}`).join(',') || 'none';
}

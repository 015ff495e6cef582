/**
 * Taint eviction controller (upstream `pkg/controller/tainteviction`, the NoExecute taint
 * manager): deletes pods bound to a node with NoExecute taints they do not tolerate, at once,
 * or when their `tolerationSeconds` run out (`evictionTime`). Pods lacking a toleration for the
 * `not-ready` / `unreachable` taints are given the default ones (`withDefaultTolerations`,
 * upstream's DefaultTolerationSeconds admission). Before deleting, the pod gets the condition
 * `DisruptionTarget=True` (reason `DeletionByTaintManager`), and an event `TaintManagerEviction`.
 * The owner (ReplicaSet, …) then creates a replacement the scheduler puts elsewhere.
 * Keys are `<ns>/<pod>`; a pod that must wait is looked at again when its time comes.
 */
import type { ApiClient } from '../client/api-client.js';
import { EventRecorder } from '../client/event-recorder.js';
import type { Informer } from '../client/informer.js';
import type { Pod } from '../apiserver/kinds/pod-types.js';
import { rfc3339, systemClock, type Clock } from '../util/time.js';
import { isConflict, isNotFound, updateWithRetry } from './conflict-retry.js';
import type { ReconcileResult } from './controller.js';
import { silentLog, type ControllerLog } from './controller-log.js';
import { InformerController } from './informer-controller.js';
import { PodsByNode } from './nodelifecycle/pods-by-node.js';
import type { LifecycleNode, Taint } from './nodelifecycle/taints.js';
import { evictionTime, withDefaultTolerations, type DefaultTolerations } from './nodelifecycle/tolerations.js';

const NODES = { apiVersion: 'v1', resource: 'nodes' };
const PODS = { apiVersion: 'v1', resource: 'pods' };

export interface TaintEvictionOptions {
  client: ApiClient;
  /** Toleration given to pods without one for `node.kubernetes.io/not-ready:NoExecute`; upstream 300 s, default 30 s. */
  defaultNotReadyTolerationSeconds?: number;
  /** The same for `node.kubernetes.io/unreachable:NoExecute`; upstream 300 s, default 30 s. */
  defaultUnreachableTolerationSeconds?: number;
  clock?: Clock;
  log?: ControllerLog;
}

export class TaintEvictionController extends InformerController {
  private readonly client: ApiClient;
  private readonly defaults: DefaultTolerations;
  private readonly clock: Clock;
  private readonly log: ControllerLog;
  private readonly events: EventRecorder;
  private readonly nodes: Informer<LifecycleNode>;
  private readonly podsByNode: PodsByNode;
  /** Node name → `<key>:<value>` of each NoExecute taint → when this controller saw it appear. */
  private readonly taintSeen = new Map<string, Map<string, number>>();

  constructor(options: TaintEvictionOptions) {
    super('taint-eviction-controller', 2);
    this.client = options.client;
    this.defaults = {
      notReadySeconds: options.defaultNotReadyTolerationSeconds ?? 30,
      unreachableSeconds: options.defaultUnreachableTolerationSeconds ?? 30,
    };
    if (this.defaults.notReadySeconds < 0 || this.defaults.unreachableSeconds < 0) {
      throw new Error('taint-eviction-controller: default toleration seconds must not be negative');
    }
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLog;
    this.events = new EventRecorder(this.client, 'taint-eviction-controller', undefined, this.clock);
    this.nodes = this.informer<LifecycleNode>(this.client, NODES);
    this.podsByNode = new PodsByNode(this.informer<Pod>(this.client, PODS));
    this.podsByNode.onChange((pod) => this.queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`));
    const nodeChanged = (node: LifecycleNode, old?: LifecycleNode) => {
      this.recordTaints(node);
      const sig = (n?: LifecycleNode) => JSON.stringify(noExecute(n?.spec?.taints));
      if (old && sig(old) === sig(node)) return;
      for (const pod of this.podsByNode.podsOn(node.metadata.name!)) this.queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
    };
    this.nodes.addHandlers({
      onAdd: (n) => nodeChanged(n),
      onUpdate: (old, n) => nodeChanged(n, old),
      onDelete: (n) => this.taintSeen.delete(n.metadata.name!),
    });
  }

  protected async reconcile(key: string): Promise<ReconcileResult | void> {
    const pod = this.podsByNode.pods.get(key);
    if (!pod || pod.metadata.deletionTimestamp || !pod.spec?.nodeName) return;
    const node = this.nodes.get(pod.spec.nodeName);
    const taints = noExecute(node?.spec?.taints);
    if (!node || taints.length === 0) return;
    const nowMs = this.clock.now().getTime();
    const tolerations = withDefaultTolerations(pod.spec.tolerations ?? [], this.defaults);
    const seen = this.taintSeen.get(node.metadata.name!);
    const at = evictionTime(taints, tolerations, (t) => seen?.get(taintId(t)) ?? nowMs);
    if (at === undefined) return;
    if (at > nowMs) return { requeueAfterMs: at - nowMs };
    await this.evict(pod, node.metadata.name!, taints);
  }

  private async evict(pod: Pod, nodeName: string, taints: readonly Taint[]): Promise<void> {
    const { namespace, name, uid } = pod.metadata;
    await updateWithRetry<Pod>(this.client, { ref: PODS, namespace, name: name!, uid, subresource: 'status' }, (live) => {
      const conditions = live.status?.conditions ?? [];
      if (conditions.some((c) => c.type === 'DisruptionTarget' && c.status === 'True')) return false;
      live.status = {
        ...live.status,
        conditions: [...conditions.filter((c) => c.type !== 'DisruptionTarget'), {
          type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager',
          message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: rfc3339(this.clock.now()),
        }],
      };
      return true;
    });
    try {
      await this.client.delete(PODS, namespace, name!, { preconditions: { uid } });
    } catch (e) {
      if (isNotFound(e) || isConflict(e)) return;
      throw e;
    }
    this.log('evicted pod for NoExecute taints', { namespace, pod: name, node: nodeName, taints: taints.map((t) => t.key).join(',') });
    void this.events.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${namespace}/${name}`);
  }

  /** Remembers when each NoExecute taint appeared on the node; forgets the ones that went. */
  private recordTaints(node: LifecycleNode): void {
    const nowMs = this.clock.now().getTime();
    const before = this.taintSeen.get(node.metadata.name!) ?? new Map<string, number>();
    const after = new Map<string, number>();
    for (const t of noExecute(node.spec?.taints)) after.set(taintId(t), before.get(taintId(t)) ?? nowMs);
    if (after.size) this.taintSeen.set(node.metadata.name!, after);
    else this.taintSeen.delete(node.metadata.name!);
  }
}

function taintId(t: Taint): string {
  return `${t.key}=${t.value ?? ''}`;
}

function noExecute(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}

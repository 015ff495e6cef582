/**
 * SharedPodSource: ONE pod informer (one list + one watch of bound pods) shared by every
 * in-process kubelet, with an index by `spec.nodeName`. Each subscriber sees only its node's
 * pods, as if it had its own field-selected watch. A pod that gets bound appears as an add on its
 * node; a pod that leaves a node (deleted) as a delete.
 *
 * Invariant: `byNode.get(n)` holds exactly the cached pods whose `spec.nodeName` is `n`.
 */
import type { ApiClient } from '../client/api-client.js';
import { Informer, objectKey } from '../client/informer.js';
import type { Pod } from './api-types.js';
import { PODS, type PodEventHandlers, type PodSource, type PodSubscription } from './pod-source.js';

export class SharedPodSource implements PodSource {
  private readonly informer: Informer<Pod>;
  private readonly byNode = new Map<string, Map<string, Pod>>();
  private readonly subscribers = new Map<string, PodEventHandlers>();
  private started = false;

  constructor(client: ApiClient) {
    this.informer = new Informer<Pod>(client, PODS, { selectors: { fieldSelector: 'spec.nodeName!=' } });
    this.informer.addHandlers({
      onAdd: (pod) => this.added(pod),
      onUpdate: (oldPod, newPod) => this.updated(oldPod, newPod),
      onDelete: (pod) => this.deleted(pod),
    });
  }

  /** Starts the informer (idempotent). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.informer.start();
  }

  stop(): void {
    this.informer.stop();
  }

  waitForSync(): Promise<void> {
    return this.informer.waitForSync();
  }

  /** Number of nodes with at least one pod, and of pods, in the index (for tests and metrics). */
  stats(): { nodes: number; pods: number; subscribers: number } {
    let pods = 0;
    for (const m of this.byNode.values()) pods += m.size;
    return { nodes: this.byNode.size, pods, subscribers: this.subscribers.size };
  }

  subscribe(nodeName: string, handlers: PodEventHandlers): PodSubscription {
    if (this.subscribers.has(nodeName)) throw new Error(`shared pod source: node ${nodeName} already has a subscriber`);
    this.subscribers.set(nodeName, handlers);
    this.start();
    let open = true;
    if (this.informer.hasSynced()) {
      // The informer replayed its cache before this subscriber existed: deliver the node's pods now.
      const current = [...(this.byNode.get(nodeName)?.values() ?? [])];
      queueMicrotask(() => {
        if (open && this.subscribers.get(nodeName) === handlers) for (const pod of current) handlers.onAdd(pod);
      });
    }
    return {
      synced: async () => {
        await this.informer.waitForSync();
        await Promise.resolve(); // let the replay above run first
      },
      list: () => [...(this.byNode.get(nodeName)?.values() ?? [])],
      close: () => {
        open = false;
        if (this.subscribers.get(nodeName) === handlers) this.subscribers.delete(nodeName);
      },
    };
  }

  private index(pod: Pod): void {
    const node = pod.spec?.nodeName;
    if (!node) return;
    let m = this.byNode.get(node);
    if (!m) this.byNode.set(node, (m = new Map()));
    m.set(objectKey(pod), pod);
  }

  private unindex(pod: Pod): void {
    const node = pod.spec?.nodeName;
    if (!node) return;
    const m = this.byNode.get(node);
    m?.delete(objectKey(pod));
    if (m && m.size === 0) this.byNode.delete(node);
  }

  private added(pod: Pod): void {
    this.index(pod);
    this.handlersFor(pod)?.onAdd(pod);
  }

  private updated(oldPod: Pod, newPod: Pod): void {
    const before = oldPod.spec?.nodeName;
    const after = newPod.spec?.nodeName;
    this.unindex(oldPod);
    this.index(newPod);
    if (before === after) {
      this.handlersFor(newPod)?.onUpdate(oldPod, newPod);
      return;
    }
    // nodeName is set once by binding; a change means the pod left one node and joined another.
    if (before) this.subscribers.get(before)?.onDelete(oldPod);
    this.handlersFor(newPod)?.onAdd(newPod);
  }

  private deleted(pod: Pod): void {
    this.unindex(pod);
    this.handlersFor(pod)?.onDelete(pod);
  }

  private handlersFor(pod: Pod): PodEventHandlers | undefined {
    const node = pod.spec?.nodeName;
    return node ? this.subscribers.get(node) : undefined;
  }
}

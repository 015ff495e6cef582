/**
 * Where a kubelet learns about the pods bound to its node. Two implementations behind one
 * interface:
 * - `NodePodSource` (here): one informer per node, field-selected on `spec.nodeName=<node>`, as a
 *   remote `pilothouse agent` watches over HTTPS;
 * - `SharedPodSource` (shared-pod-source.ts): one informer for all in-process kubelets, dispatching
 *   by `spec.nodeName`, so 1,000 simulated nodes cost one watch.
 */
import type { ApiClient } from '../client/api-client.js';
import { Informer } from '../client/informer.js';
import type { Pod } from './api-types.js';

export const PODS = { apiVersion: 'v1', resource: 'pods' } as const;

/** Handlers get shared cached objects: read-only. */
export interface PodEventHandlers {
  onAdd(pod: Pod): void;
  onUpdate(oldPod: Pod, newPod: Pod): void;
  onDelete(pod: Pod): void;
}

export interface PodSubscription {
  /** Resolves once the first list is in; by then every existing pod was delivered through `onAdd`. */
  synced(): Promise<void>;
  /** The node's pods as cached now. */
  list(): Pod[];
  /** Stops delivery; idempotent. */
  close(): void;
}

export interface PodSource {
  /** One subscription per node at a time; a second one for the same node throws. */
  subscribe(nodeName: string, handlers: PodEventHandlers): PodSubscription;
}

/** A per-node informer; it starts with the subscription and stops with it. */
export class NodePodSource implements PodSource {
  constructor(private readonly client: ApiClient) {}

  subscribe(nodeName: string, handlers: PodEventHandlers): PodSubscription {
    const informer = new Informer<Pod>(this.client, PODS, { selectors: { fieldSelector: `spec.nodeName=${nodeName}` } });
    informer.addHandlers({
      onAdd: (p) => handlers.onAdd(p),
      onUpdate: (o, n) => handlers.onUpdate(o, n),
      onDelete: (p) => handlers.onDelete(p),
    });
    informer.start();
    return {
      synced: () => informer.waitForSync(),
      list: () => informer.list(),
      close: () => informer.stop(),
    };
  }
}

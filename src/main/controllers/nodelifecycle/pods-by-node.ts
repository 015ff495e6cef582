/**
 * Pods indexed by `spec.nodeName` over a pod informer (upstream's `nodeName` pod indexer), so
 * the node controllers find a node's pods without scanning every pod. Unbound pods are not
 * indexed. `onChange` listeners hear about bound pods as they are added or updated.
 */
import type { Informer } from '../../client/informer.js';
import type { Pod } from '../../apiserver/kinds/pod-types.js';

export class PodsByNode {
  private readonly byNode = new Map<string, Map<string, Pod>>();
  private readonly listeners: ((pod: Pod) => void)[] = [];

  constructor(readonly pods: Informer<Pod>) {
    pods.addHandlers({
      onAdd: (pod) => this.set(pod),
      onUpdate: (old, pod) => {
        if (old.spec?.nodeName !== pod.spec?.nodeName) this.remove(old);
        this.set(pod);
      },
      onDelete: (pod) => this.remove(pod),
    });
  }

  podsOn(nodeName: string): Pod[] {
    return [...(this.byNode.get(nodeName)?.values() ?? [])];
  }

  /** Called for every bound pod added or updated. */
  onChange(listener: (pod: Pod) => void): void {
    this.listeners.push(listener);
  }

  private set(pod: Pod): void {
    const node = pod.spec?.nodeName;
    if (!node) return;
    let map = this.byNode.get(node);
    if (!map) this.byNode.set(node, (map = new Map()));
    map.set(key(pod), pod);
    for (const l of this.listeners) l(pod);
  }

  private remove(pod: Pod): void {
    const node = pod.spec?.nodeName;
    if (!node) return;
    const map = this.byNode.get(node);
    map?.delete(key(pod));
    if (map?.size === 0) this.byNode.delete(node);
  }
}

function key(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

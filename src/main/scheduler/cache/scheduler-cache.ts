/**
 * The scheduler's incremental view of the cluster (upstream `internal/cache`): a NodeInfo per
 * node, kept current from Node and assigned-Pod events, plus pods the scheduler has *assumed*
 * onto a node before the API server confirms the binding, so the next scheduling cycle already
 * sees them.
 *
 * Invariants: every pod in the cache is in exactly one NodeInfo (`podNodes` says which); an
 * assumed pod stays until the informer confirms it (`addPod`) or the binding fails (`forgetPod`).
 */
import { deepEqual } from '../../util/json.js';
import type { Node } from '../api-types.js';
import type { PodInfo } from '../framework/pod-info.js';
import { NodeInfo, type ImageState } from './node-info.js';

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  /** NodeInfos that have a Node object, in insertion order; rebuilt lazily after adds/removes. */
  private list: NodeInfo[] | undefined;
  /** Pod uid -> name of the node it is on (assumed or confirmed). */
  private readonly podNodes = new Map<string, string>();
  private readonly assumed = new Set<string>();
  /** Image name -> size and the nodes that have it, across the cluster. */
  private readonly images = new Map<string, ImageState>();

  /** The schedulable candidates: nodes whose Node object exists. Do not mutate. */
  nodeList(): readonly NodeInfo[] {
    this.list ??= [...this.nodes.values()].filter((n) => n.node !== undefined);
    return this.list;
  }

  get nodeCount(): number {
    return this.nodeList().length;
  }

  getNode(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  /** Adds or updates a Node. */
  setNode(node: Node): void {
    const name = node.metadata.name!;
    let info = this.nodes.get(name);
    if (!info) {
      info = new NodeInfo(name);
      this.nodes.set(name, info);
    }
    if (!info.node) this.list = undefined;
    const imagesChanged = !deepEqual(info.node?.status?.images, node.status?.images);
    info.setNode(node);
    if (imagesChanged) this.setImages(info, node);
  }

  /** Forgets a Node; its NodeInfo lingers (not schedulable) while pods still name it. */
  removeNode(name: string): void {
    const info = this.nodes.get(name);
    if (!info) return;
    this.setImages(info, undefined);
    info.setNode(undefined);
    if (info.pods.size === 0) this.nodes.delete(name);
    this.list = undefined;
  }

  isAssumed(uid: string): boolean {
    return this.assumed.has(uid);
  }

  /** Counts the pod on `nodeName` now, before its binding is confirmed. */
  assumePod(pod: PodInfo, nodeName: string): void {
    if (this.podNodes.has(pod.uid)) throw new Error(`pod ${pod.key} (${pod.uid}) is already in the scheduler cache`);
    this.place(pod, nodeName);
    this.assumed.add(pod.uid);
  }

  /** Undoes `assumePod` after a failed binding. False when the pod is not assumed (already confirmed). */
  forgetPod(uid: string): boolean {
    if (!this.assumed.has(uid)) return false;
    this.assumed.delete(uid);
    this.unplace(uid);
    return true;
  }

  /** An assigned pod seen by the informer: confirms an assumption or adds it. */
  addPod(pod: PodInfo, nodeName: string): void {
    this.assumed.delete(pod.uid);
    if (this.podNodes.has(pod.uid)) this.unplace(pod.uid);
    this.place(pod, nodeName);
  }

  /** Removes a deleted or finished pod, assumed or not. */
  removePod(uid: string): void {
    this.assumed.delete(uid);
    this.unplace(uid);
  }

  hasPod(uid: string): boolean {
    return this.podNodes.has(uid);
  }

  private place(pod: PodInfo, nodeName: string): void {
    let info = this.nodes.get(nodeName);
    if (!info) {
      info = new NodeInfo(nodeName); // a pod bound to a node we have not seen (yet)
      this.nodes.set(nodeName, info);
    }
    info.addPod(pod);
    this.podNodes.set(pod.uid, nodeName);
  }

  private unplace(uid: string): void {
    const nodeName = this.podNodes.get(uid);
    if (nodeName === undefined) return;
    this.podNodes.delete(uid);
    const info = this.nodes.get(nodeName);
    if (!info) return;
    info.removePod(uid);
    if (!info.node && info.pods.size === 0) this.nodes.delete(nodeName);
  }

  /** Replaces the node's entries in the cluster-wide image table. */
  private setImages(info: NodeInfo, node: Node | undefined): void {
    for (const [name, state] of info.imageStates) {
      state.nodes.delete(info.name);
      if (state.nodes.size === 0) this.images.delete(name);
    }
    const mine = new Map<string, ImageState>();
    for (const image of node?.status?.images ?? []) {
      for (const name of image.names ?? []) {
        let state = this.images.get(name);
        if (!state) {
          state = { size: image.sizeBytes ?? 0, nodes: new Set() };
          this.images.set(name, state);
        }
        state.nodes.add(info.name);
        mine.set(name, state);
      }
    }
    info.imageStates = mine;
  }
}

/**
 * One node as the scheduler sees it (upstream `framework.NodeInfo`): the Node's labels, taints
 * and allocatable resources parsed once per Node version, plus running totals over the pods on
 * it, assumed ones included. Kept incrementally by `SchedulerCache`; plugins only read it.
 *
 * Invariant: `requested`, `nonZeroRequested` and `usedPorts` are the sums over `pods`.
 */
import type { Node, Taint } from '../api-types.js';
import type { PodInfo } from '../framework/pod-info.js';
import { amount, Resource, resourceFromList } from '../framework/resource.js';
import { HostPortInfo } from './host-ports.js';

/** An image present on some nodes; shared by the NodeInfos of those nodes. */
export interface ImageState {
  /** Bytes, as the kubelet reports. */
  readonly size: number;
  /** Names of the nodes that have it; `nodes.size` is how widely it is spread. */
  readonly nodes: Set<string>;
}

export class NodeInfo {
  /** The Node object; undefined while the Node is gone but pods still name it. */
  node: Node | undefined;
  labels: Readonly<Record<string, string>> = {};
  taints: readonly Taint[] = [];
  unschedulable = false;
  allocatable = new Resource();
  /** `status.allocatable.pods`; 0 when the Node does not report it (then no pod fits). */
  allowedPodNumber = 0;
  readonly requested = new Resource();
  readonly nonZeroRequested = new Resource();
  /** Pods on the node by uid, assumed ones included. */
  readonly pods = new Map<string, PodInfo>();
  readonly usedPorts = new HostPortInfo();
  /** Images on the node by every name the kubelet reports; set by the cache. */
  imageStates: ReadonlyMap<string, ImageState> = new Map();

  constructor(readonly name: string) {}

  /** Takes a new version of the Node object (or undefined once it is deleted). */
  setNode(node: Node | undefined): void {
    this.node = node;
    this.labels = node?.metadata.labels ?? {};
    this.taints = node?.spec?.taints ?? [];
    this.unschedulable = node?.spec?.unschedulable === true;
    const list = node?.status?.allocatable ?? node?.status?.capacity;
    this.allocatable = resourceFromList(list);
    this.allowedPodNumber = list?.pods === undefined ? 0 : amount('pods', list.pods);
  }

  /** Adds a pod's requests and ports. A pod already present (same uid) is replaced. */
  addPod(pod: PodInfo): void {
    if (this.pods.has(pod.uid)) this.removePod(pod.uid);
    this.pods.set(pod.uid, pod);
    this.requested.add(pod.requests);
    this.nonZeroRequested.add(pod.nonZeroRequests);
    for (const p of pod.hostPorts) this.usedPorts.add(p);
  }

  /** Removes a pod's requests and ports; returns what was there. */
  removePod(uid: string): PodInfo | undefined {
    const pod = this.pods.get(uid);
    if (!pod) return undefined;
    this.pods.delete(uid);
    this.requested.add(pod.requests, -1);
    this.nonZeroRequested.add(pod.nonZeroRequests, -1);
    for (const p of pod.hostPorts) this.usedPorts.remove(p);
    return pod;
  }
}

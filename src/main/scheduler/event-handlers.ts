/**
 * Informer handlers that keep the scheduler cache and queue current (upstream `eventhandlers.go`):
 * - assigned pods (`spec.nodeName` set) that have not finished go into the cache; finishing or
 *   deletion frees their node, which may let parked pods fit (moveAll);
 * - pending pods for this scheduler (right `schedulerName`, no node, not being deleted) go into
 *   the queue, except pods the scheduler has assumed and is binding;
 * - Node adds, and updates that change what filters read, may let parked pods fit (moveAll).
 */
import { deepEqual } from '../util/json.js';
import type { InformerHandlers } from '../client/informer.js';
import { isTerminal, podUid, type Node, type Pod } from './api-types.js';
import type { SchedulerCache } from './cache/scheduler-cache.js';
import { newPodInfo } from './framework/pod-info.js';
import type { SchedulingQueue } from './queue/scheduling-queue.js';

export interface HandlerTargets {
  cache: SchedulerCache;
  queue: SchedulingQueue;
  schedulerName: string;
}

/** Whether this scheduler should place the pod now. */
export function isPendingFor(pod: Pod, schedulerName: string): boolean {
  const spec = pod.spec;
  return !spec?.nodeName && (spec?.schedulerName || 'default-scheduler') === schedulerName && !pod.metadata.deletionTimestamp && !isTerminal(pod);
}

export function podHandlers({ cache, queue, schedulerName }: HandlerTargets): InformerHandlers<Pod> {
  const assigned = (pod: Pod) => {
    const uid = podUid(pod);
    queue.delete(uid);
    if (isTerminal(pod)) {
      if (cache.hasPod(uid)) {
        cache.removePod(uid);
        queue.moveAll();
      }
      return;
    }
    cache.addPod(newPodInfo(pod), pod.spec!.nodeName!);
  };
  const unassigned = (pod: Pod) => {
    const uid = podUid(pod);
    if (!isPendingFor(pod, schedulerName)) {
      queue.delete(uid);
      return;
    }
    if (cache.isAssumed(uid)) return; // being bound: the informer will report the assignment
    queue.update(newPodInfo(pod));
  };
  return {
    onAdd: (pod) => (pod.spec?.nodeName ? assigned(pod) : unassigned(pod)),
    onUpdate: (_old, pod) => (pod.spec?.nodeName ? assigned(pod) : unassigned(pod)),
    onDelete(pod) {
      const uid = podUid(pod);
      queue.delete(uid);
      if (!cache.hasPod(uid)) return;
      cache.removePod(uid);
      queue.moveAll();
    },
  };
}

/** True when the update changes what the filters read (not heartbeats or condition timestamps). */
export function isSchedulingRelevantNodeChange(old: Node, node: Node): boolean {
  return (
    !deepEqual(old.status?.allocatable ?? old.status?.capacity, node.status?.allocatable ?? node.status?.capacity) ||
    !deepEqual(old.metadata.labels, node.metadata.labels) ||
    !deepEqual(old.spec?.taints, node.spec?.taints) ||
    (old.spec?.unschedulable === true) !== (node.spec?.unschedulable === true)
  );
}

export function nodeHandlers({ cache, queue }: HandlerTargets): InformerHandlers<Node> {
  return {
    onAdd(node) {
      cache.setNode(node);
      queue.moveAll();
    },
    onUpdate(old, node) {
      cache.setNode(node);
      if (isSchedulingRelevantNodeChange(old, node)) queue.moveAll();
    },
    onDelete(node) {
      cache.removeNode(node.metadata.name!);
    },
  };
}

/**
 * The replica-keeping controller shared by ReplicaSets and ReplicationControllers (upstream
 * `ReplicaSetController`, which the ReplicationManager wraps): keeps `spec.replicas` active pods
 * that match the owner's selector, adopting orphans and releasing pods that stopped matching,
 * and reports status through `/status`.
 *
 * Informers on the owners and on pods feed owner keys to the queue; pod events lower the
 * owner's expectations, so a sync that asked for N pods does not act again until it has seen
 * them (or five minutes passed). Creations go in slow-start batches (1, 2, 4, ...), at most
 * `burstReplicas` per sync; deletions pick pods in upstream's ranking order.
 */
import type { Selector } from '../../../shared/api/label-selector.js';
import type { ApiClient, ResourceRef } from '../../client/api-client.js';
import { EventRecorder } from '../../client/event-recorder.js';
import { objectKey, type Informer } from '../../client/informer.js';
import { systemClock, type Clock } from '../../util/time.js';
import { deepEqual } from '../../util/json.js';
import { isConflict, isNotFound } from '../conflict-retry.js';
import type { ReconcileResult } from '../controller.js';
import { silentLog, type ControllerLog } from '../controller-log.js';
import { InformerController } from '../informer-controller.js';
import { isForbiddenTerminating } from '../serviceaccount-controller.js';
import { claimChildren, controllerRefOf, freshOwnerCheck, newControllerRef } from './controller-ref.js';
import { ControllerExpectations } from './expectations.js';
import { podFromTemplate } from './pod-from-template.js';
import { podsToDelete } from './pod-ranking.js';
import { isPodActive, isPodReady, podKey } from './pod-util.js';
import { calculateReplicaStatus, errorMessage, replicaStatusChanged } from './replica-status.js';
import { slowStartBatch } from './slow-start.js';
import type { Pod, ReplicaOwner, ReplicaStatus } from './types.js';

const PODS: ResourceRef = { apiVersion: 'v1', resource: 'pods' };

export interface ReplicaControllerOptions {
  client: ApiClient;
  /** Drives readiness ages (`minReadySeconds`), ranking and expectation timeouts. */
  clock?: Clock;
  /** Parallel reconciles (different owners); default 2. */
  workers?: number;
  /** Most pods created or deleted by one sync (upstream `BurstReplicas`); default 500. */
  burstReplicas?: number;
  /** Decisions (pods created and deleted, problems), with named fields; quiet by default. */
  log?: ControllerLog;
}

/** What differs between the kinds this controller manages. */
export interface ReplicaKind {
  /** Controller name, also the Events' `source.component`. */
  controllerName: string;
  resource: ResourceRef;
  apiVersion: string;
  kind: string;
  /** The owner's pod selector; throws for a selector that cannot be parsed. */
  selectorOf(owner: ReplicaOwner): Selector;
}

export abstract class ReplicaManager extends InformerController {
  protected readonly owners: Informer<ReplicaOwner>;
  protected readonly pods: Informer<Pod>;
  protected readonly expectations: ControllerExpectations;
  private readonly client: ApiClient;
  private readonly clock: Clock;
  private readonly burst: number;
  private readonly events: EventRecorder;
  protected readonly log: ControllerLog;

  constructor(private readonly kind: ReplicaKind, options: ReplicaControllerOptions) {
    super(kind.controllerName, options.workers ?? 2);
    this.owners = this.informer<ReplicaOwner>(options.client, kind.resource);
    this.pods = this.informer<Pod>(options.client, PODS);
    this.client = options.client;
    this.clock = options.clock ?? systemClock;
    this.burst = options.burstReplicas ?? 500;
    this.expectations = new ControllerExpectations(this.clock);
    this.events = new EventRecorder(options.client, kind.controllerName, undefined, this.clock);
    this.log = options.log ?? silentLog;
    this.owners.addHandlers({
      onAdd: (o) => this.queue.add(objectKey(o)),
      onUpdate: (old, o) => {
        // Deleted and created again under the same name: what we awaited for the old one is moot.
        if (old.metadata.uid !== o.metadata.uid) this.expectations.delete(objectKey(o));
        this.queue.add(objectKey(o));
      },
      onDelete: (o) => {
        this.expectations.delete(objectKey(o));
        this.queue.add(objectKey(o));
      },
    });
    this.pods.addHandlers({
      onAdd: (p) => this.podAdded(p),
      onUpdate: (old, p) => this.podUpdated(old, p),
      onDelete: (p) => this.podDeleted(p),
    });
  }

  /** The owner named by a pod's controller reference, if it is one of ours and still the same object. */
  private resolve(pod: Pod, ref = controllerRefOf(pod)): ReplicaOwner | undefined {
    if (!ref || ref.kind !== this.kind.kind) return undefined;
    const owner = this.owners.get(`${pod.metadata.namespace}/${ref.name}`);
    return owner?.metadata.uid === ref.uid ? owner : undefined;
  }

  /** Owners in the pod's namespace whose (non-empty) selector matches its labels. */
  private matchingOwners(pod: Pod): ReplicaOwner[] {
    return this.owners.list().filter((o) => {
      if (o.metadata.namespace !== pod.metadata.namespace) return false;
      try {
        const s = this.kind.selectorOf(o);
        return !s.isEmpty() && s.matches(pod.metadata.labels);
      } catch {
        return false;
      }
    });
  }

  private podAdded(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) return this.podDeleted(pod);
    if (controllerRefOf(pod)) {
      const owner = this.resolve(pod);
      if (!owner) return;
      this.expectations.creationObserved(objectKey(owner));
      this.queue.add(objectKey(owner));
      return;
    }
    for (const o of this.matchingOwners(pod)) this.queue.add(objectKey(o));
  }

  private podUpdated(old: Pod, pod: Pod): void {
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    const labelsChanged = !deepEqual(old.metadata.labels ?? {}, pod.metadata.labels ?? {});
    if (pod.metadata.deletionTimestamp) {
      // A graceful delete: the pod no longer counts, so treat it as deleted now.
      this.podDeleted(pod);
      if (labelsChanged) this.podDeleted(old);
      return;
    }
    const ref = controllerRefOf(pod);
    const oldRef = controllerRefOf(old);
    const refChanged = !deepEqual(ref, oldRef);
    if (refChanged && oldRef) {
      const previous = this.resolve(old, oldRef);
      if (previous) this.queue.add(objectKey(previous));
    }
    if (ref) {
      const owner = this.resolve(pod, ref);
      if (!owner) return;
      this.queue.add(objectKey(owner));
      const minReady = owner.spec?.minReadySeconds ?? 0;
      // Availability is a matter of time: look again once the pod has been ready long enough.
      if (minReady > 0 && !isPodReady(old) && isPodReady(pod)) this.queue.addAfter(objectKey(owner), minReady * 1000 + 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const o of this.matchingOwners(pod)) this.queue.add(objectKey(o));
  }

  private podDeleted(pod: Pod): void {
    const owner = this.resolve(pod);
    if (!owner) return;
    const key = objectKey(owner);
    this.expectations.deletionObserved(key, podKey(pod));
    this.queue.add(key);
  }

  protected async reconcile(key: string): Promise<ReconcileResult | void> {
    const owner = this.owners.get(key);
    if (!owner) {
      this.expectations.delete(key);
      return;
    }
    let selector: Selector;
    try {
      selector = this.kind.selectorOf(owner);
    } catch (e) {
      this.log('invalid selector, not syncing', { [this.kind.kind]: key, error: errorMessage(e) });
      return;
    }
    const needsSync = this.expectations.satisfied(key) && !owner.metadata.deletionTimestamp;
    const namespace = owner.metadata.namespace!;
    const candidates = this.pods.list().filter((p) => p.metadata.namespace === namespace && isPodActive(p));
    const pods = await claimChildren(candidates, {
      client: this.client,
      childResource: PODS,
      owner,
      ownerApiVersion: this.kind.apiVersion,
      ownerKind: this.kind.kind,
      matches: (p) => selector.matches(p.metadata.labels),
      canAdopt: freshOwnerCheck(this.client, this.kind.resource, owner),
    });
    const manageError = needsSync ? await this.manageReplicas(key, owner, pods) : undefined;
    const now = this.clock.now();
    const updated = await this.writeStatus(owner, calculateReplicaStatus(owner, pods, manageError, now));
    if (manageError !== undefined) throw manageError;
    const replicas = owner.spec?.replicas ?? 0;
    const minReady = owner.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && updated.status?.readyReplicas === replicas && updated.status?.availableReplicas !== replicas) {
      return { requeueAfterMs: minReady * 1000 };
    }
  }

  /** Creates or deletes pods towards `spec.replicas`; returns the first error, if any. */
  private async manageReplicas(key: string, owner: ReplicaOwner, pods: Pod[]): Promise<unknown> {
    const diff = pods.length - (owner.spec?.replicas ?? 0);
    if (diff < 0) return this.createPods(key, owner, Math.min(-diff, this.burst));
    if (diff > 0) return this.deletePods(key, owner, pods, Math.min(diff, this.burst));
    return undefined;
  }

  private async createPods(key: string, owner: ReplicaOwner, count: number): Promise<unknown> {
    this.log('too few replicas, creating pods', { [this.kind.kind]: key, creating: count });
    this.expectations.expectCreations(key, count);
    const namespace = owner.metadata.namespace!;
    const ref = newControllerRef(owner, this.kind.apiVersion, this.kind.kind);
    const result = await slowStartBatch(count, 1, async () => {
      const pod = podFromTemplate(owner.spec?.template, owner.metadata.name!, namespace, ref);
      try {
        const created = await this.client.create(PODS, namespace, pod);
        this.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
      } catch (e) {
        if (isForbiddenTerminating(e)) return; // everything here is going away; nothing to report
        this.record(owner, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(e)}`);
        throw e;
      }
    });
    // Pods never created will never be observed: stop waiting for them.
    for (let i = result.successes; i < count; i++) this.expectations.creationObserved(key);
    return result.error;
  }

  private async deletePods(key: string, owner: ReplicaOwner, pods: Pod[], count: number): Promise<unknown> {
    const victims = podsToDelete(pods, this.relatedPods(owner), count, this.clock.now());
    this.log('too many replicas, deleting pods', { [this.kind.kind]: key, deleting: count, pods: victims.map((p) => p.metadata.name).join(',') });
    this.expectations.expectDeletions(key, victims.map(podKey));
    const results = await Promise.allSettled(
      victims.map(async (pod) => {
        try {
          await this.client.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
          this.record(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
        } catch (e) {
          this.expectations.deletionObserved(key, podKey(pod)); // the informer will not see this one go
          if (isNotFound(e)) return;
          this.record(owner, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(e)}`);
          throw e;
        }
      }),
    );
    return results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
  }

  /**
   * Active pods of this owner and of the owners that share its controller (a Deployment's other
   * ReplicaSets), used to rank pods by how crowded their node is.
   */
  private relatedPods(owner: ReplicaOwner): Pod[] {
    const ctl = controllerRefOf(owner);
    const uids = new Set<string>([owner.metadata.uid!]);
    if (ctl) {
      for (const o of this.owners.list()) {
        if (o.metadata.namespace === owner.metadata.namespace && controllerRefOf(o)?.uid === ctl.uid) uids.add(o.metadata.uid!);
      }
    }
    return this.pods.list().filter((p) => p.metadata.namespace === owner.metadata.namespace && isPodActive(p) && uids.has(controllerRefOf(p)?.uid ?? ''));
  }

  /** Writes `status` unless the owner already reports it; one retry on a conflict, as upstream. */
  private async writeStatus(owner: ReplicaOwner, status: ReplicaStatus): Promise<ReplicaOwner> {
    if (!replicaStatusChanged(owner, status) && owner.status?.observedGeneration === owner.metadata.generation) return owner;
    let current = owner;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.client.update<ReplicaOwner>(this.kind.resource, { ...current, status }, 'status');
      } catch (e) {
        if (!isConflict(e) || attempt >= 1) throw e;
        current = await this.client.get<ReplicaOwner>(this.kind.resource, owner.metadata.namespace, owner.metadata.name!);
      }
    }
  }

  private record(owner: ReplicaOwner, type: 'Normal' | 'Warning', reason: string, message: string): void {
    void this.events.event({ ...owner, apiVersion: this.kind.apiVersion, kind: this.kind.kind }, type, reason, message);
  }
}


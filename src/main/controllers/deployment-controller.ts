/**
 * Deployment controller (upstream `pkg/controller/deployment`), an API client only: informers on
 * Deployments, ReplicaSets and pods feed Deployment keys to the queue; each sync claims the
 * ReplicaSets the selector matches (adopting and releasing by controller reference), then
 * either records status only (being deleted), scales without rolling (paused, or
 * `spec.replicas` changed), or takes one step of the RollingUpdate or Recreate strategy.
 *
 * ReplicaSets are named `<deployment>-<pod-template-hash>`; `kubectl rollout undo` patches an
 * old template back, and the matching ReplicaSet becomes the new one with the next revision.
 */
import { selectorFromSpec, type Selector } from '../../shared/api/label-selector.js';
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client/api-client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { objectKey, type Informer } from '../client/informer.js';
import { clone, deepEqual } from '../util/json.js';
import { systemClock, type Clock } from '../util/time.js';
import type { ReconcileResult } from './controller.js';
import { silentLog, type ControllerLog } from './controller-log.js';
import { InformerController } from './informer-controller.js';
import { claimChildren, controllerRefOf, freshOwnerCheck } from './workloads/controller-ref.js';
import { rolloutRecreate, rolloutRolling } from './workloads/deployment-rollout.js';
import { DEPLOYMENTS, DeploymentSync, REPLICASETS } from './workloads/deployment-sync.js';
import type { Deployment, Pod, ReplicaSet } from './workloads/types.js';

const PODS = { apiVersion: 'v1', resource: 'pods' };

export interface DeploymentControllerOptions {
  client: ApiClient;
  /** Drives condition timestamps and the progress deadline. */
  clock?: Clock;
  /** Parallel reconciles (different Deployments); default 2. */
  workers?: number;
  /** Decisions (ReplicaSets created, scaled, pruned; problems), with named fields; quiet by default. */
  log?: ControllerLog;
}

export class DeploymentController extends InformerController {
  private readonly deployments: Informer<Deployment>;
  private readonly replicaSets: Informer<ReplicaSet>;
  private readonly pods: Informer<Pod>;
  private readonly client: ApiClient;
  private readonly clock: Clock;
  private readonly events: EventRecorder;
  private readonly log: ControllerLog;

  constructor(options: DeploymentControllerOptions) {
    super('deployment-controller', options.workers ?? 2);
    this.deployments = this.informer<Deployment>(options.client, DEPLOYMENTS);
    this.replicaSets = this.informer<ReplicaSet>(options.client, REPLICASETS);
    this.pods = this.informer<Pod>(options.client, PODS);
    this.client = options.client;
    this.clock = options.clock ?? systemClock;
    this.events = new EventRecorder(options.client, 'deployment-controller', undefined, this.clock);
    this.log = options.log ?? silentLog;
    this.deployments.addHandlers({
      onAdd: (d) => this.queue.add(objectKey(d)),
      onUpdate: (_old, d) => this.queue.add(objectKey(d)),
      onDelete: (d) => this.queue.add(objectKey(d)),
    });
    this.replicaSets.addHandlers({
      onAdd: (rs) => this.replicaSetChanged(undefined, rs),
      onUpdate: (old, rs) => this.replicaSetChanged(old, rs),
      onDelete: (rs) => this.enqueueOwner(rs),
    });
    this.pods.addHandlers({
      onUpdate: (old, p) => {
        if (old.status?.phase !== p.status?.phase) this.podGone(p);
      },
      onDelete: (p) => this.podGone(p),
    });
  }

  /** The Deployment a ReplicaSet's controller reference names, if it still exists with that uid. */
  private ownerOf(rs: KubeObject, ref = controllerRefOf(rs)): Deployment | undefined {
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.deployments.get(`${rs.metadata.namespace}/${ref.name}`);
    return d?.metadata.uid === ref.uid ? d : undefined;
  }

  private enqueueOwner(rs: KubeObject, ref = controllerRefOf(rs)): void {
    const d = this.ownerOf(rs, ref);
    if (d) this.queue.add(objectKey(d));
  }

  private replicaSetChanged(old: ReplicaSet | undefined, rs: ReplicaSet): void {
    if (old?.metadata.resourceVersion === rs.metadata.resourceVersion) return;
    const ref = controllerRefOf(rs);
    const oldRef = old && controllerRefOf(old);
    if (old && oldRef && !deepEqual(ref, oldRef)) this.enqueueOwner(old, oldRef);
    if (ref) return this.enqueueOwner(rs, ref);
    if (!old || !deepEqual(old.metadata.labels ?? {}, rs.metadata.labels ?? {}) || !deepEqual(ref, oldRef)) {
      for (const d of this.matchingDeployments(rs)) this.queue.add(objectKey(d));
    }
  }

  /** Orphan ReplicaSets: the Deployments that could adopt them. */
  private matchingDeployments(rs: ReplicaSet): Deployment[] {
    return this.deployments.list().filter((d) => {
      if (d.metadata.namespace !== rs.metadata.namespace) return false;
      const s = safeSelector(d);
      return !!s && !s.isEmpty() && s.matches(rs.metadata.labels);
    });
  }

  /** Recreate waits for old pods to finish: look again when one goes away. */
  private podGone(pod: Pod): void {
    const rsRef = controllerRefOf(pod);
    if (!rsRef || rsRef.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.get(`${pod.metadata.namespace}/${rsRef.name}`);
    if (!rs || rs.metadata.uid !== rsRef.uid) return;
    const d = this.ownerOf(rs);
    if (d?.spec?.strategy?.type === 'Recreate') this.queue.add(objectKey(d));
  }

  protected async reconcile(key: string): Promise<ReconcileResult | void> {
    const cached = this.deployments.get(key);
    if (!cached) return;
    const d = clone(cached);
    const selector = safeSelector(d);
    if (!selector || selector.isEmpty()) return this.refuseSelector(d, selector);
    const namespace = d.metadata.namespace!;
    const rsList = await claimChildren(
      this.replicaSets.list().filter((rs) => rs.metadata.namespace === namespace),
      {
        client: this.client,
        childResource: REPLICASETS,
        owner: d,
        ownerApiVersion: 'apps/v1',
        ownerKind: 'Deployment',
        matches: (rs) => selector.matches(rs.metadata.labels),
        canAdopt: freshOwnerCheck(this.client, DEPLOYMENTS, d),
      },
    );
    const s = new DeploymentSync({ client: this.client, events: this.events, clock: this.clock, log: this.log }, d, rsList, this.podsByReplicaSet(d, selector, rsList));
    if (d.metadata.deletionTimestamp) return s.syncStatusOnly();
    await s.checkPausedConditions();
    if (d.spec?.paused || (await s.isScalingEvent())) return s.sync();
    const after = d.spec?.strategy?.type === 'Recreate' ? await rolloutRecreate(s) : await rolloutRolling(s);
    return after === undefined ? undefined : { requeueAfterMs: after };
  }

  /** A Deployment selecting everything (or nothing parseable) is not synced, as upstream. */
  private async refuseSelector(d: Deployment, selector: Selector | undefined): Promise<void> {
    const reason = selector ? 'SelectorOverride' : 'InvalidSelector';
    const message = selector ? 'This deployment is selecting all pods. A non-empty selector is required.' : 'This deployment has an invalid selector.';
    void this.events.event({ ...d, apiVersion: 'apps/v1', kind: 'Deployment' }, 'Warning', reason, message);
    this.log('not syncing deployment', { deployment: objectKey(d), reason });
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      await this.client.update(DEPLOYMENTS, { ...d, status: { ...d.status, observedGeneration: d.metadata.generation } }, 'status');
    }
  }

  /** The Deployment's pods grouped by the uid of the ReplicaSet that controls them. */
  private podsByReplicaSet(d: Deployment, selector: Selector, rsList: ReplicaSet[]): Map<string, Pod[]> {
    const uids = new Set(rsList.map((rs) => rs.metadata.uid));
    const map = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata.uid!, []]));
    for (const p of this.pods.list()) {
      if (p.metadata.namespace !== d.metadata.namespace || !selector.matches(p.metadata.labels)) continue;
      const uid = controllerRefOf(p)?.uid;
      if (uid && uids.has(uid)) map.get(uid)!.push(p);
    }
    return map;
  }
}

function safeSelector(d: Deployment): Selector | undefined {
  try {
    return selectorFromSpec(d.spec?.selector);
  } catch {
    return undefined;
  }
}

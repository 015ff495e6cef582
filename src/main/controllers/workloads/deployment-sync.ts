/**
 * One sync of one Deployment (upstream `sync.go`): finds or creates the new ReplicaSet and keeps
 * revisions in order, scales ReplicaSets (recording `ScalingReplicaSet` events and the replica
 * annotations), prunes old ReplicaSets beyond `revisionHistoryLimit`, and writes status. The
 * rollout strategies (`deployment-rollout.ts`) drive it.
 *
 * Contract: an instance lives for one reconcile. It starts from informer-cache objects and
 * replaces them with what the API returns after each write, so later steps of the same sync
 * never write with a stale resourceVersion of their own making; a conflict with someone else's
 * write throws, and the reconcile is retried.
 */
import type { ApiClient } from '../../client/api-client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import { clone } from '../../util/json.js';
import type { Clock } from '../../util/time.js';
import { isAlreadyExists, isNotFound } from '../conflict-retry.js';
import type { ControllerLog } from '../controller-log.js';
import { getCondition, setCondition } from './conditions.js';
import { newControllerRef } from './controller-ref.js';
import { calculateStatus, hasProgressDeadline, newCondition, PROGRESSING, Reason, rolloutStatus, statusEqual } from './deployment-status.js';
import { planScale } from './proportional-scale.js';
import { byCreation, filterActive, findNewReplicaSet, findOldReplicaSets } from './replica-set-lists.js';
import { errorMessage } from './replica-status.js';
import {
  DESIRED_REPLICAS, intAnnotation, maxRevision, REVISION, replicasAnnotationsNeedUpdate, revisionOf, setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './revisions.js';
import { maxSurge, newRSNewReplicas } from './rolling-math.js';
import { computeTemplateHash, equalIgnoreHash, POD_TEMPLATE_HASH_LABEL } from './template-hash.js';
import { specReplicas, type Deployment, type DeploymentStatus, type Pod, type ReplicaSet } from './types.js';

export const DEPLOYMENTS = { apiVersion: 'apps/v1', resource: 'deployments' };
export const REPLICASETS = { apiVersion: 'apps/v1', resource: 'replicasets' };
const MAX_INT32 = 2 ** 31 - 1;

export interface DeploymentSyncDeps {
  client: ApiClient;
  events: EventRecorder;
  clock: Clock;
  log: ControllerLog;
}

export class DeploymentSync {
  constructor(
    private readonly deps: DeploymentSyncDeps,
    /** The Deployment as last read or written. */
    public d: Deployment,
    /** The ReplicaSets it controls, as last read or written. */
    private rsList: ReplicaSet[],
    /** Its pods, by the uid of the ReplicaSet that controls them (read by Recreate). */
    readonly podsByReplicaSet: Map<string, Pod[]>,
  ) {}

  private get key(): string {
    return `${this.d.metadata.namespace}/${this.d.metadata.name}`;
  }

  /** The latest copy of a ReplicaSet this sync knows (after its own writes). */
  latest(rs: ReplicaSet): ReplicaSet;
  latest(rs: ReplicaSet | undefined): ReplicaSet | undefined;
  latest(rs: ReplicaSet | undefined): ReplicaSet | undefined {
    return rs && (this.rsList.find((r) => r.metadata.uid === rs.metadata.uid) ?? rs);
  }

  private remember(rs: ReplicaSet): ReplicaSet {
    this.rsList = [...this.rsList.filter((r) => r.metadata.uid !== rs.metadata.uid), rs];
    return rs;
  }

  /** The new ReplicaSet (created when `create` and missing) and all others, revisions synced. */
  async replicaSets(create: boolean): Promise<{ newRS?: ReplicaSet; oldRSs: ReplicaSet[] }> {
    const existing = findNewReplicaSet(this.d, this.rsList);
    const oldRSs = findOldReplicaSets(this.rsList, existing);
    const newRS = await this.newReplicaSet(existing, oldRSs, create);
    return { newRS, oldRSs };
  }

  private replicaAnnotations(): { desired: number; max: number } {
    const desired = specReplicas(this.d);
    return { desired, max: desired + maxSurge(this.d) };
  }

  private async newReplicaSet(existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const copy = clone(existing);
      const annotated = setNewReplicaSetAnnotations(this.d, copy, newRevision, true, this.replicaAnnotations());
      const minReady = this.d.spec?.minReadySeconds ?? 0;
      if (annotated || (copy.spec?.minReadySeconds ?? 0) !== minReady) {
        copy.spec = { ...copy.spec, minReadySeconds: minReady };
        if (revisionOf(copy) !== revisionOf(existing)) {
          this.deps.log('new replica set takes a new revision', { deployment: this.key, replicaSet: copy.metadata.name, revision: revisionOf(copy) });
        }
        return this.updateReplicaSet(copy);
      }
      await this.setRevision(revisionOf(existing));
      if (hasProgressDeadline(this.d) && !getCondition(this.d.status?.conditions, PROGRESSING)) {
        const c = newCondition(PROGRESSING, 'True', Reason.FoundNewReplicaSet, `Found new replica set "${existing.metadata.name}"`, this.deps.clock.now());
        await this.writeStatus({ ...this.d.status, conditions: setCondition(this.d.status?.conditions, c) });
      }
      return existing;
    }
    return create ? this.createReplicaSet(oldRSs, newRevision) : undefined;
  }

  private async createReplicaSet(oldRSs: ReplicaSet[], newRevision: number): Promise<ReplicaSet> {
    const d = this.d;
    const hash = computeTemplateHash(d.spec?.template, d.status?.collisionCount);
    const template = clone(d.spec?.template ?? {});
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash } };
    const selector = clone(d.spec?.selector ?? {});
    selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
        labels: { ...template.metadata.labels },
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    rs.spec!.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
    setNewReplicaSetAnnotations(d, rs, newRevision, false, this.replicaAnnotations());
    let created: ReplicaSet;
    let found = false;
    try {
      created = await this.deps.client.create<ReplicaSet>(REPLICASETS, d.metadata.namespace, rs);
    } catch (e) {
      if (isAlreadyExists(e)) {
        const other = await this.deps.client.get<ReplicaSet>(REPLICASETS, d.metadata.namespace, rs.metadata.name!);
        const ours = other.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid);
        if (!ours || !equalIgnoreHash(d.spec?.template, other.spec?.template)) {
          const collisionCount = (d.status?.collisionCount ?? 0) + 1;
          this.deps.log('hash collision, bumping collisionCount', { deployment: this.key, replicaSet: rs.metadata.name, collisionCount });
          await this.writeStatus({ ...d.status, collisionCount });
          throw e;
        }
        created = other;
        found = true;
      } else {
        await this.reportCreateFailure(rs, e);
        throw e;
      }
    }
    this.remember(created);
    const replicas = created.spec?.replicas ?? 0;
    this.deps.log('created new replica set', { deployment: this.key, replicaSet: created.metadata.name, revision: newRevision, replicas });
    if (!found && replicas > 0) this.event('Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`);
    await this.setRevision(newRevision);
    if (!found && hasProgressDeadline(this.d)) {
      const c = newCondition(PROGRESSING, 'True', Reason.NewReplicaSetCreated, `Created new replica set "${created.metadata.name}"`, this.deps.clock.now());
      await this.writeStatus({ ...this.d.status, conditions: setCondition(this.d.status?.conditions, c) });
    }
    return created;
  }

  private async reportCreateFailure(rs: ReplicaSet, e: unknown): Promise<void> {
    const message = `Failed to create new replica set "${rs.metadata.name}": ${errorMessage(e)}`;
    this.deps.log('could not create new replica set', { deployment: this.key, replicaSet: rs.metadata.name, error: errorMessage(e) });
    if (hasProgressDeadline(this.d)) {
      const c = newCondition(PROGRESSING, 'False', Reason.ReplicaSetCreateError, message, this.deps.clock.now());
      await this.writeStatus({ ...this.d.status, conditions: setCondition(this.d.status?.conditions, c) }).catch(() => {});
    }
    this.event('Warning', 'FailedCreate', message);
  }

  /**
   * Sets a ReplicaSet's size and the replica annotations. With `evenIfSameSize` false an equal
   * size is left alone (annotations too). `scaled` reports a size change.
   */
  async scaleReplicaSet(rs: ReplicaSet, replicas: number, evenIfSameSize = false): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    const current = this.latest(rs);
    const size = current.spec?.replicas ?? 0;
    const { desired, max } = this.replicaAnnotations();
    const resize = size !== replicas;
    if (!resize && (!evenIfSameSize || !replicasAnnotationsNeedUpdate(current, desired, max))) return { scaled: false, rs: current };
    const copy = clone(current);
    copy.spec = { ...copy.spec, replicas };
    setReplicasAnnotations(copy, desired, max);
    const updated = await this.updateReplicaSet(copy);
    if (resize) {
      this.deps.log('scaled replica set', { deployment: this.key, replicaSet: rs.metadata.name, from: size, to: replicas });
      this.event('Normal', 'ScalingReplicaSet', `Scaled ${replicas > size ? 'up' : 'down'} replica set ${rs.metadata.name} from ${size} to ${replicas}`);
    }
    return { scaled: resize, rs: updated };
  }

  private async updateReplicaSet(rs: ReplicaSet): Promise<ReplicaSet> {
    return this.remember(await this.deps.client.update<ReplicaSet>(REPLICASETS, rs));
  }

  /** Applies a scaling event (upstream `scale()`). */
  async scale(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
    for (const step of planScale(this.d, this.latest(newRS), oldRSs.map((rs) => this.latest(rs)))) {
      await this.scaleReplicaSet(step.rs, step.replicas, step.evenIfSameSize);
    }
  }

  /** The `spec.replicas` changed since the active ReplicaSets were last sized (upstream `isScalingEvent`). */
  async isScalingEvent(): Promise<boolean> {
    const { newRS, oldRSs } = await this.replicaSets(false);
    return filterActive([...oldRSs, newRS]).some((rs) => {
      const desired = intAnnotation(rs, DESIRED_REPLICAS);
      return desired !== undefined && desired !== specReplicas(this.d);
    });
  }

  /** Deletes the oldest idle ReplicaSets beyond `revisionHistoryLimit`. */
  async cleanup(oldRSs: ReplicaSet[]): Promise<void> {
    const limit = this.d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === null || limit === MAX_INT32) return;
    const cleanable = oldRSs.map((rs) => this.latest(rs)).filter((rs) => !rs.metadata.deletionTimestamp);
    const excess = cleanable.length - limit;
    if (excess <= 0) return;
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const rs of cleanable.slice(0, excess)) {
      const busy = (rs.status?.replicas ?? 0) !== 0 || (rs.spec?.replicas ?? 0) !== 0
        || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0);
      if (busy) continue;
      this.deps.log('deleting old replica set', { deployment: this.key, replicaSet: rs.metadata.name, revision: revisionOf(rs) });
      try {
        await this.deps.client.delete(REPLICASETS, rs.metadata.namespace, rs.metadata.name!);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }

  /** Scales without rolling (paused or a scaling event), prunes history when paused, writes status. */
  async sync(): Promise<void> {
    const { newRS, oldRSs } = await this.replicaSets(false);
    await this.scale(newRS, oldRSs);
    if (this.d.spec?.paused) await this.cleanup(oldRSs);
    await this.syncStatusOnly();
  }

  /** Writes the counts and the Available condition if they changed. */
  async syncStatusOnly(): Promise<void> {
    const newRS = this.latest(findNewReplicaSet(this.d, this.rsList));
    const status = calculateStatus(this.rsList, newRS, this.d, this.deps.clock.now());
    if (!statusEqual(this.d.status, status)) await this.writeStatus(status);
  }

  /** Writes the status after a rollout step; returns when to look again for a missed deadline. */
  async syncRolloutStatus(newRS: ReplicaSet | undefined): Promise<number | undefined> {
    const r = rolloutStatus(this.rsList, this.latest(newRS), this.d, this.deps.clock.now());
    if (r.changed) await this.writeStatus(r.status);
    return r.requeueAfterMs;
  }

  /** Marks the Progressing condition Unknown with DeploymentPaused / DeploymentResumed on a change. */
  async checkPausedConditions(): Promise<void> {
    if (!hasProgressDeadline(this.d)) return;
    const c = getCondition(this.d.status?.conditions, PROGRESSING);
    if (c?.reason === Reason.ProgressDeadlineExceeded) return;
    const pausedNoted = c?.reason === Reason.DeploymentPaused;
    const paused = !!this.d.spec?.paused;
    if (paused === pausedNoted) return;
    const now = this.deps.clock.now();
    const cond = paused
      ? newCondition(PROGRESSING, 'Unknown', Reason.DeploymentPaused, 'Deployment is paused', now)
      : newCondition(PROGRESSING, 'Unknown', Reason.DeploymentResumed, 'Deployment is resumed', now);
    await this.writeStatus({ ...this.d.status, conditions: setCondition(this.d.status?.conditions, cond) });
  }

  async writeStatus(status: DeploymentStatus): Promise<void> {
    this.d = await this.deps.client.update<Deployment>(DEPLOYMENTS, { ...this.d, status }, 'status');
  }

  /** The Deployment's own revision annotation follows its new ReplicaSet's. */
  private async setRevision(revision: number): Promise<void> {
    if (this.d.metadata.annotations?.[REVISION] === String(revision)) return;
    const patch = { metadata: { annotations: { [REVISION]: String(revision) } } };
    this.d = await this.deps.client.patch<Deployment>(DEPLOYMENTS, this.d.metadata.namespace, this.d.metadata.name!, patch, 'merge');
  }

  event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    void this.deps.events.event({ ...this.d, apiVersion: 'apps/v1', kind: 'Deployment' }, type, reason, message);
  }
}

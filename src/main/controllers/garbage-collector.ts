/**
 * Garbage collector (upstream `pkg/controller/garbagecollector`): deletes objects whose owners
 * are gone and carries out the `Foreground` and `Orphan` propagation policies.
 *
 * - Background: an object all of whose ownerReferences are dangling (no object with that uid
 *   where the reference points) is deleted; references to missing owners are dropped from an
 *   object that still has a live owner.
 * - Foreground: an owner with `deletionTimestamp` and the `foregroundDeletion` finalizer has its
 *   dependents deleted (dependents that have dependents of their own are deleted in the
 *   foreground too); once no dependent with `blockOwnerDeletion: true` is left, the finalizer
 *   is removed and the API server deletes the owner.
 * - Orphan: an owner with `deletionTimestamp` and the `orphan` finalizer has the
 *   ownerReferences to it removed from its dependents, then the finalizer is removed.
 *
 * It watches every served resource that can carry ownerReferences (all but Events, as
 * upstream) and keeps an owner-uid → dependents index (`OwnerGraph`), so an event costs work
 * proportional to the objects it concerns. Queue keys are `delete/<uid>` (look at this object
 * and its owners) and `orphan/<uid>` (release this owner's dependents). Workers start once every
 * informer has listed, so owners are judged against a complete graph.
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client/api-client.js';
import type { ResourceDef } from '../apiserver/registry/resource-def.js';
import { RESOURCES, apiVersionOf } from '../apiserver/registry/resources.js';
import type { ReconcileResult } from './controller.js';
import { silentLog, type ControllerLog } from './controller-log.js';
import { InformerController } from './informer-controller.js';
import { deleteObject, getLatest, removeFinalizer, removeOwnerReferences, type Propagation } from './gc/operations.js';
import {
  FOREGROUND_FINALIZER, ORPHAN_FINALIZER, OwnerGraph, isDeletingDependents, isOrphaning, type GraphNode,
} from './gc/owner-graph.js';
import { OwnerResolver, type OwnerState } from './gc/owner-resolver.js';

export interface GarbageCollectorOptions {
  client: ApiClient;
  /** Resource plurals not watched; default `['events']` (upstream ignores Events too). */
  ignoredResources?: readonly string[];
  /** Parallel workers; default 4. */
  workers?: number;
  /** How many dependents are released at once while orphaning; default 16. */
  orphanConcurrency?: number;
  log?: ControllerLog;
}

const DELETE = 'delete/';
const ORPHAN = 'orphan/';

export class GarbageCollector extends InformerController {
  private readonly client: ApiClient;
  private readonly graph = new OwnerGraph();
  private readonly resolver: OwnerResolver;
  private readonly log: ControllerLog;
  private readonly orphanConcurrency: number;

  constructor(options: GarbageCollectorOptions) {
    super('garbage-collector', options.workers ?? 4);
    this.client = options.client;
    this.log = options.log ?? silentLog;
    this.orphanConcurrency = options.orphanConcurrency ?? 16;
    this.resolver = new OwnerResolver(this.client, this.graph);
    const ignored = new Set(options.ignoredResources ?? ['events']);
    for (const r of RESOURCES) {
      if (ignored.has(r.plural)) continue;
      this.informer(this.client, { apiVersion: apiVersionOf(r), resource: r.plural }).addHandlers({
        onAdd: (obj) => this.observe(r, obj),
        onUpdate: (_old, obj) => this.observe(r, obj),
        onDelete: (obj) => this.forget(obj),
      });
    }
  }

  /** Number of objects in the ownership graph (for diagnostics). */
  get graphSize(): number {
    return this.graph.size;
  }

  private observe(resource: ResourceDef, obj: KubeObject): void {
    if (!obj.metadata.uid || !obj.metadata.name) return;
    const node = toNode(resource, obj);
    const old = this.graph.upsert(node);
    if (!old || !sameOwners(old, node)) {
      // Owners not seen (maybe gone), elsewhere, or waiting for their dependents: look at this object.
      if (node.owners.some((ref) => !this.solidInGraph(node, ref.uid))) this.queue.add(DELETE + node.uid);
      // An owner deleting in the foreground whose set of blocking dependents changed.
      for (const ref of [...(old?.owners ?? []), ...node.owners]) this.wakeDeletingOwner(ref.uid);
    }
    if (isDeletingDependents(node)) {
      this.queue.add(DELETE + node.uid);
      if (!old || !isDeletingDependents(old)) for (const d of this.graph.dependentsOf(node.uid)) this.queue.add(DELETE + d.uid);
    }
    if (isOrphaning(node)) this.queue.add(ORPHAN + node.uid);
  }

  private forget(obj: KubeObject): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    const old = this.graph.remove(uid);
    if (!old) return;
    for (const d of this.graph.dependentsOf(uid)) this.queue.add(DELETE + d.uid);
    for (const ref of old.owners) this.wakeDeletingOwner(ref.uid);
  }

  private wakeDeletingOwner(uid: string): void {
    const owner = this.graph.get(uid);
    if (owner && isDeletingDependents(owner)) this.queue.add(DELETE + uid);
  }

  protected async reconcile(key: string): Promise<ReconcileResult | void> {
    if (key.startsWith(ORPHAN)) return this.orphanDependents(key.slice(ORPHAN.length));
    if (key.startsWith(DELETE)) return this.attemptToDelete(key.slice(DELETE.length));
  }

  /** Upstream `attemptToDeleteItem`. */
  private async attemptToDelete(uid: string): Promise<void> {
    const cached = this.graph.get(uid);
    if (!cached) return;
    if (cached.beingDeleted) {
      if (isDeletingDependents(cached)) await this.processDeletingDependents(cached);
      return;
    }
    if (cached.owners.length === 0) return;
    // Fast path: every owner is in the graph, in the right place and not waiting.
    if (cached.owners.every((ref) => this.solidInGraph(cached, ref.uid))) return;

    const latest = await getLatest(this.client, cached);
    if (!latest || latest.metadata.deletionTimestamp) return; // the watch brings the change
    const node = toNode(cached.resource, latest);
    const states = await Promise.all(node.owners.map(async (ref) => ({ ref, state: await this.resolver.classify(node, ref) })));
    const by = (s: OwnerState) => states.filter((x) => x.state === s).map((x) => x.ref);
    const [solid, waiting, dangling, unresolvable] = [by('solid'), by('waiting'), by('dangling'), by('unresolvable')];
    const fields = { kind: node.resource.kind, namespace: node.namespace, name: node.name, uid: node.uid };

    if (unresolvable.length > 0) {
      this.log('not collecting object: an owner has a kind the API server does not serve', {
        ...fields, owner: unresolvable.map((r) => `${r.apiVersion}/${r.kind}`).join(','),
      });
      return;
    }
    if (solid.length > 0) {
      const stale = new Set([...dangling, ...waiting].map((r) => r.uid));
      if (stale.size === 0) return;
      await removeOwnerReferences(this.client, node, stale);
      this.log('removed references to owners that are gone or being deleted', { ...fields, owners: [...stale].join(',') });
      return;
    }
    const policy: Propagation =
      waiting.length > 0 && this.graph.hasDependents(node.uid) ? 'Foreground' : propagationFor(node);
    if (await deleteObject(this.client, node, policy)) {
      this.log('deleting object whose owners are gone or being deleted', { ...fields, propagation: policy });
    }
  }

  /** Owner in the foreground: remove its finalizer once no blocking dependent is left. */
  private async processDeletingDependents(owner: GraphNode): Promise<void> {
    const blocking = this.graph.blockingDependentsOf(owner.uid);
    if (blocking.length === 0) {
      if (await removeFinalizer(this.client, owner, FOREGROUND_FINALIZER)) {
        this.log('dependents deleted; removed foregroundDeletion finalizer', { kind: owner.resource.kind, namespace: owner.namespace, name: owner.name });
      }
      return;
    }
    for (const d of blocking) if (!d.beingDeleted) this.queue.add(DELETE + d.uid);
  }

  /** Upstream `orphanDependents` + `removeFinalizer(orphan)`. */
  private async orphanDependents(uid: string): Promise<void> {
    const owner = this.graph.get(uid);
    if (!owner || !isOrphaning(owner)) return;
    const dependents = this.graph.dependentsOf(uid);
    const only = new Set([uid]);
    await forEachLimited(dependents, this.orphanConcurrency, (d) => removeOwnerReferences(this.client, d, only));
    await removeFinalizer(this.client, owner, ORPHAN_FINALIZER);
    this.log('orphaned dependents; removed orphan finalizer', {
      kind: owner.resource.kind, namespace: owner.namespace, name: owner.name, dependents: dependents.length,
    });
  }

  private solidInGraph(dependent: GraphNode, ownerUid: string): boolean {
    const owner = this.graph.get(ownerUid);
    if (!owner || isDeletingDependents(owner)) return false;
    return owner.resource.namespaced ? !!dependent.namespace && owner.namespace === dependent.namespace : true;
  }
}

function toNode(resource: ResourceDef, obj: KubeObject): GraphNode {
  const m = obj.metadata;
  return {
    uid: m.uid!,
    resource,
    namespace: m.namespace,
    name: m.name!,
    owners: m.ownerReferences ?? [],
    beingDeleted: !!m.deletionTimestamp,
    finalizers: m.finalizers ?? [],
  };
}

function sameOwners(a: GraphNode, b: GraphNode): boolean {
  if (a.owners.length !== b.owners.length) return false;
  return a.owners.every((r, i) => r.uid === b.owners[i].uid && !!r.blockOwnerDeletion === !!b.owners[i].blockOwnerDeletion);
}

/** The propagation an object asked for through its own finalizers. */
function propagationFor(node: GraphNode): Propagation {
  if (node.finalizers.includes(ORPHAN_FINALIZER)) return 'Orphan';
  if (node.finalizers.includes(FOREGROUND_FINALIZER)) return 'Foreground';
  return 'Background';
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

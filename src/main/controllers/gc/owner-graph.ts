/**
 * The garbage collector's view of ownership (upstream `graph.go` + `uidToNode`): every observed
 * object by uid, and for every owner uid the uids of the objects that name it in their
 * `ownerReferences`. The owner need not be observed (it may be gone, or not listed yet): its
 * dependents are still indexed under its uid, which is how dangling references are found in
 * O(dependents) instead of scanning every object.
 *
 * Invariants: `dependents.get(o)` contains `d` exactly when node `d` is in `nodes` and one of
 * its ownerReferences has uid `o`; empty sets are removed.
 */
import type { OwnerReference } from '../../../shared/api/object.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../../apiserver/registry/deletion.js';
import type { ResourceDef } from '../../apiserver/registry/resource-def.js';

export { FOREGROUND_FINALIZER, ORPHAN_FINALIZER };

/** What the collector keeps of an object: its coordinates, owners and deletion state. */
export interface GraphNode {
  readonly uid: string;
  readonly resource: ResourceDef;
  readonly namespace?: string;
  readonly name: string;
  readonly owners: readonly OwnerReference[];
  /** `metadata.deletionTimestamp` is set. */
  readonly beingDeleted: boolean;
  readonly finalizers: readonly string[];
}

/** Being deleted in the foreground: waits for its blocking dependents to go first. */
export function isDeletingDependents(node: GraphNode): boolean {
  return node.beingDeleted && node.finalizers.includes(FOREGROUND_FINALIZER);
}

/** Being deleted with the `orphan` finalizer: its dependents must be released first. */
export function isOrphaning(node: GraphNode): boolean {
  return node.beingDeleted && node.finalizers.includes(ORPHAN_FINALIZER);
}

export class OwnerGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();

  get size(): number {
    return this.nodes.size;
  }

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** Adds or replaces a node; returns the node it replaced. */
  upsert(node: GraphNode): GraphNode | undefined {
    const old = this.nodes.get(node.uid);
    if (old) this.unindex(old);
    this.nodes.set(node.uid, node);
    for (const ref of node.owners) {
      let set = this.dependents.get(ref.uid);
      if (!set) this.dependents.set(ref.uid, (set = new Set()));
      set.add(node.uid);
    }
    return old;
  }

  /** Removes a node (its own dependents stay indexed under its uid until they change). */
  remove(uid: string): GraphNode | undefined {
    const old = this.nodes.get(uid);
    if (!old) return undefined;
    this.unindex(old);
    this.nodes.delete(uid);
    return old;
  }

  /** Observed objects that name `ownerUid` as an owner. */
  dependentsOf(ownerUid: string): GraphNode[] {
    const out: GraphNode[] = [];
    for (const uid of this.dependents.get(ownerUid) ?? []) {
      const node = this.nodes.get(uid);
      if (node) out.push(node);
    }
    return out;
  }

  /** Dependents whose reference to `ownerUid` has `blockOwnerDeletion: true`. */
  blockingDependentsOf(ownerUid: string): GraphNode[] {
    return this.dependentsOf(ownerUid).filter((d) => d.owners.some((r) => r.uid === ownerUid && r.blockOwnerDeletion === true));
  }

  hasDependents(ownerUid: string): boolean {
    return (this.dependents.get(ownerUid)?.size ?? 0) > 0;
  }

  private unindex(node: GraphNode): void {
    for (const ref of node.owners) {
      const set = this.dependents.get(ref.uid);
      if (!set) continue;
      set.delete(node.uid);
      if (set.size === 0) this.dependents.delete(ref.uid);
    }
  }
}

/**
 * Decides, for one ownerReference of a dependent, whether the owner is there (upstream
 * `classifyReferences` / `isDangling`):
 * - `solid`: an object with that uid exists where the reference points;
 * - `waiting`: it exists and is being deleted in the foreground (it waits for its dependents);
 * - `dangling`: no object with that uid exists there (deleted, or never existed);
 * - `unresolvable`: the reference names a kind the API server does not serve — nothing is
 *   deleted because of it.
 *
 * Where a reference points: a namespaced owner kind is looked up in the dependent's namespace
 * (owners never reach across namespaces); a cluster-scoped owner kind at cluster scope; a
 * cluster-scoped dependent cannot have a namespaced owner (such a reference is dangling).
 * The graph answers first; only owners it has not seen are fetched, and confirmed absences are
 * remembered (a uid never comes back), so a deleted ReplicaSet with 10,000 pods costs one GET.
 */
import type { OwnerReference } from '../../../shared/api/object.js';
import type { ApiClient } from '../../client/api-client.js';
import type { ResourceDef } from '../../apiserver/registry/resource-def.js';
import { RESOURCES, apiVersionOf, findResourceByKind } from '../../apiserver/registry/resources.js';
import { FOREGROUND_FINALIZER, isDeletingDependents, type GraphNode, type OwnerGraph } from './owner-graph.js';

export type OwnerState = 'solid' | 'waiting' | 'dangling' | 'unresolvable';

const ABSENT_CACHE_SIZE = 500;

export class OwnerResolver {
  /** Owner uids confirmed absent, oldest first (a bounded LRU). */
  private readonly absent = new Map<string, true>();

  constructor(
    private readonly client: ApiClient,
    private readonly graph: OwnerGraph,
  ) {}

  async classify(dependent: Pick<GraphNode, 'namespace'>, ref: OwnerReference): Promise<OwnerState> {
    if (this.absent.has(ref.uid)) return 'dangling';
    const resource = resourceForOwner(ref);
    if (!resource) return 'unresolvable';
    if (resource.namespaced && !dependent.namespace) return 'dangling';
    const namespace = resource.namespaced ? dependent.namespace : undefined;
    const known = this.graph.get(ref.uid);
    if (known && known.resource.kind === resource.kind && known.namespace === namespace) {
      return isDeletingDependents(known) ? 'waiting' : 'solid';
    }
    const live = await this.client.tryGet({ apiVersion: apiVersionOf(resource), resource: resource.plural }, namespace, ref.name);
    if (!live || live.metadata.uid !== ref.uid) {
      this.markAbsent(ref.uid);
      return 'dangling';
    }
    const deletingDependents = !!live.metadata.deletionTimestamp && (live.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER);
    return deletingDependents ? 'waiting' : 'solid';
  }

  private markAbsent(uid: string): void {
    this.absent.set(uid, true);
    if (this.absent.size > ABSENT_CACHE_SIZE) this.absent.delete(this.absent.keys().next().value as string);
  }
}

/** The served resource an ownerReference names: exact group/version first, then any version of the group. */
export function resourceForOwner(ref: Pick<OwnerReference, 'apiVersion' | 'kind'>): ResourceDef | undefined {
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  const version = slash < 0 ? ref.apiVersion : ref.apiVersion.slice(slash + 1);
  return findResourceByKind(group, version, ref.kind) ?? RESOURCES.find((r) => r.group === group && r.kind === ref.kind);
}

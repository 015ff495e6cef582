/**
 * The writes the garbage collector makes (upstream `operations.go`), all through the API and
 * all guarded by the object's uid so that a newer object with the same name is never touched:
 * delete a dependent, drop ownerReferences from a dependent, drop a finalizer from an owner.
 * A 404 or a uid precondition conflict means the work is already done and is not an error.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { ApiClient, ResourceRef } from '../../client/api-client.js';
import { apiVersionOf } from '../../apiserver/registry/resources.js';
import { isConflict, isNotFound, updateWithRetry } from '../conflict-retry.js';
import type { GraphNode } from './owner-graph.js';

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

export function refOf(node: Pick<GraphNode, 'resource'>): ResourceRef {
  return { apiVersion: apiVersionOf(node.resource), resource: node.resource.plural };
}

/** Deletes the object with the given propagation; true when the request was accepted. */
export async function deleteObject(client: ApiClient, node: GraphNode, propagationPolicy: Propagation): Promise<boolean> {
  try {
    await client.delete(refOf(node), node.namespace, node.name, { propagationPolicy, preconditions: { uid: node.uid } });
    return true;
  } catch (e) {
    if (isNotFound(e) || isConflict(e)) return false;
    throw e;
  }
}

/** Removes the ownerReferences whose uid is in `ownerUids`; true when something was removed. */
export async function removeOwnerReferences(client: ApiClient, node: GraphNode, ownerUids: ReadonlySet<string>): Promise<boolean> {
  const written = await updateWithRetry(client, { ref: refOf(node), namespace: node.namespace, name: node.name, uid: node.uid }, (obj: KubeObject) => {
    const refs = obj.metadata.ownerReferences ?? [];
    const kept = refs.filter((r) => !ownerUids.has(r.uid));
    if (kept.length === refs.length) return false;
    if (kept.length) obj.metadata.ownerReferences = kept;
    else delete obj.metadata.ownerReferences;
    return true;
  });
  return written !== undefined;
}

/** Removes one finalizer; when it was the last one, the API server completes the deletion. */
export async function removeFinalizer(client: ApiClient, node: GraphNode, finalizer: string): Promise<boolean> {
  const written = await updateWithRetry(client, { ref: refOf(node), namespace: node.namespace, name: node.name, uid: node.uid }, (obj: KubeObject) => {
    const finalizers = obj.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return false;
    obj.metadata.finalizers = finalizers.filter((f) => f !== finalizer);
    return true;
  });
  return written !== undefined;
}

/** The latest copy of the object, or undefined when it is gone or was replaced (other uid). */
export async function getLatest(client: ApiClient, node: GraphNode): Promise<KubeObject | undefined> {
  const obj = await client.tryGet(refOf(node), node.namespace, node.name);
  return obj && obj.metadata.uid === node.uid ? obj : undefined;
}

/**
 * Controller references and the adopt / release protocol (upstream `ControllerRefManager`).
 * A controller claims the objects its selector matches: it keeps those it already controls,
 * adopts matching orphans by adding itself as controller owner, and releases the ones it
 * controls that no longer match. Adoption and release are strategic-merge patches of
 * `metadata.ownerReferences` (merged by uid) guarded by the child's uid, as upstream sends them.
 */
import type { KubeObject, OwnerReference } from '../../../shared/api/object.js';
import { ApiClientError, type ApiClient, type ResourceRef } from '../../client/api-client.js';
import { isNotFound } from '../conflict-retry.js';

/** The owner reference with `controller: true`, if any. */
export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** The reference a controller puts on what it creates or adopts. */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export interface ClaimOptions<T extends KubeObject> {
  client: ApiClient;
  /** Where the children live (`pods`, `replicasets`). */
  childResource: ResourceRef;
  owner: KubeObject;
  ownerApiVersion: string;
  ownerKind: string;
  /** True when the owner's selector selects the child. */
  matches(child: T): boolean;
  /**
   * Checked once before the first adoption: throws when the owner, read fresh from the API,
   * is gone (another uid) or being deleted (upstream `RecheckDeletionTimestamp`).
   */
  canAdopt(): Promise<void>;
}

/**
 * Returns the children the owner controls after adopting and releasing. Errors on single
 * children are collected; the first is thrown after all children were looked at, so the
 * caller retries, as upstream `ClaimPods` does.
 */
export async function claimChildren<T extends KubeObject>(children: T[], o: ClaimOptions<T>): Promise<T[]> {
  const claimed: T[] = [];
  const errors: unknown[] = [];
  let adoptable: Promise<void> | undefined;
  const ownerUid = o.owner.metadata.uid;
  const ownerDeleting = !!o.owner.metadata.deletionTimestamp;
  for (const child of children) {
    try {
      const ref = controllerRefOf(child);
      if (ref) {
        if (ref.uid !== ownerUid) continue;
        if (o.matches(child)) {
          claimed.push(child);
        } else if (!ownerDeleting) {
          await release(child, o);
        }
        continue;
      }
      if (ownerDeleting || !o.matches(child) || child.metadata.deletionTimestamp) continue;
      if (child.metadata.namespace !== o.owner.metadata.namespace) continue;
      adoptable ??= o.canAdopt();
      await adoptable;
      const adopted = await adopt(child, o);
      if (adopted) claimed.push(adopted);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length > 0) throw errors[0];
  return claimed;
}

async function adopt<T extends KubeObject>(child: T, o: ClaimOptions<T>): Promise<T | undefined> {
  const patch = {
    metadata: { ownerReferences: [newControllerRef(o.owner, o.ownerApiVersion, o.ownerKind)], uid: child.metadata.uid },
  };
  try {
    return await o.client.patch<T>(o.childResource, child.metadata.namespace, child.metadata.name!, patch, 'strategic');
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

async function release<T extends KubeObject>(child: T, o: ClaimOptions<T>): Promise<void> {
  const patch = { metadata: { ownerReferences: [{ $patch: 'delete', uid: o.owner.metadata.uid }], uid: child.metadata.uid } };
  try {
    await o.client.patch(o.childResource, child.metadata.namespace, child.metadata.name!, patch, 'strategic');
  } catch (e) {
    // Gone, or no longer ours (another uid, the reference already removed): nothing to release.
    if (e instanceof ApiClientError && (e.code === 404 || e.code === 422 || e.code === 409)) return;
    throw e;
  }
}

/**
 * The `canAdopt` check for an owner: reads it fresh and throws when it was replaced or is being
 * deleted, so a stale cache never adopts children for a dead owner.
 */
export function freshOwnerCheck(client: ApiClient, ref: ResourceRef, owner: KubeObject): () => Promise<void> {
  return async () => {
    const fresh = await client.tryGet(ref, owner.metadata.namespace, owner.metadata.name!);
    const id = `${ref.resource} ${owner.metadata.namespace}/${owner.metadata.name}`;
    if (!fresh || fresh.metadata.uid !== owner.metadata.uid) {
      throw new Error(`original ${id} is gone: got uid ${fresh?.metadata.uid ?? 'none'}, wanted ${owner.metadata.uid}`);
    }
    if (fresh.metadata.deletionTimestamp) throw new Error(`${id} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  };
}

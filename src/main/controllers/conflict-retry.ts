/**
 * Read-modify-write through the API with optimistic concurrency (client-go `RetryOnConflict`):
 * read the latest object, let `mutate` change it, write it back with its resourceVersion; on a
 * 409 Conflict read again and repeat. Controllers use this for the small edits they make to
 * objects other components also write (finalizers, ownerReferences, taints, conditions).
 */
import type { KubeObject } from '../../shared/api/object.js';
import { ApiClientError, type ApiClient, type ResourceRef } from '../client/api-client.js';

export interface UpdateTarget {
  ref: ResourceRef;
  namespace?: string;
  name: string;
  /** Only touch the object with this uid (a same-named successor is left alone). */
  uid?: string;
  /** `status` writes through the status subresource. */
  subresource?: string;
}

const MAX_ATTEMPTS = 5;

/**
 * `mutate` edits the object in place and returns false when nothing needs writing. Resolves to
 * the written object, or undefined when nothing was written (no change, object gone, uid
 * differs). Other errors, and a conflict on every attempt, reject.
 */
export async function updateWithRetry<T extends KubeObject = KubeObject>(
  client: ApiClient,
  target: UpdateTarget,
  mutate: (obj: T) => boolean,
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    const current = await client.tryGet<T>(target.ref, target.namespace, target.name);
    if (!current || (target.uid && current.metadata.uid !== target.uid)) return undefined;
    if (!mutate(current)) return undefined;
    try {
      return await client.update<T>(target.ref, current, target.subresource);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      if (!isConflict(e) || attempt >= MAX_ATTEMPTS) throw e;
    }
  }
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiClientError && e.code === 404;
}

export function isConflict(e: unknown): boolean {
  return e instanceof ApiClientError && e.code === 409 && e.reason === 'Conflict';
}

export function isAlreadyExists(e: unknown): boolean {
  return e instanceof ApiClientError && e.reason === 'AlreadyExists';
}

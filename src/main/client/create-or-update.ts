/**
 * Makes an object exist as given: created when missing, replaced (at the live resourceVersion)
 * when `outdated(live)` says so — every time by default. For objects Pilothouse owns and writes
 * whole (add-on manifests, the `kubernetes` Service's endpoints).
 */
import type { KubeObject } from '../../shared/api/object.js';
import { ApiClientError, type ApiClient, type ResourceRef } from './api-client.js';

export async function createOrUpdate(
  client: ApiClient,
  ref: ResourceRef,
  obj: KubeObject,
  outdated: (live: KubeObject) => boolean = () => true,
): Promise<void> {
  const { name, namespace } = obj.metadata;
  let live = await client.tryGet(ref, namespace, name!);
  if (!live) {
    try {
      await client.create(ref, namespace, obj);
      return;
    } catch (e) {
      if (!(e instanceof ApiClientError && e.reason === 'AlreadyExists')) throw e;
      live = await client.tryGet(ref, namespace, name!);
      if (!live) throw e;
    }
  }
  if (!outdated(live)) return;
  await client.update(ref, { ...obj, metadata: { ...obj.metadata, resourceVersion: live.metadata.resourceVersion } });
}

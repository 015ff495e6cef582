/**
 * NamespaceLifecycle admission (upstream plugin of the same name): objects can only be created in
 * a namespace that exists and is not terminating, and the system namespaces cannot be deleted.
 */
import { errors } from '../errors.js';
import { findResource } from '../registry/resources.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { AdmissionAttributes, AdmissionPlugin } from './types.js';

export const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export class NamespaceLifecycle implements AdmissionPlugin {
  readonly name = 'NamespaceLifecycle';
  private readonly namespaces = findResource('', 'v1', 'namespaces')!;

  constructor(private readonly objects: ObjectStore) {}

  async admit({ operation, ctx, object }: AdmissionAttributes): Promise<void> {
    const r = ctx.resource;
    if (operation === 'DELETE' && r.kind === 'Namespace' && IMMORTAL_NAMESPACES.includes(object.metadata.name ?? '')) {
      throw errors.forbidden({ group: '', resource: 'namespaces', name: object.metadata.name }, 'this namespace may not be deleted');
    }
    if (operation !== 'CREATE' || !r.namespaced) return;
    const nsName = object.metadata.namespace!;
    const ns = await this.objects.get(this.namespaces, undefined, nsName);
    if (!ns) throw errors.notFound({ group: '', resource: 'namespaces', name: nsName });
    if (ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      // Events about the namespace's own teardown are still allowed, as upstream does.
      if (r.kind === 'Event') return;
      throw errors.forbidden(
        { group: r.group, resource: r.plural, name: object.metadata.name },
        `unable to create new content in namespace ${nsName} because it is being terminated`,
      );
    }
  }
}

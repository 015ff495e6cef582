/**
 * Namespace controller: when a namespace is being deleted (phase Terminating), deletes
 * everything in it, waits until it is empty, then removes the `kubernetes` finalizer through
 * `namespaces/{name}/finalize` so the API server deletes the namespace itself.
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client/api-client.js';
import { Informer } from '../client/informer.js';
import { RESOURCES, apiVersionOf } from '../apiserver/registry/resources.js';
import { Controller, type ReconcileResult } from './controller.js';

const NAMESPACES = { apiVersion: 'v1', resource: 'namespaces' };

export class NamespaceController extends Controller {
  private readonly namespaces: Informer;

  constructor(private readonly client: ApiClient) {
    super('namespace-controller');
    this.namespaces = new Informer(client, NAMESPACES);
    this.namespaces.addHandlers({
      onAdd: (ns) => this.enqueue(ns),
      onUpdate: (_old, ns) => this.enqueue(ns),
    });
  }

  override start(): void {
    this.namespaces.start();
    super.start();
  }

  override async stop(): Promise<void> {
    this.namespaces.stop();
    await super.stop();
  }

  private enqueue(ns: KubeObject): void {
    if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name!);
  }

  protected async reconcile(name: string): Promise<ReconcileResult | void> {
    const ns = this.namespaces.get(name);
    if (!ns?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const r of RESOURCES.filter((x) => x.namespaced)) {
      const ref = { apiVersion: apiVersionOf(r), resource: r.plural };
      const list = await this.client.list(ref, name, { limit: 1 });
      if (list.items.length === 0) continue;
      await this.client.deleteCollection(ref, name);
      const after = await this.client.list(ref, name, { limit: 1 });
      remaining += after.items.length;
    }
    if (remaining > 0) return { requeueAfterMs: 1000 };
    const finalizers = ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).filter((f) => f !== 'kubernetes');
    const latest = await this.client.get(NAMESPACES, undefined, name);
    await this.client.update({ ...NAMESPACES }, { ...latest, spec: { ...(latest.spec as object), finalizers } }, 'finalize');
  }
}

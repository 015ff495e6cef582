/**
 * A `Controller` that owns its informers: `start()` starts them and runs the workers only once
 * every informer has listed, so `reconcile` never mistakes a cache that is still filling for
 * the cluster's state (upstream `WaitForCacheSync` before `Run`). `stop()` stops them.
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient, ListOptions, ResourceRef } from '../client/api-client.js';
import { Informer } from '../client/informer.js';
import { Controller } from './controller.js';

export abstract class InformerController extends Controller {
  private readonly informers: Informer<KubeObject>[] = [];
  private synced?: Promise<void>;

  /** Creates an informer this controller starts and stops. */
  protected informer<T extends KubeObject = KubeObject>(
    client: ApiClient,
    ref: ResourceRef,
    options: { namespace?: string; selectors?: Pick<ListOptions, 'labelSelector' | 'fieldSelector'> } = {},
  ): Informer<T> {
    const informer = new Informer<T>(client, ref, options);
    this.informers.push(informer as unknown as Informer<KubeObject>);
    return informer;
  }

  override start(): void {
    for (const informer of this.informers) informer.start();
    this.synced = Promise.all(this.informers.map((i) => i.waitForSync())).then(() => super.start());
  }

  override async stop(): Promise<void> {
    for (const informer of this.informers) informer.stop();
    await super.stop();
  }

  /** Resolves once every informer has listed and the workers run. */
  waitForSync(): Promise<void> {
    return this.synced ?? Promise.reject(new Error(`${this.name}: start() was not called`));
  }
}

/**
 * ServiceAccount controller (upstream `pkg/controller/serviceaccount/serviceaccounts_controller.go`):
 * every active namespace has the ServiceAccounts named in `serviceAccounts` (`default`), and
 * one deleted is created again. Namespaces being deleted are left alone. Keys are namespace names.
 */
import type { KubeObject } from '../../shared/api/object.js';
import { ApiClientError, type ApiClient } from '../client/api-client.js';
import type { Informer } from '../client/informer.js';
import { isAlreadyExists, isNotFound } from './conflict-retry.js';
import { silentLog, type ControllerLog } from './controller-log.js';
import { InformerController } from './informer-controller.js';

const NAMESPACES = { apiVersion: 'v1', resource: 'namespaces' };
const SERVICEACCOUNTS = { apiVersion: 'v1', resource: 'serviceaccounts' };

export interface ServiceAccountControllerOptions {
  client: ApiClient;
  /** The ServiceAccounts every namespace gets; default `['default']`. */
  serviceAccounts?: readonly string[];
  log?: ControllerLog;
}

export class ServiceAccountController extends InformerController {
  private readonly client: ApiClient;
  private readonly names: readonly string[];
  private readonly log: ControllerLog;
  private readonly namespaces: Informer;
  private readonly accounts: Informer;

  constructor(options: ServiceAccountControllerOptions) {
    super('serviceaccount-controller');
    this.client = options.client;
    this.names = options.serviceAccounts ?? ['default'];
    this.log = options.log ?? silentLog;
    this.namespaces = this.informer(this.client, NAMESPACES);
    this.accounts = this.informer(this.client, SERVICEACCOUNTS);
    this.namespaces.addHandlers({
      onAdd: (ns) => this.queue.add(ns.metadata.name!),
      onUpdate: (_old, ns) => this.queue.add(ns.metadata.name!),
    });
    this.accounts.addHandlers({
      onDelete: (sa) => {
        if (this.names.includes(sa.metadata.name!)) this.queue.add(sa.metadata.namespace!);
      },
    });
  }

  protected async reconcile(namespace: string): Promise<void> {
    const ns = this.namespaces.get(namespace);
    if (!ns || !isActive(ns)) return;
    for (const name of this.names) {
      if (this.accounts.get(`${namespace}/${name}`)) continue;
      try {
        await this.client.create(SERVICEACCOUNTS, namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
        this.log('created service account', { namespace, name });
      } catch (e) {
        if (isAlreadyExists(e) || isNotFound(e) || isForbiddenTerminating(e)) continue;
        throw e;
      }
    }
  }
}

/** Not being deleted (phase Active and no deletionTimestamp). */
export function isActive(ns: KubeObject): boolean {
  return !ns.metadata.deletionTimestamp && (ns.status as { phase?: string } | undefined)?.phase !== 'Terminating';
}

/** The namespace began terminating after our cache saw it: nothing to do there any more. */
export function isForbiddenTerminating(e: unknown): boolean {
  return e instanceof ApiClientError && e.code === 403 && /terminat/i.test(e.message);
}

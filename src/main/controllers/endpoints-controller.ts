/**
 * Endpoints controller (upstream `pkg/controller/endpoint`): keeps the core/v1 Endpoints object
 * named after each Service with a pod selector equal to `desiredSubsets` of the pods it
 * selects, and deletes it with the Service. Services without a selector are left to whoever
 * manages their Endpoints. Keys are `<ns>/<service>`.
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client/api-client.js';
import type { Informer } from '../client/informer.js';
import type { Pod } from '../apiserver/kinds/pod-types.js';
import type { Service } from '../apiserver/kinds/service-types.js';
import { deepEqual } from '../util/json.js';
import { isAlreadyExists, isConflict, isNotFound } from './conflict-retry.js';
import { silentLog, type ControllerLog } from './controller-log.js';
import { hasPodSelector, isHeadlessService } from './endpoints/pod-endpoints.js';
import { ServicePodTracker } from './endpoints/service-pod-tracker.js';
import { desiredSubsets, type EndpointSubset } from './endpoints/subsets.js';
import { InformerController } from './informer-controller.js';

const SERVICES = { apiVersion: 'v1', resource: 'services' };
const PODS = { apiVersion: 'v1', resource: 'pods' };
const ENDPOINTS = { apiVersion: 'v1', resource: 'endpoints' };

export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

export interface EndpointsControllerOptions {
  client: ApiClient;
  /** Parallel workers; default 2. */
  workers?: number;
  log?: ControllerLog;
}

export class EndpointsController extends InformerController {
  private readonly client: ApiClient;
  private readonly log: ControllerLog;
  private readonly tracker: ServicePodTracker;
  private readonly endpoints: Informer<Endpoints>;

  constructor(options: EndpointsControllerOptions) {
    super('endpoints-controller', options.workers ?? 2);
    this.client = options.client;
    this.log = options.log ?? silentLog;
    const services = this.informer<Service>(this.client, SERVICES);
    const pods = this.informer<Pod>(this.client, PODS);
    this.endpoints = this.informer<Endpoints>(this.client, ENDPOINTS);
    this.tracker = new ServicePodTracker(services, pods, (key) => this.queue.add(key));
    // Someone else changed or deleted the Endpoints of a Service we manage: put them back.
    const mine = (ep: Endpoints) => {
      const key = `${ep.metadata.namespace}/${ep.metadata.name}`;
      const svc = this.tracker.services.get(key);
      if (svc && hasPodSelector(svc)) this.queue.add(key);
    };
    this.endpoints.addHandlers({ onAdd: mine, onUpdate: (_old, ep) => mine(ep), onDelete: mine });
  }

  protected async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/');
    const svc = this.tracker.services.get(key);
    if (!svc) {
      if (this.endpoints.get(key)) await this.deleteEndpoints(namespace, name);
      return;
    }
    if (!hasPodSelector(svc)) return;
    const { subsets, truncated } = desiredSubsets(svc, this.tracker.podsFor(svc));
    const labels: Record<string, string> = { ...svc.metadata.labels };
    if (isHeadlessService(svc)) labels[HEADLESS_LABEL] = '';
    else delete labels[HEADLESS_LABEL];
    const current = this.endpoints.get(key);
    const annotations: Record<string, string> = { ...current?.metadata.annotations };
    if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];

    if (current && deepEqual(current.subsets ?? [], subsets) && deepEqual(current.metadata.labels ?? {}, labels) &&
      deepEqual(current.metadata.annotations ?? {}, annotations)) return;
    const desired: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...current?.metadata, name, namespace, labels, annotations },
      subsets,
    };
    try {
      if (current) await this.client.update(ENDPOINTS, desired);
      else await this.client.create(ENDPOINTS, namespace, desired);
      this.log('synced endpoints', { namespace, name, subsets: subsets.length, truncated });
    } catch (e) {
      // A stale cache: the informer brings the newer object and the key comes back.
      if (isConflict(e) || isAlreadyExists(e)) return;
      throw e;
    }
  }

  private async deleteEndpoints(namespace: string, name: string): Promise<void> {
    try {
      await this.client.delete(ENDPOINTS, namespace, name);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/**
 * EndpointSlice controller (upstream `pkg/controller/endpointslice` + `staging/.../endpointslice`):
 * for each Service with a pod selector, keeps discovery.k8s.io/v1 EndpointSlices labelled
 * `kubernetes.io/service-name=<svc>` and `endpointslice.kubernetes.io/managed-by=
 * endpointslice-controller.k8s.io`, owned by the Service (the garbage collector removes them with
 * it), of the Service's address type, with at most `maxEndpointsPerSlice` endpoints each
 * (`endpointGroups` + `planSlices`). This is what `kubectl describe svc` shows as `Endpoints:`.
 *
 * Our own writes reach the cache later than we make them; until the cache shows them, a
 * Service is not reconciled again (upstream `endpointSliceTracker.StaleSlices`), so slices are
 * never created twice. Keys are `<ns>/<service>`.
 */
import type { OwnerReference } from '../../shared/api/object.js';
import type { ApiClient } from '../client/api-client.js';
import type { Informer } from '../client/informer.js';
import type { EndpointSlice } from '../apiserver/kinds/endpointslice.js';
import type { Pod } from '../apiserver/kinds/pod-types.js';
import type { Service } from '../apiserver/kinds/service-types.js';
import { deepEqual } from '../util/json.js';
import { isConflict, isNotFound } from './conflict-retry.js';
import type { ReconcileResult } from './controller.js';
import { silentLog, type ControllerLog } from './controller-log.js';
import { hasPodSelector, isHeadlessService, serviceAddressFamily } from './endpoints/pod-endpoints.js';
import { ServicePodTracker } from './endpoints/service-pod-tracker.js';
import { endpointGroups } from './endpoints/slice-endpoints.js';
import { planSlices, type SliceContent } from './endpoints/slice-planner.js';
import { SliceWriteTracker } from './endpoints/slice-write-tracker.js';
import { InformerController } from './informer-controller.js';
import { EndpointSliceIndex, SERVICE_NAME_LABEL } from '../network/endpoint-slices.js';

export { SERVICE_NAME_LABEL };
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
const HEADLESS_LABEL = 'service.kubernetes.io/headless';

const SERVICES = { apiVersion: 'v1', resource: 'services' };
const PODS = { apiVersion: 'v1', resource: 'pods' };
const SLICES = { apiVersion: 'discovery.k8s.io/v1', resource: 'endpointslices' };

export interface EndpointSliceControllerOptions {
  client: ApiClient;
  /** Upstream `--max-endpoints-per-slice`; default 100. */
  maxEndpointsPerSlice?: number;
  /** Parallel workers; default 2. */
  workers?: number;
  log?: ControllerLog;
}

export class EndpointSliceController extends InformerController {
  private readonly client: ApiClient;
  private readonly maxPerSlice: number;
  private readonly log: ControllerLog;
  private readonly tracker: ServicePodTracker;
  private readonly slices: Informer<EndpointSlice>;
  /** The managed slices by Service, as the cache has them. */
  private readonly index = new EndpointSliceIndex();
  private readonly writes = new SliceWriteTracker();

  constructor(options: EndpointSliceControllerOptions) {
    super('endpointslice-controller', options.workers ?? 2);
    this.client = options.client;
    this.maxPerSlice = options.maxEndpointsPerSlice ?? 100;
    if (!(this.maxPerSlice >= 1 && this.maxPerSlice <= 1000)) throw new Error('endpointslice-controller: maxEndpointsPerSlice must be between 1 and 1000');
    this.log = options.log ?? silentLog;
    const services = this.informer<Service>(this.client, SERVICES);
    const pods = this.informer<Pod>(this.client, PODS);
    this.slices = this.informer<EndpointSlice>(this.client, SLICES, { selectors: { labelSelector: `${MANAGED_BY_LABEL}=${CONTROLLER_NAME}` } });
    this.tracker = new ServicePodTracker(services, pods, (key) => this.queue.add(key));
    this.slices.addHandlers(this.index.handlers);
    this.slices.addHandlers({
      onAdd: (s) => this.enqueueFor(s),
      onUpdate: (old, s) => {
        if (serviceKeyOf(old) !== serviceKeyOf(s)) this.enqueueFor(old);
        this.enqueueFor(s);
      },
      onDelete: (s) => this.enqueueFor(s),
    });
  }

  protected async reconcile(key: string): Promise<ReconcileResult | void> {
    const [namespace, name] = key.split('/');
    const svc = this.tracker.services.get(key);
    const existing = this.index.slicesOf(namespace, name);
    if (!this.writes.observed(key, existing)) return { requeueAfterMs: 50 };
    if (!svc || !hasPodSelector(svc) || svc.metadata.deletionTimestamp) {
      // Slices of a deleted Service go with it (ownerReferences); a selector that was removed: delete them now.
      if (svc) for (const slice of existing) await this.deleteSlice(key, slice);
      return;
    }
    const addressType = serviceAddressFamily(svc);
    const ofType = existing.filter((s) => s.addressType === addressType);
    for (const other of existing.filter((s) => s.addressType !== addressType)) await this.deleteSlice(key, other);

    const plan = planSlices(endpointGroups(svc, this.tracker.podsFor(svc)), ofType, this.maxPerSlice);
    const labels = sliceLabels(svc);
    const owner = ownerReference(svc);
    for (const slice of plan.delete) await this.deleteSlice(key, slice);
    for (const u of plan.update) await this.write(key, { ...u.slice, metadata: { ...u.slice.metadata, labels, ownerReferences: [owner] }, ...content(u) });
    for (const slice of plan.unchanged) {
      if (deepEqual(slice.metadata.labels ?? {}, labels) && deepEqual(slice.metadata.ownerReferences ?? [], [owner])) continue;
      await this.write(key, { ...slice, metadata: { ...slice.metadata, labels, ownerReferences: [owner] } });
    }
    for (const c of plan.create) {
      const created = await this.client.create<EndpointSlice>(SLICES, namespace, {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { generateName: `${name}-`, namespace, labels, ownerReferences: [owner] },
        addressType,
        ...content(c),
      });
      this.writes.wrote(key, created);
    }
    if (plan.create.length || plan.update.length || plan.delete.length) {
      this.log('synced endpoint slices', {
        namespace, service: name, created: plan.create.length, updated: plan.update.length, deleted: plan.delete.length,
      });
    }
  }

  private async write(key: string, slice: EndpointSlice): Promise<void> {
    try {
      this.writes.wrote(key, await this.client.update<EndpointSlice>(SLICES, slice));
    } catch (e) {
      if (isNotFound(e)) return this.writes.deleted(key, slice);
      if (!isConflict(e)) throw e;
      this.queue.addAfter(key, 50); // the cache is behind: look again once it caught up
    }
  }

  private async deleteSlice(key: string, slice: EndpointSlice): Promise<void> {
    try {
      await this.client.delete(SLICES, slice.metadata.namespace, slice.metadata.name!, { preconditions: { uid: slice.metadata.uid } });
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
    this.writes.deleted(key, slice);
  }

  private enqueueFor(slice: EndpointSlice): void {
    const key = serviceKeyOf(slice);
    if (key) this.queue.add(key);
  }
}

function serviceKeyOf(slice: EndpointSlice): string | undefined {
  const name = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  return name ? `${slice.metadata.namespace}/${name}` : undefined;
}

/** The Service's labels (minus reserved ones) plus the slice labels upstream sets. */
function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...svc.metadata.labels };
  delete labels[HEADLESS_LABEL];
  labels[SERVICE_NAME_LABEL] = svc.metadata.name!;
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  if (isHeadlessService(svc)) labels[HEADLESS_LABEL] = '';
  return labels;
}

function ownerReference(svc: Service): OwnerReference {
  return { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

function content(c: SliceContent): Pick<EndpointSlice, 'endpoints' | 'ports'> {
  return { endpoints: c.endpoints as unknown as EndpointSlice['endpoints'], ports: c.ports };
}

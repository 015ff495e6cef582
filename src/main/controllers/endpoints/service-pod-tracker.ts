/**
 * Keeps a controller's Services and pods in view and turns their changes into the keys
 * (`<ns>/<service>`) of the Services to reconcile (upstream `getPodServiceMemberships` +
 * `podEndpointsChanged`). Both are indexed by namespace, so a pod event costs the Services of
 * its namespace and a Service's pods are found without scanning the cluster. Pod updates that
 * cannot change an endpoint (most status churn) enqueue nothing.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { Informer } from '../../client/informer.js';
import type { Pod } from '../../apiserver/kinds/pod-types.js';
import type { Service } from '../../apiserver/kinds/service-types.js';
import { isPodReady, selectsPod } from './pod-endpoints.js';

class NamespaceIndex<T extends KubeObject> {
  private readonly byNamespace = new Map<string, Map<string, T>>();

  set(obj: T): void {
    const ns = obj.metadata.namespace ?? '';
    let map = this.byNamespace.get(ns);
    if (!map) this.byNamespace.set(ns, (map = new Map()));
    map.set(obj.metadata.name!, obj);
  }

  delete(obj: T): void {
    const ns = obj.metadata.namespace ?? '';
    const map = this.byNamespace.get(ns);
    map?.delete(obj.metadata.name!);
    if (map?.size === 0) this.byNamespace.delete(ns);
  }

  in(namespace: string): Iterable<T> {
    return this.byNamespace.get(namespace)?.values() ?? [];
  }
}

export class ServicePodTracker {
  private readonly serviceIndex = new NamespaceIndex<Service>();
  private readonly podIndex = new NamespaceIndex<Pod>();

  constructor(
    readonly services: Informer<Service>,
    readonly pods: Informer<Pod>,
    private readonly enqueue: (serviceKey: string) => void,
  ) {
    services.addHandlers({
      onAdd: (svc) => {
        this.serviceIndex.set(svc);
        this.enqueue(keyOf(svc));
      },
      onUpdate: (_old, svc) => {
        this.serviceIndex.set(svc);
        this.enqueue(keyOf(svc));
      },
      onDelete: (svc) => {
        this.serviceIndex.delete(svc);
        this.enqueue(keyOf(svc));
      },
    });
    pods.addHandlers({
      onAdd: (pod) => {
        this.podIndex.set(pod);
        this.enqueueServicesOf(pod);
      },
      onUpdate: (old, pod) => {
        this.podIndex.set(pod);
        if (endpointSignature(old) === endpointSignature(pod)) return;
        this.enqueueServicesOf(pod, old);
      },
      onDelete: (pod) => {
        this.podIndex.delete(pod);
        this.enqueueServicesOf(pod);
      },
    });
  }

  /** The pods the Service selects, by name. */
  podsFor(svc: Service): Pod[] {
    const out: Pod[] = [];
    for (const pod of this.podIndex.in(svc.metadata.namespace!)) if (selectsPod(svc, pod)) out.push(pod);
    return out.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  }

  private enqueueServicesOf(pod: Pod, old?: Pod): void {
    for (const svc of this.serviceIndex.in(pod.metadata.namespace!)) {
      if (selectsPod(svc, pod) || (old && selectsPod(svc, old))) this.enqueue(keyOf(svc));
    }
  }
}

function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

/** Everything about a pod an endpoint is made from; equal signatures give equal endpoints. */
function endpointSignature(pod: Pod): string {
  const ports = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c) => c.ports ?? []);
  return JSON.stringify([
    pod.metadata.labels ?? {}, pod.metadata.deletionTimestamp ?? '', pod.status?.podIP ?? '', pod.status?.podIPs ?? [],
    pod.status?.phase ?? '', isPodReady(pod), pod.spec?.nodeName ?? '', pod.spec?.hostname ?? '', pod.spec?.subdomain ?? '', ports,
  ]);
}

/**
 * Ingress status, the way ingress-nginx keeps it: every Ingress this controller serves carries
 * `status.loadBalancer.ingress = [{ ip, ports: [{ port, protocol: TCP }] }]` (the address
 * `kubectl get ingress` shows under ADDRESS), written through the `status` subresource only when
 * it differs; an Ingress that stops being ours has that address removed again (left alone when
 * another controller's address is there). When it starts serving an Ingress, or serves a new
 * generation of it, it records `Normal Sync "Scheduled for sync"`. `release()` takes the address
 * away from all of them when the controller is switched off. Keys are `<ns>/<name>`.
 */
import type { ApiClient } from '../../client/api-client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { Ingress } from '../../apiserver/kinds/ingress.js';
import { isNotFound } from '../../controllers/conflict-retry.js';
import { Controller } from '../../controllers/controller.js';
import type { ControllerLog } from '../../controllers/controller-log.js';
import { deepEqual } from '../../util/json.js';

export const INGRESSES = { apiVersion: 'networking.k8s.io/v1', resource: 'ingresses' };

export interface LoadBalancerIngress {
  ip: string;
  ports: { port: number; protocol: 'TCP' }[];
}

export interface IngressStatusOptions {
  client: ApiClient;
  ingresses: { get(key: string): Ingress | undefined };
  serves: (ing: Ingress) => boolean;
  /** The address to publish; known once the listener is up. */
  address: LoadBalancerIngress;
  recorder: EventRecorder;
  log: ControllerLog;
}

export class IngressStatusSync extends Controller {
  /** Ingresses we serve, by key, with the uid and generation we last announced. */
  private readonly served = new Map<string, { uid?: string; generation?: number }>();

  constructor(private readonly options: IngressStatusOptions) {
    super('ingress-controller', 1);
  }

  /** Looks at an Ingress again (it changed, or which Ingresses are ours may have). */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  protected async reconcile(key: string): Promise<void> {
    const { address, log } = this.options;
    const ing = this.options.ingresses.get(key);
    if (!ing || ing.metadata.deletionTimestamp) {
      this.served.delete(key);
      return;
    }
    const [namespace, name] = key.split('/');
    const current = ing.status?.loadBalancer?.ingress ?? [];
    if (this.options.serves(ing)) {
      const seen = this.served.get(key);
      if (!seen || seen.uid !== ing.metadata.uid || seen.generation !== ing.metadata.generation) {
        this.served.set(key, { uid: ing.metadata.uid, generation: ing.metadata.generation });
        log('serving ingress', { namespace, name, generation: ing.metadata.generation });
        void this.options.recorder.event(ing, 'Normal', 'Sync', 'Scheduled for sync');
      }
      if (!deepEqual(current, [address])) await this.writeStatus(namespace, name, [address]);
      return;
    }
    if (this.served.delete(key)) log('no longer serving ingress', { namespace, name });
    const ourAddressOnly = current.length > 0 && current.every((lb) => lb.ip === address.ip && !lb.hostname);
    if (ourAddressOnly) await this.writeStatus(namespace, name, null);
  }

  /**
   * Removes our address from every Ingress we serve (ingress-nginx `--update-status-on-shutdown`),
   * for when the controller goes away for good. Call after `stop()`; failures are logged.
   */
  async release(): Promise<void> {
    for (const key of this.served.keys()) {
      const ing = this.options.ingresses.get(key);
      const current = ing?.status?.loadBalancer?.ingress ?? [];
      if (!ing || !current.some((lb) => lb.ip === this.options.address.ip)) continue;
      const [namespace, name] = key.split('/');
      await this.writeStatus(namespace, name, null).catch((e: Error) => this.options.log('could not clear the status', { namespace, name, error: e.message }));
    }
    this.served.clear();
  }

  private async writeStatus(namespace: string, name: string, ingress: LoadBalancerIngress[] | null): Promise<void> {
    try {
      await this.options.client.patch(INGRESSES, namespace, name, { status: { loadBalancer: { ingress } } }, 'merge', 'status');
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

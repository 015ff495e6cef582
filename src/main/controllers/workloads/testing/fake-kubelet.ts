/**
 * A stand-in for the scheduler and kubelet in controller specs, acting only through the API as
 * they would: it binds new pods to one node, reports them Running (and Ready, when asked to),
 * and finishes graceful deletions by deleting with grace 0. Test use only.
 */
import { ApiClientError, type ApiClient } from '../../../client/api-client.js';
import { Informer } from '../../../client/informer.js';
import { rfc3339 } from '../../../util/time.js';
import type { Pod } from '../types.js';

const PODS = { apiVersion: 'v1', resource: 'pods' };

export interface FakeKubeletOptions {
  /** The node pods are bound to; default `node-1`. */
  nodeName?: string;
  /**
   * Whether a started pod turns Ready by itself, after how long (ms), and which pods (all by
   * default); default: never.
   */
  autoReady?: false | { afterMs: number; when?: (pod: Pod) => boolean };
}

export class FakeKubelet {
  private readonly pods: Informer<Pod>;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly client: ApiClient, private readonly options: FakeKubeletOptions = {}) {
    this.pods = new Informer<Pod>(client, PODS);
    this.pods.addHandlers({ onAdd: (p) => this.handle(p), onUpdate: (_o, p) => this.handle(p) });
  }

  start(): Promise<void> {
    this.pods.start();
    return this.pods.waitForSync();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.pods.stop();
  }

  /** Sets the pod's Ready condition (and ContainersReady) as the kubelet's prober would. */
  async setReady(namespace: string, name: string, ready = true): Promise<void> {
    const status = ready ? 'True' : 'False';
    const now = rfc3339(new Date());
    await this.client.patch(PODS, namespace, name, {
      status: {
        conditions: [
          { type: 'Ready', status, lastTransitionTime: now },
          { type: 'ContainersReady', status, lastTransitionTime: now },
        ],
      },
    }, 'strategic', 'status');
  }

  private handle(pod: Pod): void {
    if (this.stopped) return;
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name!;
    if (pod.metadata.deletionTimestamp) {
      this.quietly(this.client.delete(PODS, ns, name, { gracePeriodSeconds: 0 }));
    } else if (!pod.spec?.nodeName) {
      const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: this.options.nodeName ?? 'node-1' } };
      this.quietly(this.client.createSubresource(PODS, ns, name, 'binding', binding));
    } else if (pod.status?.phase === 'Pending') {
      this.quietly(this.client.patch(PODS, ns, name, { status: { phase: 'Running' } }, 'strategic', 'status'));
      const auto = this.options.autoReady;
      if (auto && (auto.when?.(pod) ?? true)) {
        const t = setTimeout(() => {
          this.timers.delete(t);
          if (!this.stopped) this.quietly(this.setReady(ns, name));
        }, auto.afterMs);
        this.timers.add(t);
      }
    }
  }

  /** Races with the controllers are expected (the pod is already gone or changed). */
  private quietly(p: Promise<unknown>): void {
    p.catch((e: unknown) => {
      if (e instanceof ApiClientError && (e.code === 404 || e.code === 409)) return;
      if (!this.stopped) console.warn(`fake-kubelet: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
}

/**
 * The add-on manager: watches `kube-system/pilothouse-addons` (addon-state.ts) and makes the
 * cluster match it — the DNS add-on's objects created or removed, the ingress controller started
 * or stopped, the metrics API served or not, the dashboard told. Changes are applied one at a
 * time, in order; a failure is logged and retried on the next change or after a delay.
 */
import type { KubeObject } from '../../shared/api/object.js';
import { ApiClientError, type ApiClient, type ResourceRef } from '../client/api-client.js';
import { Informer } from '../client/informer.js';
import { createOrUpdate } from '../client/create-or-update.js';
import type { ClusterNetwork } from '../network/cluster-network.js';
import { readInclusterProgram } from '../proxy/incluster-programs.js';
import { ADDON_NAMES, ADDONS_CONFIGMAP, ADDONS_NAMESPACE, addonStates, type AddonName, type AddonStates } from './addon-state.js';
import { DNS_NAME, DNS_SERVICE, HASH_ANNOTATION, dnsObjects } from './dns-addon-objects.js';
import { IngressController } from './ingress/ingress-controller.js';
import type { Dialer } from './ingress/dial-endpoint.js';

export interface AddonManagerOptions {
  client: ApiClient;
  log?: (line: string) => void;
  /** Where the DNS add-on can run (Docker nodes with service networking); absent: it cannot. */
  dns?: { network: ClusterNetwork; image: string; nodeSelector: Record<string, string> };
  /** The ingress controller's listener and its way into the pod network; absent: it cannot run. */
  ingress?: { dial: Dialer; port: number; host?: string };
  /** Serves or hides metrics.k8s.io. */
  metrics?: { setEnabled(enabled: boolean): void };
}

export interface AddonStatus {
  name: AddonName;
  enabled: boolean;
  /** What it offers right now (the ingress URL), or why it cannot run here. */
  detail?: string;
}

const REFS = {
  serviceAccount: { apiVersion: 'v1', resource: 'serviceaccounts' },
  configMap: { apiVersion: 'v1', resource: 'configmaps' },
  deployment: { apiVersion: 'apps/v1', resource: 'deployments' },
  service: { apiVersion: 'v1', resource: 'services' },
} satisfies Record<string, ResourceRef>;

export class AddonManager {
  private readonly informer: Informer;
  private applied?: AddonStates;
  private queue: Promise<void> = Promise.resolve();
  private ingress?: IngressController;
  private ingressPort?: number;
  private readonly problems = new Map<AddonName, string>();
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  private readonly dashboardListeners = new Set<(enabled: boolean) => void | Promise<void>>();

  constructor(private readonly o: AddonManagerOptions) {
    this.informer = new Informer(o.client, { apiVersion: 'v1', resource: 'configmaps' }, {
      namespace: ADDONS_NAMESPACE, selectors: { fieldSelector: `metadata.name=${ADDONS_CONFIGMAP}` },
    });
    const changed = () => this.enqueue();
    this.informer.addHandlers({ onAdd: changed, onUpdate: changed, onDelete: changed });
  }

  async start(): Promise<void> {
    this.informer.start();
    await this.informer.waitForSync();
    this.enqueue();
    await this.settle();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.informer.stop();
    await this.queue;
    await this.ingress?.stop();
    this.ingress = undefined;
  }

  /** Resolves when every change seen so far is applied. */
  async settle(): Promise<void> {
    let q: Promise<void>;
    do {
      q = this.queue;
      await q;
    } while (q !== this.queue);
  }

  states(): AddonStates {
    return addonStates(this.informer.get(`${ADDONS_NAMESPACE}/${ADDONS_CONFIGMAP}`));
  }

  status(): AddonStatus[] {
    const states = this.states();
    return ADDON_NAMES.map((name) => ({ name, enabled: states[name], detail: this.problems.get(name) ?? this.detail(name, states[name]) }));
  }

  /** The port the ingress controller listens on while it runs. */
  get ingressListenPort(): number | undefined {
    return this.ingressPort;
  }

  private detail(name: AddonName, enabled: boolean): string | undefined {
    if (!enabled) return undefined;
    if (name === 'ingress' && this.ingressPort) return `http://<host>.localhost:${this.ingressPort}/ on 127.0.0.1:${this.ingressPort}`;
    if (name === 'dns') return `Service kube-system/${DNS_SERVICE}, Deployment kube-system/${DNS_NAME}`;
    return undefined;
  }

  private enqueue(): void {
    this.queue = this.queue.then(() => this.reconcile()).catch((e: Error) => this.o.log?.(`add-ons: ${e.message}`));
  }

  private async reconcile(): Promise<void> {
    if (this.stopped) return;
    const want = this.states();
    let failed = false;
    for (const name of ADDON_NAMES) {
      if (this.applied && this.applied[name] === want[name] && !this.problems.has(name)) continue;
      try {
        await this.apply(name, want[name]);
        this.problems.delete(name);
      } catch (e) {
        failed = true;
        const message = (e as Error).message;
        if (this.problems.get(name) !== message) this.o.log?.(`add-on ${name}: ${message}`);
        this.problems.set(name, message);
      }
    }
    this.applied = want;
    if (failed && !this.stopped) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.enqueue(), 10_000);
      this.retryTimer.unref();
    }
  }

  private async apply(name: AddonName, enabled: boolean): Promise<void> {
    if (name === 'dns') return enabled ? this.enableDns() : this.disableDns();
    if (name === 'ingress') return enabled ? this.enableIngress() : this.disableIngress();
    if (name === 'metrics') return this.o.metrics?.setEnabled(enabled);
    if (name === 'dashboard') for (const fn of this.dashboardListeners) await fn(enabled);
  }

  /**
   * Runs `fn` with the dashboard add-on's state now (once started) and at every change; the
   * dashboard server lives outside the cluster (in `serve` or the desktop app) and follows it.
   */
  onDashboard(fn: (enabled: boolean) => void | Promise<void>): () => void {
    this.dashboardListeners.add(fn);
    if (this.applied) void Promise.resolve(fn(this.applied.dashboard)).catch((e: Error) => this.o.log?.(`add-on dashboard: ${e.message}`));
    return () => this.dashboardListeners.delete(fn);
  }

  private async enableDns(): Promise<void> {
    if (!this.o.dns) throw new Error('needs Docker nodes with service networking (pilothouse serve --nodes N); nothing to run it on');
    const objects = dnsObjects({ ...this.o.dns, program: readInclusterProgram('dns') });
    await createOrUpdate(this.o.client, REFS.serviceAccount, objects.serviceAccount, () => false);
    await createOrUpdate(this.o.client, REFS.configMap, objects.configMap, (live) => annotation(live) !== annotation(objects.configMap));
    await createOrUpdate(this.o.client, REFS.service, objects.service, () => false);
    // The Deployment is replaced when the program or the image changed (a rollout of the DNS pod).
    const want = templateOf(objects.deployment);
    await createOrUpdate(this.o.client, REFS.deployment, objects.deployment, (live) => {
      const have = templateOf(live);
      return have?.metadata?.annotations?.[HASH_ANNOTATION] !== want?.metadata?.annotations?.[HASH_ANNOTATION]
        || have?.spec?.containers?.[0]?.image !== want?.spec?.containers?.[0]?.image;
    });
  }

  private async disableDns(): Promise<void> {
    await this.deleteIfPresent(REFS.deployment, DNS_NAME);
    await this.deleteIfPresent(REFS.service, DNS_SERVICE);
    await this.deleteIfPresent(REFS.configMap, `${DNS_NAME}-program`);
    await this.deleteIfPresent(REFS.serviceAccount, DNS_NAME);
  }

  private async enableIngress(): Promise<void> {
    if (this.ingress) return;
    if (!this.o.ingress) throw new Error('needs Docker nodes with service networking (pilothouse serve --nodes N)');
    const controller = new IngressController({ client: this.o.client, dial: this.o.ingress.dial, port: this.o.ingress.port, host: this.o.ingress.host });
    const { port } = await controller.start();
    this.ingress = controller;
    this.ingressPort = port;
    this.o.log?.(`Ingress: http://127.0.0.1:${port}/ (host names like http://app.localhost:${port}/ reach Ingress rules)`);
  }

  private async disableIngress(): Promise<void> {
    const c = this.ingress;
    this.ingress = undefined;
    this.ingressPort = undefined;
    await c?.stop({ clearStatus: true });
  }

  private async deleteIfPresent(ref: ResourceRef, name: string): Promise<void> {
    try {
      await this.o.client.delete(ref, ADDONS_NAMESPACE, name);
    } catch (e) {
      if (!(e instanceof ApiClientError && e.reason === 'NotFound')) throw e;
    }
  }
}

interface PodTemplate {
  metadata?: { annotations?: Record<string, string> };
  spec?: { containers?: { image?: string }[] };
}

function templateOf(deployment: KubeObject): PodTemplate | undefined {
  return (deployment as { spec?: { template?: PodTemplate } }).spec?.template;
}

function annotation(o: KubeObject): string | undefined {
  return o.metadata.annotations?.[HASH_ANNOTATION];
}

/**
 * The ingress controller add-on: serves networking.k8s.io/v1 Ingresses of its class on an HTTP
 * port of 127.0.0.1, proxying to the Services' ready pods through `dial` (the host cannot reach
 * pod IPs; the cluster's dialer tunnels into the pod network).
 *
 * Informers on Ingresses, IngressClasses, Services and EndpointSlices keep it current without
 * polling: the routing table is rebuilt on the first request after an Ingress or IngressClass
 * changed; Services and endpoints are read per request. `start()` listens first (so a taken port
 * fails fast), makes sure its IngressClass exists, waits for the caches, then publishes
 * status (`ingress-status.ts`); `stop({ clearStatus: true })` takes that status away again when
 * the add-on is switched off.
 */
import { isIP } from 'node:net';
import type { ApiClient } from '../../client/api-client.js';
import { EventRecorder } from '../../client/event-recorder.js';
import { Informer, objectKey } from '../../client/informer.js';
import type { EndpointSlice } from '../../apiserver/kinds/endpointslice.js';
import type { Ingress } from '../../apiserver/kinds/ingress.js';
import type { IngressClass } from '../../apiserver/kinds/ingressclass.js';
import type { Service } from '../../apiserver/kinds/service-types.js';
import { silentLog, type ControllerLog } from '../../controllers/controller-log.js';
import { BackendResolver } from './backend-resolver.js';
import type { Dialer } from './dial-endpoint.js';
import { EndpointSliceIndex, SERVICE_NAME_LABEL } from '../../network/endpoint-slices.js';
import { ensureIngressClass, INGRESS_CLASSES, IngressClassFilter } from './ingress-class.js';
import { IngressServer } from './ingress-server.js';
import { INGRESSES, IngressStatusSync } from './ingress-status.js';
import { RequestRouter } from './request-router.js';

export type { Dialer } from './dial-endpoint.js';

export interface IngressControllerOptions {
  client: ApiClient;
  /** Opens a TCP stream to `ip:port` in the pod network. */
  dial: Dialer;
  /** Port to listen on; 0 picks a free one (see `start()`'s result). */
  port: number;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** The IngressClass this controller serves (and creates); default `pilothouse`. */
  className?: string;
  /** How long to wait for `dial` before trying the next pod; default 5000 ms (ingress-nginx's proxy-connect-timeout). */
  connectTimeoutMs?: number;
  /** How long a pod may take to start its answer before the client gets a 504; default 60000 ms (proxy-read-timeout). */
  responseTimeoutMs?: number;
  log?: ControllerLog;
}

const SERVICES = { apiVersion: 'v1', resource: 'services' };
const SLICES = { apiVersion: 'discovery.k8s.io/v1', resource: 'endpointslices' };
export const COMPONENT = 'pilothouse-ingress-controller';

export class IngressController {
  private readonly client: ApiClient;
  private readonly host: string;
  private readonly className: string;
  private readonly log: ControllerLog;
  private readonly ingresses: Informer<Ingress>;
  private readonly classes: Informer<IngressClass>;
  private readonly services: Informer<Service>;
  private readonly slices: Informer<EndpointSlice>;
  private readonly filter: IngressClassFilter;
  private readonly server: IngressServer;
  private readonly router: RequestRouter;
  private status?: IngressStatusSync;
  private state: 'new' | 'started' | 'stopped' = 'new';
  /** Resolves when `stop()` is called, so a `start()` still waiting for caches gives up. */
  private readonly stopCalled: Promise<void>;
  private signalStop!: () => void;

  constructor(options: IngressControllerOptions) {
    if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
      throw new Error(`ingress controller: port must be an integer from 0 to 65535, got ${options.port}`);
    }
    if (typeof options.dial !== 'function') throw new Error('ingress controller: a dial function is required');
    this.client = options.client;
    this.host = options.host ?? '127.0.0.1';
    this.className = options.className ?? 'pilothouse';
    if (!this.className) throw new Error('ingress controller: className must not be empty');
    this.log = options.log ?? silentLog;
    this.stopCalled = new Promise((resolve) => (this.signalStop = resolve));

    this.ingresses = new Informer<Ingress>(this.client, INGRESSES);
    this.classes = new Informer<IngressClass>(this.client, INGRESS_CLASSES);
    this.services = new Informer<Service>(this.client, SERVICES);
    this.slices = new Informer<EndpointSlice>(this.client, SLICES, { selectors: { labelSelector: SERVICE_NAME_LABEL } });
    this.filter = new IngressClassFilter(this.className, this.classes);
    const index = new EndpointSliceIndex();
    this.slices.addHandlers(index.handlers);
    this.router = new RequestRouter({
      served: () => this.ingresses.list().filter((ing) => this.filter.serves(ing)),
      resolver: new BackendResolver(this.services, index),
      className: this.className,
    });

    const ingressChanged = (ing: Ingress) => {
      this.router.invalidate();
      this.status?.enqueue(objectKey(ing));
    };
    this.ingresses.addHandlers({ onAdd: ingressChanged, onUpdate: (_, ing) => ingressChanged(ing), onDelete: ingressChanged });
    const classChanged = () => {
      this.router.invalidate();
      for (const ing of this.ingresses.list()) this.status?.enqueue(objectKey(ing));
    };
    this.classes.addHandlers({ onAdd: classChanged, onUpdate: classChanged, onDelete: classChanged });

    this.server = new IngressServer({
      host: this.host,
      port: options.port,
      route: (req) => this.router.route(req),
      proxy: {
        dial: options.dial,
        connectTimeoutMs: options.connectTimeoutMs ?? 5000,
        responseTimeoutMs: options.responseTimeoutMs ?? 60_000,
        log: this.log,
      },
    });
  }

  /** Listens, ensures the IngressClass, waits for the caches; resolves with the listening port. */
  async start(): Promise<{ port: number }> {
    if (this.state !== 'new') throw new Error('ingress controller: start() can be called once');
    this.state = 'started';
    const port = await this.server.listen();
    if (this.isStopped()) {
      await this.server.close(); // stop() ran while the listener was opening
      throw stoppedEarly();
    }
    try {
      await ensureIngressClass(this.client, this.className);
    } catch (e) {
      await this.server.close();
      throw new Error(`ingress controller: could not create IngressClass ${this.className}: ${(e as Error).message}`);
    }
    if (this.isStopped()) throw stoppedEarly();
    const ip = isIP(this.host) && this.host !== '0.0.0.0' && this.host !== '::' ? this.host : '127.0.0.1';
    this.status = new IngressStatusSync({
      client: this.client,
      ingresses: this.ingresses,
      serves: (ing) => this.filter.serves(ing),
      address: { ip, ports: [{ port, protocol: 'TCP' }] },
      recorder: new EventRecorder(this.client, COMPONENT),
      log: this.log,
    });
    const informers = [this.ingresses, this.classes, this.services, this.slices];
    for (const informer of informers) informer.start();
    await Promise.race([Promise.all(informers.map((i) => i.waitForSync())), this.stopCalled]);
    if (this.isStopped()) throw stoppedEarly();
    this.router.markReady();
    this.status.start();
    this.log('serving ingresses', { address: `http://${this.host}:${port}`, class: this.className });
    return { port };
  }

  /**
   * Stops listening and watching. `clearStatus` also removes our address from the Ingresses'
   * status — for switching the add-on off; leave it unset when the whole cluster stops, so a
   * restart finds the status as it was.
   */
  async stop(options: { clearStatus?: boolean } = {}): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.signalStop();
    for (const informer of [this.ingresses, this.classes, this.services, this.slices]) informer.stop();
    await Promise.all([this.status?.stop(), this.server.close()]);
    if (options.clearStatus) await this.status?.release();
  }

  /** A method so TypeScript does not narrow `state` across awaits. */
  private isStopped(): boolean {
    return this.state === 'stopped';
  }
}

function stoppedEarly(): Error {
  return new Error('ingress controller: stopped before it finished starting');
}

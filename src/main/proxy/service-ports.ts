/**
 * The host side of Services (kube-proxy's NodePorts plus the local "cloud provider"): every TCP
 * NodePort answers on 127.0.0.1:<nodePort>, and every `type: LoadBalancer` Service answers on
 * 127.0.0.1:<port> and gets `status.loadBalancer.ingress: [{ip: 127.0.0.1}]`. A port another
 * program holds leaves the Service pending with a Warning event that says so; it is retried.
 * Events use the service controller's reasons (EnsuringLoadBalancer, EnsuredLoadBalancer,
 * SyncLoadBalancerFailed, DeletedLoadBalancer).
 */
import type { ApiClient } from '../client/api-client.js';
import { EventRecorder } from '../client/event-recorder.js';
import type { KubeProxy } from './kube-proxy.js';
import { HostPortInUseError, HostPortListener } from './host-port-listener.js';
import { serviceKey, type ServiceObject, type ServicePort } from './service-table.js';

export interface ServicePortsOptions {
  client: ApiClient;
  proxy: KubeProxy;
  host?: string;
  log?: (line: string) => void;
  /** Retry period for ports that were in use (default 5 s). */
  retryMs?: number;
}

interface Wanted {
  kind: 'NodePort' | 'LoadBalancer';
  svc: ServiceObject;
  port: ServicePort;
  hostPort: number;
}

const LB_INGRESS = [{ ip: '127.0.0.1' }];

export class ServicePorts {
  private readonly host: string;
  private readonly listeners = new Map<string, HostPortListener>();
  /** Keys (`kind:port`) that could not listen, with the message already reported. */
  private readonly failed = new Map<string, string>();
  private readonly recorder: EventRecorder;
  private readonly lbReported = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private scheduled = false;
  private running?: Promise<void>;
  private stopped = false;
  private unsubscribe?: () => void;

  constructor(private readonly o: ServicePortsOptions) {
    this.host = o.host ?? '127.0.0.1';
    this.recorder = new EventRecorder(o.client, 'service-controller');
  }

  start(): void {
    this.unsubscribe = this.o.proxy.onChange(() => this.schedule());
    this.schedule();
    this.timer = setInterval(() => {
      if (this.failed.size) this.schedule();
    }, this.o.retryMs ?? 5000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearInterval(this.timer);
    await this.running;
    for (const l of this.listeners.values()) l.close();
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const run: Promise<void> = (this.running ?? Promise.resolve())
        .then(() => this.reconcile())
        .catch((e: Error) => this.o.log?.(`service ports: ${e.message}`));
      this.running = run;
      void run.then(() => {
        if (this.running === run) this.running = undefined;
      });
    });
  }

  private wanted(): Map<string, Wanted> {
    const out = new Map<string, Wanted>();
    for (const svc of this.o.proxy.services.list()) {
      const type = svc.spec?.type;
      if (type !== 'NodePort' && type !== 'LoadBalancer') continue;
      for (const port of svc.spec?.ports ?? []) {
        if ((port.protocol ?? 'TCP') !== 'TCP') continue;
        if (port.nodePort) out.set(`NodePort:${port.nodePort}`, { kind: 'NodePort', svc, port, hostPort: port.nodePort });
        if (type === 'LoadBalancer') {
          const key = `LoadBalancer:${port.port}`;
          const other = out.get(key);
          // Two LoadBalancers on one port: the older Service keeps it.
          if (!other || (other.svc.metadata.creationTimestamp ?? '') > (svc.metadata.creationTimestamp ?? '')) {
            out.set(key, { kind: 'LoadBalancer', svc, port, hostPort: port.port });
          }
        }
      }
    }
    return out;
  }

  private async reconcile(): Promise<void> {
    if (this.stopped) return;
    const wanted = this.wanted();
    for (const [key, l] of this.listeners) {
      if (!wanted.has(key)) {
        l.close();
        this.listeners.delete(key);
      }
    }
    for (const key of this.failed.keys()) if (!wanted.has(key)) this.failed.delete(key);
    const lbState = new Map<string, { svc: ServiceObject; ok: boolean; problems: string[] }>();
    for (const svc of this.o.proxy.services.list()) {
      if (svc.spec?.type === 'LoadBalancer') lbState.set(serviceKey(svc), { svc, ok: true, problems: [] });
    }
    for (const [key, w] of wanted) {
      const connector = (clientIP: string | undefined) => {
        const svc = this.o.proxy.services.get(serviceKey(w.svc)) ?? w.svc;
        const port = svc.spec?.ports?.find((p) => p.port === w.port.port && (p.protocol ?? 'TCP') === 'TCP') ?? w.port;
        return this.o.proxy.openToService(svc, port, clientIP);
      };
      const existing = this.listeners.get(key);
      if (existing) {
        existing.setConnector(connector);
        continue;
      }
      const l = new HostPortListener(this.host, w.hostPort, connector, this.o.log);
      try {
        await l.listen();
        this.listeners.set(key, l);
        this.failed.delete(key);
      } catch (e) {
        const why = e instanceof HostPortInUseError ? e.message : `cannot listen on ${this.host}:${w.hostPort}: ${(e as Error).message}`;
        if (w.kind === 'LoadBalancer') {
          const st = lbState.get(serviceKey(w.svc));
          if (st) {
            st.ok = false;
            st.problems.push(`${why}; the service stays pending until the port is free (or choose another spec.ports[].port)`);
          }
        } else if (this.failed.get(key) !== why) {
          void this.recorder.event(w.svc, 'Warning', 'NodePortUnavailable', `${why}: node port ${w.hostPort} of this service does not answer on ${this.host} until it is free`);
        }
        this.failed.set(key, why);
      }
    }
    // LoadBalancer ports taken by an older LoadBalancer Service.
    for (const [key, st] of lbState) {
      for (const p of st.svc.spec?.ports ?? []) {
        if ((p.protocol ?? 'TCP') !== 'TCP') continue;
        const holder = wanted.get(`LoadBalancer:${p.port}`);
        if (holder && serviceKey(holder.svc) !== key) {
          st.ok = false;
          st.problems.push(`port ${p.port} on ${this.host} is already used by LoadBalancer service ${serviceKey(holder.svc)}`);
        }
      }
    }
    for (const [key, st] of lbState) await this.reportLoadBalancer(key, st);
    for (const key of this.lbReported.keys()) {
      if (lbState.has(key)) continue;
      this.lbReported.delete(key);
      // No longer a LoadBalancer: take the address back, as the service controller does.
      const svc = this.o.proxy.services.get(key);
      if (svc) {
        await this.writeIngress(svc, []).catch((e: Error) => this.o.log?.(`cannot clear the load balancer status of ${key}: ${e.message}`));
        void this.recorder.event(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer');
      }
    }
  }

  private async writeIngress(svc: ServiceObject, ingress: { ip: string }[]): Promise<void> {
    await this.o.client.patch({ apiVersion: 'v1', resource: 'services' }, svc.metadata.namespace, svc.metadata.name!, { status: { loadBalancer: { ingress } } }, 'merge', 'status');
  }

  private async reportLoadBalancer(key: string, st: { svc: ServiceObject; ok: boolean; problems: string[] }): Promise<void> {
    const summary = st.ok ? 'ok' : st.problems.join('; ');
    if (this.lbReported.get(key) === summary) return;
    const first = !this.lbReported.has(key);
    this.lbReported.set(key, summary);
    if (first) void this.recorder.event(st.svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
    const status = (st.svc as { status?: { loadBalancer?: { ingress?: { ip?: string }[] } } }).status;
    const current = status?.loadBalancer?.ingress ?? [];
    const want = st.ok ? LB_INGRESS : [];
    if (JSON.stringify(current) !== JSON.stringify(want)) {
      try {
        await this.writeIngress(st.svc, want);
      } catch (e) {
        this.lbReported.delete(key);
        this.o.log?.(`cannot write the load balancer status of ${key}: ${(e as Error).message}`);
        return;
      }
    }
    if (st.ok) void this.recorder.event(st.svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
    else void this.recorder.event(st.svc, 'Warning', 'SyncLoadBalancerFailed', `Error syncing load balancer: failed to ensure load balancer: ${summary}`);
  }
}

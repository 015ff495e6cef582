/**
 * `pods:logs`: container logs through the API server's `pods/log` (as kubectl reads them), for
 * one pod or every pod of a workload. With `follow`, pods and containers that start later (new
 * replicas, restarted containers) are picked up from a pod informer; without it the stream ends
 * once every log has been read. Output is split into whole lines and batched.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import { selectorFromSpec, type LabelSelectorSpec } from '../../../shared/api/label-selector.js';
import type { LogSource, LogsEvent, LogsRequest } from '../../../shared/ipc/stream-types.js';
import { Informer } from '../../client/informer.js';
import type { EventSink, SubscriptionHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';
import { CockpitError, toIpcError } from '../errors.js';
import { rawRequest, statusError } from '../raw-api.js';
import { LineBatcher } from './line-batcher.js';

const PODS = { apiVersion: 'v1', resource: 'pods' };
const OWNER_RESOURCES: Record<NonNullable<LogsRequest['owner']>['kind'], { apiVersion: string; resource: string }> = {
  Deployment: { apiVersion: 'apps/v1', resource: 'deployments' },
  ReplicaSet: { apiVersion: 'apps/v1', resource: 'replicasets' },
  StatefulSet: { apiVersion: 'apps/v1', resource: 'statefulsets' },
  DaemonSet: { apiVersion: 'apps/v1', resource: 'daemonsets' },
  Job: { apiVersion: 'batch/v1', resource: 'jobs' },
};

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function logHandlers(ctx: CockpitContext): SubscriptionHandlers {
  return { 'pods:logs': (r, sink) => new LogSession(ctx, r, sink).start() };
}

class LogSession {
  /** Per `pod/container`: the container instance being (or last) streamed, and its stop function. */
  private readonly streams = new Map<string, { containerId?: string; stop?: () => void; active: boolean }>();
  private readonly lines: LineBatcher;
  private informer?: Informer;
  private pods: string[] = [];
  private stopped = false;

  constructor(private readonly ctx: CockpitContext, private readonly r: LogsRequest, private readonly sink: EventSink<LogsEvent>) {
    this.lines = new LineBatcher((source, lines) => sink.emit({ type: 'lines', source, lines }));
  }

  async start(): Promise<() => void> {
    const selector = await this.selector();
    const follow = this.r.follow === true && this.r.previous !== true;
    if (!follow) {
      const pods = this.r.pod
        ? [await this.ctx.client.get(PODS, this.r.namespace, this.r.pod)]
        : (await this.ctx.client.list(PODS, this.r.namespace, { labelSelector: selector })).items;
      this.setPods(pods);
      const reads = pods.flatMap((p) => this.containersOf(p).map((c) => this.stream(p, c, false)));
      void Promise.all(reads).then(() => {
        this.lines.flush();
        this.sink.close();
      });
      return () => this.stop();
    }
    const informer = new Informer(this.ctx.client, PODS, {
      namespace: this.r.namespace,
      selectors: this.r.pod ? { fieldSelector: `metadata.name=${this.r.pod}` } : { labelSelector: selector },
    });
    this.informer = informer;
    const changed = () => this.podsChanged(informer.list());
    informer.addHandlers({ onAdd: changed, onUpdate: changed, onDelete: changed });
    informer.start();
    await informer.waitForSync();
    if (this.r.pod && informer.list().length === 0) {
      this.stop();
      throw new CockpitError('NotFound', `pods "${this.r.pod}" not found in namespace ${this.r.namespace}`);
    }
    return () => this.stop();
  }

  private stop(): void {
    this.stopped = true;
    this.informer?.stop();
    for (const s of this.streams.values()) s.stop?.();
    this.lines.stop();
  }

  /** The owner's pod selector (`undefined` for a single pod). */
  private async selector(): Promise<string | undefined> {
    if (!this.r.owner) return undefined;
    const owner = await this.ctx.client.get(OWNER_RESOURCES[this.r.owner.kind], this.r.namespace, this.r.owner.name);
    const spec = (owner.spec as { selector?: LabelSelectorSpec } | undefined)?.selector;
    if (!spec) throw new CockpitError('BadRequest', `${this.r.owner.kind} ${this.r.owner.name} has no pod selector`);
    return selectorFromSpec(spec).toString();
  }

  private containersOf(pod: KubeObject): string[] {
    const names = (((pod.spec as Loose)?.containers ?? []) as Loose[]).map((c) => c.name as string);
    if (this.r.container) return names.includes(this.r.container) || this.r.pod ? [this.r.container] : [];
    if (this.r.allContainers) return names;
    const preferred = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    return [preferred && names.includes(preferred) ? preferred : names[0]].filter(Boolean);
  }

  private setPods(pods: KubeObject[]): void {
    const names = pods.map((p) => p.metadata.name!).sort();
    if (names.join() === this.pods.join()) return;
    this.pods = names;
    if (this.r.owner) this.sink.emit({ type: 'pods', pods: names });
  }

  /** Follow mode: start a stream for every running container instance not streamed yet. */
  private podsChanged(pods: KubeObject[]): void {
    if (this.stopped) return;
    this.setPods(pods);
    if (this.r.pod && pods.length === 0) {
      this.lines.flush();
      this.sink.close({ code: 'NotFound', message: `pod ${this.r.namespace}/${this.r.pod} was deleted` });
      return;
    }
    for (const pod of pods) {
      const statuses = (((pod.status as Loose)?.containerStatuses ?? []) as Loose[]);
      for (const container of this.containersOf(pod)) {
        const key = `${pod.metadata.name}/${container}`;
        const status = statuses.find((s) => s.name === container);
        const s = this.streams.get(key);
        if (s?.active) continue;
        if (!status?.state?.running) {
          const reason = status?.state?.waiting?.reason ?? status?.state?.terminated?.reason ?? 'not started';
          if (!s) {
            this.streams.set(key, { active: false });
            this.sink.emit({ type: 'stream', source: { pod: pod.metadata.name!, container }, state: 'waiting', message: `container "${container}" is ${reason}` });
          }
          continue;
        }
        if (s?.containerId && s.containerId === status.containerID) continue;
        void this.stream(pod, container, true, s?.containerId !== undefined, status.containerID);
      }
    }
  }

  private async stream(pod: KubeObject, container: string, follow: boolean, restarted = false, containerId?: string): Promise<void> {
    const source: LogSource = { pod: pod.metadata.name!, container };
    const key = `${source.pod}/${container}`;
    const abort = new AbortController();
    const entry = { containerId, active: true, stop: () => abort.abort() };
    this.streams.set(key, entry);
    const query: Record<string, string> = { container };
    if (follow) query.follow = 'true';
    if (this.r.previous) query.previous = 'true';
    if (this.r.timestamps) query.timestamps = 'true';
    // A restarted container's new instance is read from its start; the first read honours the limits.
    if (!restarted && this.r.tailLines !== undefined) query.tailLines = String(this.r.tailLines);
    if (!restarted && this.r.sinceSeconds !== undefined) query.sinceSeconds = String(this.r.sinceSeconds);
    const path = `/api/v1/namespaces/${encodeURIComponent(this.r.namespace)}/pods/${encodeURIComponent(source.pod)}/log`;
    try {
      const res = await rawRequest(this.ctx, path, query, abort.signal);
      if (res.status >= 400) throw statusError(res);
      if (this.stopped) return;
      this.sink.emit({ type: 'stream', source, state: 'started' });
      if (!res.stream) {
        const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : typeof res.body === 'string' ? res.body : '';
        this.lines.write(source, text);
      } else {
        await new Promise<void>((resolve) => {
          res.stream!({
            write: (chunk) => {
              if (abort.signal.aborted) return false;
              this.lines.write(source, Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
              return true;
            },
            end: () => resolve(),
            get closed() { return abort.signal.aborted; },
            onClose: (cb) => abort.signal.addEventListener('abort', () => { cb(); resolve(); }),
          });
        });
      }
      this.lines.end(source);
      if (!this.stopped) this.sink.emit({ type: 'stream', source, state: 'ended' });
    } catch (e) {
      if (this.stopped) return;
      const error = toIpcError(e);
      this.sink.emit({ type: 'stream', source, state: 'error', message: error.message });
      if (this.r.pod && !follow && this.containersOf(pod).length === 1) this.sink.close(error);
    } finally {
      entry.active = false;
    }
  }
}

/**
 * `resources:watch`: an informer per subscription (list + watch, relist on 410), sent to the
 * renderer as one `sync` with the whole list, then `changes` batched per window (default 50 ms)
 * with bursts coalesced per object, so 10,000 pods changing stay a few events a second.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { WatchChange, WatchEvent, WatchItem, WatchRequest } from '../../../shared/ipc/resource-types.js';
import { toRow } from '../../../shared/ipc/rows.js';
import { Informer } from '../../client/informer.js';
import type { EventSink, SubscriptionHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';
import { withoutManagedFields } from '../clean-object.js';
import { withKind } from './resources.js';

export function watchHandlers(ctx: CockpitContext): SubscriptionHandlers {
  return { 'resources:watch': (request, sink) => startWatch(ctx, request, sink) };
}

export async function startWatch(ctx: CockpitContext, r: WatchRequest, sink: EventSink<WatchEvent>): Promise<() => void> {
  const ref = { apiVersion: r.apiVersion, resource: r.resource };
  const namespace = r.namespace || undefined;
  const selectors = { labelSelector: r.labelSelector || undefined, fieldSelector: r.fieldSelector || undefined };
  // One small list first: an unknown resource or a bad selector fails here, with the server's message.
  const probe = await ctx.client.list(ref, namespace, { ...selectors, limit: 1 });
  const kind = probe.kind.replace(/List$/, '');
  const shape = (o: KubeObject): WatchItem => {
    const full = withKind(o, r.apiVersion, kind);
    return r.view === 'row' ? toRow(full) : withoutManagedFields(full);
  };
  const batch = new ChangeBatcher(ctx.watchBatchMs ?? 50, (changes, rv) => sink.emit({ type: 'changes', resourceVersion: rv, changes }));
  const informer = new Informer(ctx.client, ref, { namespace, selectors });
  let ready = false;
  informer.addHandlers({
    onAdd: (o) => ready && batch.add('ADDED', o, shape(o)),
    onUpdate: (_old, o) => ready && batch.add('MODIFIED', o, shape(o)),
    onDelete: (o) => ready && batch.add('DELETED', o, shape(o)),
  });
  informer.start();
  const stop = () => {
    informer.stop();
    batch.stop();
  };
  await informer.waitForSync();
  if (sink.closed) return stop;
  ready = true;
  const objects = informer.list();
  const rv = objects.reduce((max, o) => (Number(o.metadata.resourceVersion) > Number(max) ? o.metadata.resourceVersion! : max), probe.metadata.resourceVersion ?? '0');
  sink.emit({ type: 'sync', resourceVersion: rv, items: objects.map(shape) });
  return stop;
}

/**
 * Collects changes for one window; per object (by uid) only the net change is kept: ADDED then
 * MODIFIED stays ADDED, ADDED then DELETED vanishes, MODIFIED then DELETED is DELETED.
 */
export class ChangeBatcher {
  private readonly pending = new Map<string, WatchChange>();
  private timer?: ReturnType<typeof setTimeout>;
  private resourceVersion = '';

  constructor(private readonly windowMs: number, private readonly flushTo: (changes: WatchChange[], resourceVersion: string) => void) {}

  add(type: WatchChange['type'], source: KubeObject, object: WatchItem): void {
    const key = source.metadata.uid ?? `${source.metadata.namespace}/${source.metadata.name}`;
    this.resourceVersion = source.metadata.resourceVersion ?? this.resourceVersion;
    const prev = this.pending.get(key);
    if (!prev) this.pending.set(key, { type, object });
    else if (prev.type === 'ADDED' && type === 'DELETED') this.pending.delete(key);
    else if (prev.type === 'ADDED') this.pending.set(key, { type: 'ADDED', object });
    else this.pending.set(key, { type, object });
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const changes = [...this.pending.values()];
    this.pending.clear();
    this.flushTo(changes, this.resourceVersion);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}

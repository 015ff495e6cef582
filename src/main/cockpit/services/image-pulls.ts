/**
 * `images:pulls`: image pull progress of this cluster's in-process nodes (from the kubelets'
 * `pullProgress` hub), filtered to the cluster's nodes and optionally one namespace, with
 * progress lines throttled per pull; starts and ends always go out at once.
 */
import type { ImagePull, ImagePullsEvent, ImagePullsRequest } from '../../../shared/ipc/stream-types.js';
import { pullProgress, type PullProgressHub, type PullState } from '../../kubelet/pull-progress.js';
import type { EventSink, SubscriptionHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';

const THROTTLE_MS = 100;

export function imagePullHandlers(ctx: CockpitContext, hub: PullProgressHub = pullProgress): SubscriptionHandlers {
  return { 'images:pulls': async (r, sink) => followPulls(ctx, hub, r, sink) };
}

function followPulls(ctx: CockpitContext, hub: PullProgressHub, r: ImagePullsRequest, sink: EventSink<ImagePullsEvent>): () => void {
  const relevant = (p: PullState) => ctx.nodes.typeOf(p.node) !== undefined && (!r.namespace || p.pods.some((pod) => pod.startsWith(`${r.namespace}/`)));
  const lastSent = new Map<string, number>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const send = (p: PullState) => {
    const key = `${p.node}|${p.image}`;
    lastSent.set(key, Date.now());
    if (p.state !== 'pulling') lastSent.delete(key);
    sink.emit({ type: 'pull', pull: toPull(p) });
  };
  const unsubscribe = hub.subscribe((p) => {
    if (!relevant(p)) return;
    const key = `${p.node}|${p.image}`;
    clearTimeout(pending.get(key));
    pending.delete(key);
    const since = Date.now() - (lastSent.get(key) ?? 0);
    if (p.state !== 'pulling' || !lastSent.has(key) || since >= THROTTLE_MS) send(p);
    else pending.set(key, setTimeout(() => { pending.delete(key); send(p); }, THROTTLE_MS - since));
  });
  sink.emit({ type: 'snapshot', pulls: hub.snapshot().filter(relevant).map(toPull) });
  return () => {
    unsubscribe();
    for (const t of pending.values()) clearTimeout(t);
  };
}

function toPull(p: PullState): ImagePull {
  return { ...p, pods: [...p.pods] };
}

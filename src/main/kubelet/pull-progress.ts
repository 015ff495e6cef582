/**
 * Image pulls in progress on this process's kubelets, for the cockpit's progress bars. The
 * kubelets' image puller reports every progress line of the runtime here (per node and image,
 * layers summed); the cockpit subscribes. Pull progress is not part of the Kubernetes API, so it
 * is only known for in-process nodes. Listeners never slow a pull: they are called synchronously
 * and must be cheap.
 */
import type { PullProgress } from '../runtime/types.js';
import type { ImagePull } from '../../shared/ipc/stream-types.js';

/** One pull's progress, exactly as the cockpit sends it. */
export type PullState = ImagePull;

type Listener = (pull: PullState) => void;

export class PullProgressHub {
  private readonly active = new Map<string, { state: PullState; layers: Map<string, { current: number; total: number }> }>();
  private readonly listeners = new Set<Listener>();

  start(node: string, image: string, pod: string): void {
    const key = `${node}|${image}`;
    const entry = this.active.get(key);
    if (entry) {
      if (!entry.state.pods.includes(pod)) entry.state.pods.push(pod);
      return;
    }
    const state: PullState = { node, image, pods: [pod], state: 'pulling', current: 0, total: 0, layers: 0, status: 'Pulling', startedAt: Date.now() };
    this.active.set(key, { state, layers: new Map() });
    this.emit(state);
  }

  progress(node: string, image: string, p: PullProgress): void {
    const entry = this.active.get(`${node}|${image}`);
    if (!entry) return;
    if (p.layer && (p.total !== undefined || /complete|exists/i.test(p.status))) {
      const layer = entry.layers.get(p.layer) ?? { current: 0, total: 0 };
      if (p.total !== undefined && /download/i.test(p.status)) layer.total = Math.max(layer.total, p.total);
      if (p.current !== undefined && /download/i.test(p.status)) layer.current = p.current;
      if (/download complete|pull complete|extracting|already exists/i.test(p.status)) layer.current = layer.total;
      entry.layers.set(p.layer, layer);
    }
    const s = entry.state;
    s.layers = entry.layers.size;
    s.total = [...entry.layers.values()].reduce((n, l) => n + l.total, 0);
    s.current = [...entry.layers.values()].reduce((n, l) => n + Math.min(l.current, l.total), 0);
    if (!p.layer && p.total !== undefined && entry.layers.size === 0) {
      s.total = p.total;
      s.current = p.current ?? 0;
    }
    s.status = p.status;
    this.emit(s);
  }

  finish(node: string, image: string, error?: string): void {
    const key = `${node}|${image}`;
    const entry = this.active.get(key);
    if (!entry) return;
    this.active.delete(key);
    const s = entry.state;
    s.state = error ? 'failed' : 'done';
    if (!error) s.current = s.total;
    s.message = error;
    this.emit(s);
  }

  /** Pulls running now. */
  snapshot(): PullState[] {
    return [...this.active.values()].map((e) => ({ ...e.state, pods: [...e.state.pods] }));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(state: PullState): void {
    for (const l of this.listeners) l({ ...state, pods: [...state.pods] });
  }
}

/** The process's hub: every in-process kubelet reports to it. */
export const pullProgress = new PullProgressHub();

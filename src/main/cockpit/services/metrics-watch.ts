/**
 * `metrics:watch`: usage pushed to the renderer as the metrics add-on samples it. The metrics
 * API scrapes at most once per resolution (15 s) and answers from that sample in between, so it
 * is asked a few times per resolution and a `sample` goes out only when it is a new one.
 */
import type { MetricsWatchEvent, MetricsWatchRequest } from '../../../shared/ipc/stream-types.js';
import type { EventSink, SubscriptionHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';
import { toIpcError } from '../errors.js';
import { readNodeMetrics, readPodMetrics } from './cluster-views.js';

/** How often the (cached) metrics API is asked; a third of metrics-server's 15 s resolution. */
export const METRICS_CHECK_MS = 5000;

export function metricsWatchHandlers(ctx: CockpitContext, checkMs = METRICS_CHECK_MS): SubscriptionHandlers {
  return { 'metrics:watch': async (r, sink) => watchMetrics(ctx, r, sink, checkMs) };
}

function watchMetrics(ctx: CockpitContext, r: MetricsWatchRequest, sink: EventSink<MetricsWatchEvent>, checkMs: number): () => void {
  let last = '';
  let lastProblem = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const check = async () => {
    try {
      const nodes = await readNodeMetrics(ctx);
      const pods = r.pods ? await readPodMetrics(ctx, r.namespace) : undefined;
      const stamp = JSON.stringify([nodes.map((n) => [n.name, n.timestamp]), pods?.map((p) => [p.namespace, p.name, p.timestamp])]);
      if (!stopped && stamp !== last) {
        last = stamp;
        lastProblem = '';
        sink.emit({ type: 'sample', nodes, ...(pods ? { pods } : {}) });
      }
    } catch (e) {
      const message = toIpcError(e).message;
      if (!stopped && message !== lastProblem) {
        lastProblem = message;
        last = '';
        sink.emit({ type: 'unavailable', message });
      }
    }
    if (!stopped) timer = setTimeout(() => void check(), checkMs);
  };
  void check();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

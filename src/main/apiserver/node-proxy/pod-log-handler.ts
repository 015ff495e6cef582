/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log` (PodLogOptions in the query): finds the pod's
 * node and streams that kubelet's answer as `text/plain`, chunk by chunk, for as long as the
 * kubelet's stream lasts (`follow`) or the client stays. A pod not yet scheduled has no logs: an
 * empty 200, as upstream. Errors are upstream's (404 pod, 400 container, 422 options, the
 * kubelet's 400s such as `container "c" in pod "p" is waiting to start: ContainerCreating`).
 */
import type { ApiClient } from '../../client/api-client.js';
import { parsePodLogQuery } from '../../kubelet/server/log-options.js';
import { errors } from '../errors.js';
import type { StreamSink } from '../http/types.js';
import type { ExtraHandler } from '../server.js';
import type { NodeConnections } from './node-connections.js';
import { resolvePodTarget } from './pod-target.js';

const PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log\/?$/;
const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
/** How often a paused log stream checks whether its client has caught up. */
const BACKED_UP_RETRY_MS = 50;

export interface PodLogHandlerOptions {
  /** Reads pods (the in-process admin client). */
  client: ApiClient;
  connections: NodeConnections;
}

export function podLogHandler(options: PodLogHandlerOptions): ExtraHandler {
  return async (req) => {
    const m = PATH.exec(req.path);
    if (!m) return undefined;
    if (req.method !== 'GET') throw errors.methodNotAllowed(`${req.method} is not supported on pods/log: use GET`);
    const [namespace, name] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
    const query = parsePodLogQuery(req.query, name);
    const target = await resolvePodTarget(options.client, namespace, name, query.container);
    if (!target.nodeName) return { status: 200, headers: TEXT, body: '' };
    const node = await options.connections.get(target.nodeName);
    const logs = await node.logs(namespace, name, target.container, query.options);
    if (req.signal?.aborted) {
      destroy(logs);
      return { status: 200, headers: TEXT, body: '' };
    }
    return { status: 200, headers: TEXT, stream: (sink) => copyToSink(logs, sink) };
  };
}

/**
 * Copies raw chunks to the sink. While the client is backed up (`write` returns false) the
 * source is paused, and resumed once a zero-length probe write finds room again.
 */
export function copyToSink(source: NodeJS.ReadableStream, sink: StreamSink): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  sink.onClose(() => {
    clearTimeout(timer);
    destroy(source);
  });
  const waitForRoom = () => {
    timer = setTimeout(() => {
      if (sink.closed) return;
      if (sink.write(Buffer.alloc(0))) source.resume();
      else waitForRoom();
    }, BACKED_UP_RETRY_MS);
  };
  source.on('data', (chunk: Buffer | string) => {
    if (sink.closed) return;
    if (!sink.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) {
      source.pause();
      waitForRoom();
    }
  });
  for (const event of ['end', 'close', 'error']) source.once(event, () => sink.end());
}

function destroy(stream: NodeJS.ReadableStream): void {
  (stream as { destroy?: () => void }).destroy?.();
}

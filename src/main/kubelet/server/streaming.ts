/**
 * What the API server needs from a node to serve `pods/log`, `pods/exec`, `pods/attach` and the
 * metrics API: the kubelet's streaming interface (upstream: the kubelet server's
 * `/containerLogs`, `/exec`, `/attach` and `/stats/summary`).
 *
 * Two implementations the API server cannot tell apart: `KubeletStreaming` (in-process, over a
 * `Kubelet` and its runtime) and `RemoteNodeConnection` (a `pilothouse agent` reached over
 * HTTPS, see `apiserver/node-proxy/remote-node.ts`, served by `kubelet-server.ts`).
 *
 * Errors are `ApiError`s carrying the Kubernetes `Status` the user should see (upstream's
 * kubelet wording), so the API server forwards them as they are and a remote kubelet sends them
 * over the wire as Status JSON.
 */
import type { Status } from '../../../shared/api/object.js';
import { ApiError, isApiError } from '../../apiserver/errors.js';
import type { ExecOptions, ExecSession, LogOptions } from '../../runtime/types.js';
import type { StatsSummary } from './stats-summary.js';

/** `PodLogOptions` as the kubelet needs them (the container is a separate argument). */
export interface ContainerLogOptions extends LogOptions {
  /** Logs of the previous, terminated instance of the container (`kubectl logs --previous`). */
  previous: boolean;
}

export interface NodeStreaming {
  readonly nodeName: string;
  /**
   * The logs of one container of a pod bound to this node. With `follow` the stream stays open
   * until the container stops or the reader destroys it. Rejects before any byte is sent when
   * the pod, the container or its logs cannot be found (400/404 with upstream's message).
   */
  logs(namespace: string, pod: string, container: string, options: ContainerLogOptions): Promise<NodeJS.ReadableStream>;
  /**
   * Runs `command` in the container's current, running instance. Resolves once the command is
   * started; the session's `exitCode` settles when it ends (rejects when it could not be run).
   */
  exec(namespace: string, pod: string, container: string, command: string[], options: ExecOptions): Promise<ExecSession>;
  /** Attaches to the output of the container's main process (and its stdin, where the runtime can). */
  attach(namespace: string, pod: string, container: string, options: ExecOptions): Promise<ExecSession>;
  /** CPU and memory of the node and of each pod with running containers, measured now. */
  summary(): Promise<StatsSummary>;
}

/** A `Status` error (`Failure`) with the given code, reason and message. */
export function statusError(code: number, reason: string, message: string): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

export const streamingErrors = {
  badRequest: (message: string) => statusError(400, 'BadRequest', message),
  notFound: (message: string) => statusError(404, 'NotFound', message),
  internal: (message: string) => statusError(500, 'InternalError', `Internal error occurred: ${message}`),
  unavailable: (message: string) => statusError(503, 'ServiceUnavailable', message),
};

/**
 * The Status to answer for a failed streaming request: an `ApiError`'s own, else a 500 that is
 * logged under `component` (a bug, or a failure nobody turned into a message yet).
 */
export function errorStatus(e: unknown, component: string): Status {
  if (isApiError(e)) return e.status;
  const message = e instanceof Error ? e.message : String(e);
  console.error(`${component}: request failed: error=${message}`);
  return streamingErrors.internal(message).status;
}

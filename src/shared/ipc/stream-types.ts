/**
 * Request and event types of the streaming channels: `pods:logs` (one pod, or every pod of a
 * workload interleaved with a per-pod prefix) and `pods:exec` (a shell, with `exec:input` and
 * `exec:resize` calls while it runs).
 */

import type { NodeUsage, PodUsage } from './operation-types.js';

export interface MetricsWatchRequest {
  /** Pod usage too (default false: nodes only). */
  pods?: boolean;
  /** Pods of this namespace only (default: all). */
  namespace?: string;
}

/**
 * Events of `metrics:watch`: a `sample` now and whenever the metrics add-on takes a new one
 * (metrics-server's resolution, 15 s); `unavailable` while metrics.k8s.io does not answer (the
 * add-on is disabled, or nodes have no stats yet), with the reason.
 */
export type MetricsWatchEvent =
  | { type: 'sample'; nodes: NodeUsage[]; pods?: PodUsage[] }
  | { type: 'unavailable'; message: string };

export interface LogsRequest {
  namespace: string;
  /** One pod... */
  pod?: string;
  /** ...or every pod of a workload (pods that appear later are followed too). Exactly one of `pod` and `owner`. */
  owner?: { kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job'; name: string };
  /** Default: the pod's only (or first) container. */
  container?: string;
  /** Every container of the pod(s) (ignored when `container` is set). */
  allContainers?: boolean;
  follow?: boolean;
  /** The previous (terminated) instance of the container, as `kubectl logs --previous`. */
  previous?: boolean;
  /** Prefix each line with its RFC 3339 timestamp (from the runtime). */
  timestamps?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
}

/**
 * Events of `pods:logs`. `lines` are whole lines (no trailing newline), batched: a burst
 * arrives as a few large events, not one event per line. `source` identifies the stream so a
 * multi-pod view can prefix and colour each line (`[web-5d8f-abc/nginx]`).
 */
export type LogsEvent =
  | { type: 'lines'; source: LogSource; lines: string[] }
  /**
   * A stream started, ended, is waiting for its container to run (with `follow`; it starts by
   * itself when the container does), or could not start (`message` says why).
   */
  | { type: 'stream'; source: LogSource; state: 'started' | 'ended' | 'waiting' | 'error'; message?: string }
  /** Multi-pod: the set of pods being followed changed. */
  | { type: 'pods'; pods: string[] };

export interface LogSource {
  pod: string;
  container: string;
}

export interface ExecRequest {
  namespace: string;
  pod: string;
  container?: string;
  /** Default `['sh']`. */
  command?: string[];
  /** Allocate a terminal (default true); output then arrives on stdout only. */
  tty?: boolean;
  /** Initial terminal size. */
  cols?: number;
  rows?: number;
}

/**
 * Events of `pods:exec`: `started` first (its `sessionId` is what `exec:input` / `exec:resize`
 * take), then output (UTF-8 text, decoded across chunk boundaries), then one `exit`.
 */
export type ExecEvent =
  | { type: 'started'; sessionId: string }
  | { type: 'stdout'; data: string }
  | { type: 'stderr'; data: string }
  | { type: 'exit'; code: number; message?: string };

export interface ExecInputRequest {
  sessionId: string;
  /** Keystrokes / pasted text, sent as UTF-8. */
  data: string;
}

export interface ExecResizeRequest {
  sessionId: string;
  cols: number;
  rows: number;
}

export interface ImagePullsRequest {
  /** Only pulls for pods of this namespace (default: all). */
  namespace?: string;
}

/** An image pull on one node: bytes over all layers whose size is known (for a progress bar). */
export interface ImagePull {
  node: string;
  image: string;
  /** Pods (`namespace/name`) waiting for it. */
  pods: string[];
  state: 'pulling' | 'done' | 'failed';
  current: number;
  total: number;
  layers: number;
  /** The runtime's latest status line (`Downloading`, `Extracting`, `Pull complete`...). */
  status: string;
  message?: string;
  startedAt: number;
}

/**
 * Events of `images:pulls`: `snapshot` first (pulls running now), then `pull` whenever one
 * starts, progresses (at most about every 100 ms per pull) or ends (`state` done / failed).
 * Known for the cluster's in-process nodes only (progress is not part of the Kubernetes API).
 */
export type ImagePullsEvent = { type: 'snapshot'; pulls: ImagePull[] } | { type: 'pull'; pull: ImagePull };

/**
 * `network:portForward`: a listener on the host's 127.0.0.1 (a free port unless `localPort` is
 * given) whose connections reach a pod's port or a Service's port, for as long as the
 * subscription lasts (unsubscribing closes it). `port` is a number or a port name.
 */
export interface PortForwardRequest {
  kind: 'pod' | 'service';
  namespace: string;
  name: string;
  port: number | string;
  localPort?: number;
}

/** `ready` once the local port listens: open `url` in a browser, or point a client at `localPort`. */
export type PortForwardEvent = { type: 'ready'; localPort: number; target: string; url: string };

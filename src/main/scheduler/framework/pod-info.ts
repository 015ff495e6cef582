/**
 * What the scheduler needs to know about a pod, computed once per pod version (not per node):
 * its requests, host ports, images and priority. Plugins and the node cache read these instead
 * of walking the pod spec for every node.
 */
import type { Pod } from '../api-types.js';
import { podKey, podUid } from '../api-types.js';
import { podRequests, type Resource } from './resource.js';

export interface HostPort {
  /** `0.0.0.0` when the container does not name a host IP. */
  ip: string;
  /** `TCP` when unset. */
  protocol: string;
  port: number;
}

export interface PodInfo {
  readonly pod: Pod;
  readonly uid: string;
  /** `namespace/name`. */
  readonly key: string;
  /** `spec.priority`, 0 when unset. */
  readonly priority: number;
  /** What the pod asks for (upstream `PodRequests`): what NodeResourcesFit checks. */
  readonly requests: Resource;
  /** The same with upstream's defaults for containers without CPU / memory requests (scoring). */
  readonly nonZeroRequests: Resource;
  /** Container ports with a `hostPort` (upstream checks regular containers only). */
  readonly hostPorts: readonly HostPort[];
  /** Image names of init and regular containers, with `:latest` added when untagged. */
  readonly images: readonly string[];
}

export function newPodInfo(pod: Pod): PodInfo {
  const spec = pod.spec;
  return {
    pod,
    uid: podUid(pod),
    key: podKey(pod),
    priority: spec?.priority ?? 0,
    requests: podRequests(spec),
    nonZeroRequests: podRequests(spec, true),
    hostPorts: hostPortsOf(pod),
    images: imagesOf(pod),
  };
}

function hostPortsOf(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

function imagesOf(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    if (c.image) out.push(normalizedImageName(c.image));
  }
  return out;
}

/** Upstream's rule: a name without a tag (no `:` after the last `/`) means `:latest`. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/**
 * Names and label filters of the Docker objects a node owns. Names are for people reading
 * `docker ps`; the kubelet finds everything by labels (`LABELS`), never by name or memory.
 */
import { LABELS } from '../types.js';

/** What a container or sandbox name is built from. */
export interface NameParts {
  node: string;
  podName: string;
  podNamespace: string;
  podUid: string;
  /** The container's name, or `POD` for a sandbox. */
  container: string;
  /** Restart count of a container, or the attempt number of a sandbox. */
  attempt: number;
}

/** Docker allows `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; anything else becomes `-`. */
function part(s: string): string {
  return s.replace(/[^a-zA-Z0-9.-]/g, '-') || '-';
}

/**
 * `pilothouse_<node>_<pod>_<namespace>_<container>_<attempt>_<uid prefix>`: unique per pod
 * instance and attempt, readable in `docker ps`. Sandboxes use the container name `POD`.
 */
export function objectName(p: NameParts): string {
  const uid = p.podUid.replace(/[^a-zA-Z0-9]/g, '').slice(0, 8) || 'nouid';
  return ['pilothouse', part(p.node), part(p.podName), part(p.podNamespace), part(p.container), String(p.attempt), uid].join('_');
}

/** Docker `label` filters (`key=value`, or `key` alone for "has the label"). */
export function labelFilters(labels: Record<string, string | undefined>): string[] {
  return Object.entries(labels).map(([k, v]) => (v === undefined ? k : `${k}=${v}`));
}

/**
 * The label filter that selects one node's sandboxes (`role: 'sandbox'`) or containers.
 * `runtimeLabels` (the cluster's identity) keep two clusters on one engine apart even when
 * their node names are the same.
 */
export function ownedBy(role: 'sandbox' | 'container', filter: { node: string; podUid?: string }, runtimeLabels: Record<string, string> = {}): string[] {
  const labels: Record<string, string> = { ...runtimeLabels, [LABELS.node]: filter.node, [LABELS.role]: role };
  if (filter.podUid !== undefined) labels[LABELS.podUid] = filter.podUid;
  return labelFilters(labels);
}

/** The sandbox id an app container joined (`NetworkMode: container:<id>`), if any. */
export function sandboxIdOf(networkMode: string | undefined): string | undefined {
  return networkMode?.startsWith('container:') ? networkMode.slice('container:'.length) : undefined;
}

/**
 * The downward API: pod fields and container resources as strings, for `env[].valueFrom`
 * (`fieldRef`, `resourceFieldRef`) and for `downwardAPI` volume files. Upstream
 * `podFieldSelectorRuntimeValue`, `fieldpath.ExtractFieldPathAsString` and
 * `resource.ExtractContainerResourceValue`, with their error wording.
 */
import { parseQuantity, quantityMilliValue, type Quantity } from '../../shared/api/quantity.js';
import type { Container, Pod } from './api-types.js';

/** What the node knows about a pod beyond its spec. */
export interface PodRuntimeFacts {
  podIP?: string;
  hostIP: string;
  /** The node's allocatable CPU and memory: the value of a `limits.*` reference when no limit is set. */
  allocatable: { cpu?: string | number; memory?: string | number };
}

/** An unresolvable downward-API reference (bad path, unknown container or resource). */
export class DownwardApiError extends Error {}

/**
 * Value of a `fieldRef` in an env var: spec and status fields, then what volumes also allow
 * (`metadata.*`, `metadata.labels['k']`, `metadata.annotations['k']`).
 */
export function envFieldValue(pod: Pod, fieldPath: string, facts: PodRuntimeFacts): string {
  switch (fieldPath) {
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
    case 'status.hostIPs': return facts.hostIP;
    case 'status.podIP':
    case 'status.podIPs': return facts.podIP ?? '';
    case 'spec.terminationGracePeriodSeconds': return String(pod.spec?.terminationGracePeriodSeconds ?? 30);
    default: return podFieldValue(pod, fieldPath);
  }
}

/** Value of a metadata `fieldPath` (upstream `ExtractFieldPathAsString`). */
export function podFieldValue(pod: Pod, fieldPath: string): string {
  const m = /^(metadata\.[a-z]+)\['(.*)'\]$/.exec(fieldPath);
  if (m) {
    const [, path, key] = m;
    if (path === 'metadata.labels') return pod.metadata.labels?.[key] ?? '';
    if (path === 'metadata.annotations') return pod.metadata.annotations?.[key] ?? '';
    throw new DownwardApiError(`fieldPath "${path}" does not support subscript`);
  }
  switch (fieldPath) {
    case 'metadata.name': return pod.metadata.name ?? '';
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'metadata.labels': return formatMap(pod.metadata.labels);
    case 'metadata.annotations': return formatMap(pod.metadata.annotations);
    default: throw new DownwardApiError(`unsupported fieldPath: ${fieldPath}`);
  }
}

/** Upstream `FormatMap`: `key="value"` lines sorted by key, Go-quoted values. */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

export interface ResourceFieldRef {
  containerName?: string;
  resource?: string;
  divisor?: string | number;
}

/**
 * Value of a `resourceFieldRef`, rounded up in units of `divisor` (default 1). The container is
 * `ref.containerName`, else `self`. A missing limit reads as the node's allocatable, a missing
 * request as 0, as upstream.
 */
export function resourceFieldValue(pod: Pod, self: Container | undefined, ref: ResourceFieldRef, facts: PodRuntimeFacts): string {
  const container = ref.containerName ? findContainer(pod, ref.containerName) : self;
  if (!container) throw new DownwardApiError(`container ${ref.containerName ?? ''} not found`);
  const [kind, resource] = (ref.resource ?? '').split('.', 2) as [string, string | undefined];
  if ((kind !== 'limits' && kind !== 'requests') || (resource !== 'cpu' && resource !== 'memory' && resource !== 'ephemeral-storage')) {
    throw new DownwardApiError(`unsupported container resource : ${ref.resource ?? ''}`);
  }
  const divisor = divisorOf(ref.divisor);
  let value = container.resources?.[kind]?.[resource];
  if (value === undefined && kind === 'limits' && resource !== 'ephemeral-storage') value = facts.allocatable[resource];
  const q = parseQuantity(value ?? 0);
  if (resource === 'cpu') return String(Math.ceil(quantityMilliValue(q) / quantityMilliValue(divisor)));
  return String(Math.ceil(integerValue(q) / integerValue(divisor)));
}

function findContainer(pod: Pod, name: string): Container | undefined {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);
}

function divisorOf(d: string | number | undefined): Quantity {
  const q = parseQuantity(d ?? 1);
  return q.num === 0n ? parseQuantity(1) : q;
}

/** Upstream `Quantity.Value()`: the value rounded up to an integer. */
function integerValue(q: Quantity): number {
  const div = 10n ** BigInt(q.scale);
  const whole = q.num / div;
  return Number(q.num % div !== 0n && q.num > 0n ? whole + 1n : whole);
}

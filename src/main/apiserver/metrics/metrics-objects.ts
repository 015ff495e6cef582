/**
 * `metrics.k8s.io/v1beta1` objects as metrics-server writes them: `NodeMetrics` and
 * `PodMetrics` with `timestamp`, `window` (a Go duration) and `usage` quantities — CPU in
 * nanocores (`12345678n`), memory in binary units (`12345Ki`).
 */
import { canonicalQuantity, formatQuantity } from '../../../shared/api/quantity.js';
import type { NodeUsage, PodUsage, Usage } from './metrics-scraper.js';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
export const METRICS_API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;

export function cpuQuantity(nanoCores: number): string {
  return canonicalQuantity(`${Math.max(0, Math.round(nanoCores))}n`);
}

/** Rounded to whole KiB, as cgroup memory figures are. */
export function memoryQuantity(bytes: number): string {
  return formatQuantity(Math.max(0, Math.round(bytes / 1024)) * 1024, 'BinarySI');
}

function usage(u: Usage): { cpu: string; memory: string } {
  return { cpu: cpuQuantity(u.cpuNanoCores), memory: memoryQuantity(u.memoryBytes) };
}

/** `15s`, `10.5s`: how Go prints a `metav1.Duration` of whole or fractional seconds. */
export function window(seconds: number): string {
  return `${Number(seconds.toFixed(3))}s`;
}

export function nodeMetrics(n: NodeUsage, windowSeconds: number): Record<string, unknown> {
  return {
    kind: 'NodeMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: { name: n.name, labels: n.labels, creationTimestamp: n.timestamp },
    timestamp: n.timestamp,
    window: window(windowSeconds),
    usage: usage(n),
  };
}

export function podMetrics(p: PodUsage, windowSeconds: number): Record<string, unknown> {
  return {
    kind: 'PodMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: { name: p.name, namespace: p.namespace, labels: p.labels, creationTimestamp: p.timestamp },
    timestamp: p.timestamp,
    window: window(windowSeconds),
    containers: p.containers.map((c) => ({ name: c.name, usage: usage(c) })),
  };
}

export function metricsList(kind: 'NodeMetricsList' | 'PodMetricsList', items: unknown[]): Record<string, unknown> {
  return { kind, apiVersion: METRICS_API_VERSION, metadata: {}, items };
}

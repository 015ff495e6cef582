/**
 * Kubelet configuration: what the node looks like (capacity, labels, taints, addresses) and how
 * often it does things. Every duration is upstream's default and configurable, so tests can run
 * a crash loop in milliseconds. `resolveTimings` fills the defaults and checks the values.
 */

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Node capacity; quantities as the API writes them (`cpu: '4'`, `memory: '8Gi'`). */
export interface NodeCapacity {
  cpu: string;
  memory: string;
  pods?: number | string;
  'ephemeral-storage'?: string;
  [resource: string]: string | number | undefined;
}

export interface KubeletTimings {
  /** Lease duration (upstream 40s); the Lease is renewed every quarter of it (10s). */
  leaseDurationSeconds: number;
  /** Renew interval of the Lease (upstream 0.25 × duration = 10s). */
  leaseRenewIntervalMs: number;
  /** How often node status is computed and compared (upstream `nodeStatusUpdateFrequency` 10s). */
  nodeStatusUpdateFrequencyMs: number;
  /** Node status is posted at least this often even when unchanged (upstream `nodeStatusReportFrequency` 5m). */
  nodeStatusReportFrequencyMs: number;
  /** CrashLoopBackOff: first window (upstream 10s), doubling to `backoffMaxMs` (300s). Reset after 2 × max running. */
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** ImagePullBackOff windows (upstream the same 10s → 300s). */
  imageBackoffInitialMs: number;
  imageBackoffMaxMs: number;
  /** Every pod is synced again at least this often (upstream `syncFrequency` 1m). */
  syncFrequencyMs: number;
  /** Removal of runtime objects whose pods are gone (upstream housekeeping 2s). */
  housekeepingIntervalMs: number;
  /** Milliseconds per "second" in probe specs (1000; tests shrink it). */
  probeSecondMs: number;
  /** Pod syncs running at once in one kubelet. */
  maxConcurrentSyncs: number;
}

export const DEFAULT_TIMINGS: KubeletTimings = {
  leaseDurationSeconds: 40,
  leaseRenewIntervalMs: 10_000,
  nodeStatusUpdateFrequencyMs: 10_000,
  nodeStatusReportFrequencyMs: 5 * 60_000,
  backoffInitialMs: 10_000,
  backoffMaxMs: 300_000,
  imageBackoffInitialMs: 10_000,
  imageBackoffMaxMs: 300_000,
  syncFrequencyMs: 60_000,
  housekeepingIntervalMs: 2_000,
  probeSecondMs: 1000,
  maxConcurrentSyncs: 8,
};

export class KubeletConfigError extends Error {}

export function resolveTimings(partial: Partial<KubeletTimings> = {}): KubeletTimings {
  const t = { ...DEFAULT_TIMINGS, ...partial };
  for (const [k, v] of Object.entries(t)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new KubeletConfigError(`kubelet timing ${k} must be a positive number of milliseconds (or seconds for leaseDurationSeconds), got ${String(v)}`);
    }
  }
  if (t.backoffMaxMs < t.backoffInitialMs || t.imageBackoffMaxMs < t.imageBackoffInitialMs) {
    throw new KubeletConfigError('kubelet backoff maximum must not be below its initial window');
  }
  return t;
}

/** The version the node reports (`kubectl get nodes` VERSION). */
export const KUBELET_VERSION = 'v1.32.0-pilothouse';
/** Upstream's default `maxPods`. */
export const DEFAULT_MAX_PODS = 110;
/** The kubelet's port as data in `status.daemonEndpoints` (nothing listens there). */
export const DEFAULT_KUBELET_PORT = 10250;

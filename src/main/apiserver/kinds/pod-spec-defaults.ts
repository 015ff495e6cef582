/**
 * Defaults for a PodSpec as upstream's `core/v1/defaults.go` fills them; shared by Pods and every
 * pod template (Deployment, ReplicaSet, ReplicationController). Pod-only defaults (requests from
 * limits, `enableServiceLinks`, admission-filled fields) live in `pod-defaults.ts`.
 * Every function is idempotent: it only fills what is missing.
 */
import { canonicalQuantity, isQuantity } from '../../../shared/api/quantity.js';
import type { Container, Handler, PodSpec, Probe, ResourceList, Volume } from './pod-types.js';

export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** `SetDefaults_PodSpec` plus the defaults of everything inside it. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  spec.schedulerName ||= DEFAULT_SCHEDULER_NAME;
  if (spec.serviceAccountName && !spec.serviceAccount) spec.serviceAccount = spec.serviceAccountName;
  if (spec.serviceAccount && !spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount;
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.ephemeralContainers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

/** `SetDefaults_Container`: pull policy from the tag, termination message, ports, probes, env, resources. */
export function defaultContainer(c: Container): void {
  c.imagePullPolicy ||= imagePullPolicyFor(c.image ?? '');
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  c.resources ??= {};
  canonicalizeResources(c.resources.limits);
  canonicalizeResources(c.resources.requests);
  for (const p of c.ports ?? []) p.protocol ||= 'TCP';
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
  if (c.lifecycle?.postStart) defaultHandler(c.lifecycle.postStart);
  if (c.lifecycle?.preStop) defaultHandler(c.lifecycle.preStop);
  for (const e of c.env ?? []) {
    if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ||= 'v1';
  }
}

/** `Always` for `:latest` or an untagged image, otherwise `IfNotPresent` (a digest counts as a tag). */
export function imagePullPolicyFor(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** `SetDefaults_Probe` and its handler: 1s timeout, every 10s, 1 success, 3 failures. */
export function defaultProbe(probe: Probe): void {
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  defaultHandler(probe);
}

function defaultHandler(h: Handler): void {
  if (h.httpGet) {
    h.httpGet.path ||= '/';
    h.httpGet.scheme ||= 'HTTP';
  }
}

/** Rewrites valid quantities in upstream's canonical form (`0.5` → `500m`), as a real server stores them. */
function canonicalizeResources(list: ResourceList | undefined): void {
  for (const [k, v] of Object.entries(list ?? {})) {
    if (isQuantity(v)) list![k] = canonicalQuantity(v);
  }
}

const VOLUME_SOURCES_WITH_MODE = ['secret', 'configMap', 'downwardAPI', 'projected'] as const;

/** `SetDefaults_Volume` and the sources' defaults (file modes 0644, an emptyDir when no source is set). */
export function defaultVolume(v: Volume): void {
  const keys = Object.keys(v).filter((k) => k !== 'name');
  if (keys.length === 0) v.emptyDir = {};
  for (const key of VOLUME_SOURCES_WITH_MODE) {
    const source = v[key] as { defaultMode?: number } | undefined;
    if (source && typeof source === 'object') source.defaultMode ??= 0o644;
  }
  const hostPath = v.hostPath as { type?: string } | undefined;
  if (hostPath && typeof hostPath === 'object') hostPath.type ??= '';
  const projected = v.projected as { sources?: { serviceAccountToken?: { expirationSeconds?: number } }[] } | undefined;
  for (const s of projected?.sources ?? []) {
    if (s.serviceAccountToken) s.serviceAccountToken.expirationSeconds ??= 3600;
  }
}

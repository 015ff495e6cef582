/**
 * Defaults a real cluster gives a Pod (not a pod template) on every write: the PodSpec defaults,
 * then upstream `SetDefaults_Pod` (requests default to limits, `enableServiceLinks`, host ports
 * on the host network) and what admission plugins fill in (ServiceAccount → `default`,
 * Priority → `priority: 0` and `preemptionPolicy: PreemptLowerPriority`).
 *
 * Not done here: `status` on create (`phase: Pending`, `qosClass`) is set by the registry's
 * create path (`registry/status-on-create.ts`); the DefaultTolerationSeconds admission plugin's
 * not-ready/unreachable tolerations and the service-account token volume are not added.
 */
import { defaultPodSpec } from './pod-spec-defaults.js';
import type { Container, Pod } from './pod-types.js';

export function defaultPod(pod: Pod): void {
  pod.spec ??= {};
  const spec = pod.spec;
  defaultPodSpec(spec);
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) requestsFromLimits(c);
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const p of c.ports ?? []) if (!p.hostPort && p.containerPort) p.hostPort = p.containerPort;
    }
  }
  spec.serviceAccountName ||= 'default';
  spec.serviceAccount ||= spec.serviceAccountName;
  spec.priority ??= 0;
  spec.preemptionPolicy ||= 'PreemptLowerPriority';
}

/** A resource with a limit but no request is requested at its limit. */
function requestsFromLimits(c: Container): void {
  const limits = c.resources?.limits;
  if (!limits || !c.resources) return;
  c.resources.requests ??= {};
  for (const [k, v] of Object.entries(limits)) c.resources.requests[k] ??= v;
}

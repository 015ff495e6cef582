/**
 * Probe and lifecycle-handler validation (upstream `validateProbe`, `validateHandler`): exactly
 * one action, well-formed ports and paths, non-negative timings, `successThreshold: 1` where
 * only 1 makes sense.
 */
import { forbidden, invalid, nonNegative, notSupported, required, type FieldError } from './field-errors.js';
import { validatePortNumOrName } from './network-checks.js';
import type { Handler, Probe } from './pod-types.js';

const HANDLER_KINDS = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const;

/** Exactly one of exec / httpGet / tcpSocket / grpc (probes) or sleep (lifecycle hooks). */
export function validateHandler(h: Handler, path: string, gracePeriod: number | undefined, allowed: readonly string[]): FieldError[] {
  const out: FieldError[] = [];
  let count = 0;
  for (const kind of HANDLER_KINDS) {
    if (h[kind] === undefined || h[kind] === null || !allowed.includes(kind)) continue;
    if (count > 0) {
      out.push(forbidden(`${path}.${kind}`, 'may not specify more than 1 handler type'));
      continue;
    }
    count += 1;
    out.push(...validateAction(h, kind, `${path}.${kind}`, gracePeriod));
  }
  if (count === 0) out.push(required(path, 'must specify a handler type'));
  return out;
}

function validateAction(h: Handler, kind: (typeof HANDLER_KINDS)[number], path: string, gracePeriod: number | undefined): FieldError[] {
  switch (kind) {
    case 'exec':
      return h.exec?.command?.length ? [] : [required(`${path}.command`)];
    case 'httpGet': {
      const out: FieldError[] = [];
      if (!h.httpGet?.path) out.push(required(`${path}.path`));
      out.push(...validatePortNumOrName(h.httpGet?.port, `${path}.port`));
      const scheme = h.httpGet?.scheme ?? '';
      if (scheme !== 'HTTP' && scheme !== 'HTTPS') out.push(notSupported(`${path}.scheme`, scheme, ['HTTP', 'HTTPS']));
      return out;
    }
    case 'tcpSocket':
      return validatePortNumOrName(h.tcpSocket?.port, `${path}.port`);
    case 'grpc':
      return validatePortNumOrName(h.grpc?.port, `${path}.port`);
    case 'sleep': {
      const seconds = h.sleep?.seconds ?? 0;
      if (gracePeriod === undefined || (seconds > 0 && seconds <= gracePeriod)) return [];
      return [invalid(path, seconds, `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod})`)];
    }
  }
}

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** One probe; liveness and startup probes must have `successThreshold: 1`. */
export function validateProbe(probe: Probe | undefined, kind: ProbeKind, path: string, gracePeriod: number | undefined): FieldError[] {
  if (!probe) return [];
  const out = validateHandler(probe, path, gracePeriod, ['exec', 'httpGet', 'tcpSocket', 'grpc']);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    out.push(...nonNegative(`${path}.${f}`, probe[f]));
  }
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds <= 0) {
    out.push(invalid(`${path}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'must be greater than 0'));
  }
  if (kind !== 'readinessProbe' && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    out.push(invalid(`${path}.successThreshold`, probe.successThreshold, 'must be 1'));
  }
  if (kind === 'readinessProbe' && probe.terminationGracePeriodSeconds !== undefined) {
    out.push(invalid(`${path}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  return out;
}

/** `postStart` / `preStop` hooks. */
export function validateLifecycle(lifecycle: { postStart?: Handler; preStop?: Handler }, path: string, gracePeriod: number | undefined): FieldError[] {
  const out: FieldError[] = [];
  const allowed = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
  if (lifecycle.postStart) out.push(...validateHandler(lifecycle.postStart, `${path}.postStart`, gracePeriod, allowed));
  if (lifecycle.preStop) out.push(...validateHandler(lifecycle.preStop, `${path}.preStop`, gracePeriod, allowed));
  return out;
}

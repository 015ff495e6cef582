/**
 * `PodLogOptions` in a query string, both ways: the API server reads them from
 * `pods/{name}/log?…` and the kubelet server from `/containerLogs/…?…`; a remote node
 * connection writes them. Parsing follows upstream's query conversion (a boolean is true unless
 * `0` or `false`; an empty number is unset) and `ValidatePodLogOptions` (422 Invalid).
 * `stream` (split stdout/stderr, alpha and off by default in 1.32) and
 * `insecureSkipTLSVerifyBackend` are accepted and ignored.
 */
import { errors } from '../../apiserver/errors.js';
import type { FieldError } from '../../apiserver/registry/types.js';
import { rfc3339 } from '../../util/time.js';
import type { ContainerLogOptions } from './streaming.js';

export interface PodLogQuery {
  /** Unset when the request names no container (the API server then picks the only one). */
  container?: string;
  options: ContainerLogOptions;
}

/**
 * Reads PodLogOptions from `query`. Throws 400 BadRequest for values that do not parse and 422
 * Invalid (`PodLogOptions "<pod>" is invalid: …`) for values upstream's validation rejects.
 */
export function parsePodLogQuery(query: URLSearchParams, podName: string): PodLogQuery {
  const options: ContainerLogOptions = {
    follow: flag(query, 'follow'),
    previous: flag(query, 'previous'),
    timestamps: flag(query, 'timestamps'),
    tailLines: integer(query, 'tailLines'),
    limitBytes: integer(query, 'limitBytes'),
    sinceSeconds: integer(query, 'sinceSeconds'),
    sinceTime: time(query, 'sinceTime'),
  };
  const problems: FieldError[] = [];
  if (options.tailLines !== undefined && options.tailLines < 0) {
    problems.push({ type: 'FieldValueInvalid', field: 'tailLines', badValue: options.tailLines, detail: 'must be greater than or equal to 0' });
  }
  if (options.limitBytes !== undefined && options.limitBytes < 1) {
    problems.push({ type: 'FieldValueInvalid', field: 'limitBytes', badValue: options.limitBytes, detail: 'must be greater than 0' });
  }
  if (options.sinceSeconds !== undefined && options.sinceTime !== undefined) {
    problems.push({ type: 'FieldValueForbidden', field: '', detail: 'at most one of `sinceTime` or `sinceSeconds` may be specified' });
  } else if (options.sinceSeconds !== undefined && options.sinceSeconds < 1) {
    problems.push({ type: 'FieldValueInvalid', field: 'sinceSeconds', badValue: options.sinceSeconds, detail: 'must be greater than 0' });
  }
  if (problems.length) throw errors.invalid('PodLogOptions', '', podName, problems);
  const container = query.get('container') || undefined;
  return { container, options };
}

/** The query string a kubelet's `/containerLogs` endpoint reads (upstream's `LogLocation` params). */
export function podLogQueryString(options: ContainerLogOptions): string {
  const q = new URLSearchParams();
  if (options.follow) q.set('follow', 'true');
  if (options.previous) q.set('previous', 'true');
  if (options.timestamps) q.set('timestamps', 'true');
  if (options.sinceSeconds !== undefined) q.set('sinceSeconds', String(options.sinceSeconds));
  if (options.sinceTime !== undefined) q.set('sinceTime', rfc3339(options.sinceTime));
  if (options.tailLines !== undefined) q.set('tailLines', String(options.tailLines));
  if (options.limitBytes !== undefined) q.set('limitBytes', String(options.limitBytes));
  return q.toString();
}

/** Upstream `Convert_Slice_string_To_bool`: absent is false; `0` and `false` are false; anything else is true. */
export function flag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  return v !== null && v !== '0' && v.toLowerCase() !== 'false';
}

function integer(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
    throw errors.badRequest(`invalid value for ${name}: strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  }
  return Number(v);
}

function time(query: URLSearchParams, name: string): Date | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw errors.badRequest(`invalid value for ${name}: ${JSON.stringify(v)} is not an RFC 3339 time`);
  return new Date(ms);
}

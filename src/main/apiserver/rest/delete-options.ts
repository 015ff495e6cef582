/** DeleteOptions from the request body (`kubectl delete` sends one) and query parameters. */
import { decodeBody } from '../body.js';
import { errors } from '../errors.js';
import type { ApiRequest } from '../http/types.js';
import type { DeleteOptions, PropagationPolicy } from '../registry/deletion.js';
import { isPlainObject } from '../../util/json.js';

const POLICIES = ['Orphan', 'Background', 'Foreground'];

export function parseDeleteOptions(req: ApiRequest): DeleteOptions {
  let body: Record<string, unknown> = {};
  if (req.body && req.body.length > 0 && req.body.toString('utf8').trim() !== '') {
    const value = decodeBody(req);
    if (!isPlainObject(value)) throw errors.badRequest('the DeleteOptions body must be a JSON object');
    body = value;
  }
  const q = req.query;
  const graceText = q.get('gracePeriodSeconds');
  const grace = graceText !== null ? Number(graceText) : (body.gracePeriodSeconds as number | undefined);
  if (grace !== undefined && !Number.isInteger(grace)) {
    throw errors.badRequest(`gracePeriodSeconds must be an integer, got "${graceText ?? String(body.gracePeriodSeconds)}"`);
  }
  const policy = (q.get('propagationPolicy') ?? body.propagationPolicy) as string | undefined;
  if (policy !== undefined && !POLICIES.includes(policy)) {
    throw errors.invalidRequest(
      `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  const orphanText = q.get('orphanDependents');
  const orphan = orphanText !== null ? orphanText === 'true' : (body.orphanDependents as boolean | undefined);
  if (orphan !== undefined && policy !== undefined) {
    throw errors.invalidRequest('orphanDependents and propagationPolicy cannot both be set');
  }
  const pre = isPlainObject(body.preconditions) ? (body.preconditions as { uid?: string; resourceVersion?: string }) : undefined;
  const dryRun = q.getAll('dryRun').includes('All') || (Array.isArray(body.dryRun) && body.dryRun.includes('All'));
  return {
    gracePeriodSeconds: grace,
    propagationPolicy: policy as PropagationPolicy | undefined,
    orphanDependents: orphan,
    preconditions: pre,
    dryRun,
  };
}

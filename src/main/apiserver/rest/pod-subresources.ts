/**
 * `pods/binding` (the scheduler's write: sets `spec.nodeName` once, with the PodScheduled
 * condition) and `pods/eviction` (policy/v1 Eviction: a graceful delete that `kubectl drain` uses).
 */
import type { KubeObject, Status } from '../../../shared/api/object.js';
import { isPlainObject } from '../../util/json.js';
import { rfc3339, type Clock } from '../../util/time.js';
import { decodeBody } from '../body.js';
import type { RequestContext } from '../context.js';
import { ApiError, errors } from '../errors.js';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import type { GenericRegistry } from '../registry/generic-registry.js';

const BIND_RETRIES = 5;

export async function bindPod(
  registry: GenericRegistry,
  ctx: RequestContext,
  name: string,
  req: ApiRequest,
  clock: Clock,
): Promise<ApiResponse> {
  const body = decodeBody(req) as {
    kind?: string;
    metadata?: { name?: string; uid?: string; annotations?: Record<string, string> };
    target?: { name?: string; kind?: string };
  };
  if (!isPlainObject(body) || (body.kind !== undefined && body.kind !== 'Binding')) {
    throw errors.badRequest('the body must be a v1 Binding object');
  }
  if (body.metadata?.name && body.metadata.name !== name) {
    throw errors.badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
  }
  const node = body.target?.name;
  if (!node) {
    throw errors.invalid('Binding', '', name, [{ type: 'FieldValueRequired', field: 'target.name', detail: 'the node to bind to' }]);
  }
  if (body.target?.kind && body.target.kind !== 'Node') {
    throw errors.invalid('Binding', '', name, [
      { type: 'FieldValueNotSupported', field: 'target.kind', badValue: body.target.kind, detail: 'supported values: "Node"' },
    ]);
  }
  const r = ctx.resource;
  for (let attempt = 0; ; attempt++) {
    const pod = await registry.objects.mustGet(r, ctx.namespace, name);
    // Upstream reports binding failures as conflicts on `pods/binding` (BindingREST.assignPod).
    const target = { group: '', resource: 'pods/binding', name };
    if (body.metadata?.uid && body.metadata.uid !== pod.metadata.uid) {
      throw errors.conflict(
        { group: '', resource: 'pods', name },
        `Precondition failed: UID in precondition: ${body.metadata.uid}, UID in object meta: ${pod.metadata.uid}`,
      );
    }
    if (pod.metadata.deletionTimestamp) throw errors.conflict(target, `pod ${name} is being deleted, cannot be assigned to a host`);
    const spec = pod.spec as { nodeName?: string };
    if (spec.nodeName) throw errors.conflict(target, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    spec.nodeName = node;
    if (body.metadata?.annotations) {
      pod.metadata.annotations = { ...pod.metadata.annotations, ...body.metadata.annotations };
    }
    setCondition(pod, { type: 'PodScheduled', status: 'True', lastTransitionTime: rfc3339(clock.now()) });
    if (ctx.dryRun) break;
    try {
      await registry.objects.update(r, pod, Number(pod.metadata.resourceVersion));
      break;
    } catch (e) {
      if (e instanceof ApiError && e.status.reason === 'Conflict' && attempt < BIND_RETRIES) continue;
      throw e;
    }
  }
  return { status: 201, body: success() };
}

export async function evictPod(registry: GenericRegistry, ctx: RequestContext, name: string, req: ApiRequest): Promise<ApiResponse> {
  const body = decodeBody(req) as { kind?: string; metadata?: { name?: string }; deleteOptions?: Record<string, unknown> };
  if (!isPlainObject(body) || (body.kind !== undefined && body.kind !== 'Eviction')) {
    throw errors.badRequest('the body must be a policy/v1 Eviction object');
  }
  if (body.metadata?.name && body.metadata.name !== name) {
    throw errors.badRequest(`name in URL does not match name in Eviction object`);
  }
  const opts = body.deleteOptions ?? {};
  await registry.delete(ctx, name, {
    gracePeriodSeconds: typeof opts.gracePeriodSeconds === 'number' ? opts.gracePeriodSeconds : undefined,
    preconditions: isPlainObject(opts.preconditions) ? (opts.preconditions as { uid?: string }) : undefined,
  });
  return { status: 201, body: success() };
}

function success(): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
  reason?: string;
  message?: string;
}

function setCondition(pod: KubeObject, condition: Condition): void {
  const status = (pod.status ??= {}) as { conditions?: Condition[] };
  const list = (status.conditions ??= []);
  const i = list.findIndex((c) => c.type === condition.type);
  const entry = { lastProbeTime: null, ...condition };
  if (i >= 0) list[i] = entry;
  else list.push(entry);
}

/**
 * Dispatches a request on a stored resource (and its status / scale / finalize subresources)
 * to the generic registry, and renders the answer (JSON or Table).
 */
import type { KubeObject } from '../../../shared/api/object.js';
import { decodeBody, mediaType } from '../body.js';
import { parseFieldValidation, type RequestContext } from '../context.js';
import { errors } from '../errors.js';
import type { ApiRequest, ApiResponse, UserInfo } from '../http/types.js';
import { negotiate, type OutputFormat } from '../negotiation.js';
import type { GenericRegistry } from '../registry/generic-registry.js';
import type { KindSupport } from '../registry/kind-support.js';
import type { ResourceDef } from '../registry/resource-def.js';
import type { ResourceRequestInfo } from '../request-info.js';
import { toTable } from '../table.js';
import { parseDeleteOptions } from './delete-options.js';
import { listObjects } from './list.js';
import { applyScale, toScale } from './scale.js';
import { watchResponse } from './watch.js';

/** Applies a PATCH body of `contentType` to `original` (schema-aware for strategic merge). */
export type PatchApplier = (contentType: string, original: KubeObject, patch: unknown, definition: string) => unknown;

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

export interface ResourceHandlerDeps {
  registry: GenericRegistry;
  kinds: KindSupport;
  applyPatch: PatchApplier;
}

export async function handleResource(
  deps: ResourceHandlerDeps,
  req: ApiRequest,
  info: ResourceRequestInfo,
  r: ResourceDef,
  user: UserInfo,
): Promise<ApiResponse> {
  if (r.namespaced === false && info.namespace) {
    throw errors.notFound({ group: r.group, resource: r.plural, name: info.name ?? '' });
  }
  const format = negotiate(req.headers.accept);
  const ctx = makeContext(req, info, r, user);
  const strategy = deps.kinds.strategy(r);
  const { registry } = deps;
  const sub = info.subresource;
  const render = (obj: KubeObject, status = 200): ApiResponse => ({
    status,
    body: format === 'table' && !sub ? toTable(strategy, [obj], { resourceVersion: obj.metadata.resourceVersion }, req.query.get('includeObject')) : obj,
    warnings: ctx.warnings,
  });

  if (sub && !['status', 'scale', 'finalize'].includes(sub)) {
    throw errors.notFound({ group: r.group, resource: `${r.plural}/${sub}`, name: info.name });
  }
  if ((sub === 'status' && !r.status) || (sub === 'scale' && !r.scale) || (sub === 'finalize' && r.kind !== 'Namespace')) {
    throw errors.notFound({ group: r.group, resource: `${r.plural}/${sub}`, name: info.name });
  }

  switch (info.verb) {
    case 'get': {
      const obj = await registry.get(ctx, info.name!);
      return sub === 'scale' ? { status: 200, body: toScale(obj) } : render(obj);
    }
    case 'list': {
      const list = await listObjects(registry.objects, r, strategy, info.namespace, req.query);
      if (format === 'table') {
        return { status: 200, body: toTable(strategy, list.items, list.metadata, req.query.get('includeObject')) };
      }
      return { status: 200, body: list };
    }
    case 'watch': {
      if (info.name) req.query.set('fieldSelector', joinSelector(req.query.get('fieldSelector'), `metadata.name=${info.name}`));
      const renderEvent = (obj: KubeObject): unknown =>
        format === 'table' ? toTable(strategy, [obj], { resourceVersion: obj.metadata.resourceVersion }, req.query.get('includeObject')) : obj;
      return watchResponse(registry.objects, r, strategy, info.namespace, req.query, { render: renderEvent });
    }
    case 'create': {
      if (info.name) throw errors.methodNotAllowed(`POST is not supported on a single ${r.kind}: use PUT or PATCH`);
      const created = await registry.create(ctx, decodeBody(req));
      return render(created, 201);
    }
    case 'update': {
      const body = decodeBody(req);
      if (sub === 'scale') {
        const updated = await registry.update(ctx, info.name!, (current) => applyScale(current, body), { retryOnConflict: false });
        return { status: 200, body: toScale(updated) };
      }
      const updated = await registry.update(ctx, info.name!, () => body, { retryOnConflict: false });
      return render(updated);
    }
    case 'patch': {
      const type = mediaType(req);
      const patch = decodeBody(req, PATCH_TYPES);
      const definition = sub === 'scale' ? 'io.k8s.api.autoscaling.v1.Scale' : r.definition;
      const updated = await registry.update(
        ctx,
        info.name!,
        (current) => {
          if (sub === 'scale') return applyScale(current, deps.applyPatch(type, toScale(current), patch, definition));
          return deps.applyPatch(type, current, patch, definition);
        },
        { retryOnConflict: true },
      );
      return sub === 'scale' ? { status: 200, body: toScale(updated) } : render(updated);
    }
    case 'delete': {
      const options = parseDeleteOptions(req);
      ctx.dryRun ||= !!options.dryRun;
      const { object, deleted } = await registry.delete(ctx, info.name!, options);
      // Upstream answers 200 even when the object stays (finalizers, graceful deletion), and 202
      // only when it stays and the client sent orphanDependents=false (handlers/delete.go).
      return render(object, !deleted && options.orphanDependents === false ? 202 : 200);
    }
    case 'deletecollection': {
      const options = parseDeleteOptions(req);
      ctx.dryRun ||= !!options.dryRun;
      const list = await listObjects(registry.objects, r, strategy, info.namespace, req.query);
      for (const obj of list.items) {
        const itemCtx = { ...ctx, namespace: obj.metadata.namespace };
        try {
          await registry.delete(itemCtx, obj.metadata.name!, options);
        } catch (e) {
          if (!(e instanceof Error && 'status' in e && (e as { code?: number }).code === 404)) throw e;
        }
      }
      return { status: 200, body: { ...list, items: list.items } };
    }
    default:
      throw errors.methodNotAllowed(`${req.method} is not supported on ${r.plural}`);
  }
}

function makeContext(req: ApiRequest, info: ResourceRequestInfo, r: ResourceDef, user: UserInfo): RequestContext {
  let fieldValidation;
  try {
    fieldValidation = parseFieldValidation(req.query.get('fieldValidation'));
  } catch (e) {
    throw errors.badRequest((e as Error).message);
  }
  const dryRun = req.query.getAll('dryRun');
  if (dryRun.some((d) => d !== 'All')) throw errors.badRequest('dryRun: the only supported value is "All"');
  return {
    resource: r,
    namespace: r.namespaced ? info.namespace : undefined,
    user,
    dryRun: dryRun.includes('All'),
    fieldValidation,
    warnings: [],
    subresource: info.subresource,
  };
}

function joinSelector(existing: string | null, extra: string): string {
  return existing ? `${existing},${extra}` : extra;
}

export type { OutputFormat };

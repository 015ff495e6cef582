/**
 * Wires the real per-kind strategies, schemas, patch engine and OpenAPI documents into the
 * seams the API server takes (`KindSupport`, `PatchApplier`, `OpenApiService`).
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../shared/api/object.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../shared/api/names.js';
import { errors } from './errors.js';
import type { ApiRequest, ApiResponse } from './http/types.js';
import type { OpenApiService } from './openapi-service.js';
import { applyPatch, UnsupportedPatchTypeError } from './patch/index.js';
import { PatchError } from './patch/errors.js';
import type { KindSupport } from './registry/kind-support.js';
import { pruneUnknownFields } from './registry/prune-unknown.js';
import type { ResourceDef } from './registry/resource-def.js';
import { RESOURCES, servedGroupVersions } from './registry/resources.js';
import type { KindStrategy } from './registry/types.js';
import type { PatchApplier } from './rest/resource-handler.js';
import { findTypeErrors, findUnknownFields } from './schema/strict.js';
import { getDefinition } from './schema/index.js';
import { openApiV3Document, openApiV3Root } from './schema/openapi.js';
import { strategyFor } from './kinds/index.js';

const EMPTY_STRATEGY: KindStrategy = {};

export function defaultKindSupport(): KindSupport {
  return {
    strategy: (r: ResourceDef) => strategyFor(r.group, r.kind) ?? EMPTY_STRATEGY,
    unknownFields: (r: ResourceDef, obj: KubeObject) => findUnknownFields(obj, r.definition),
    pruneUnknownFields: (r: ResourceDef, obj: KubeObject) => pruneUnknownFields(obj, r.definition),
    typeErrors: (r: ResourceDef, obj: KubeObject) => findTypeErrors(obj, r.definition),
    validateMeta: (r: ResourceDef, meta) => {
      const s = strategyFor(r.group, r.kind);
      return validateObjectMeta(meta, { namespaced: r.namespaced, nameRule: s?.nameRule ?? 'subdomain' });
    },
    validateMetaUpdate: (meta, old) => validateObjectMetaUpdate(meta, old),
  };
}

export function defaultPatchApplier(): PatchApplier {
  return (contentType, original, patch, definition) => {
    try {
      return applyPatch(contentType, original, patch, { rootDefinition: definition, resolve: getDefinition });
    } catch (e) {
      if (e instanceof UnsupportedPatchTypeError) throw errors.unsupportedMediaType(e.message);
      if (e instanceof PatchError) {
        // The patch engine reports upstream's status for each failure (400, 413, 422, 500).
        switch (e.status) {
          case 413:
            throw errors.tooLarge(e.message);
          case 422:
            throw errors.invalidRequest(e.message);
          case 500:
            throw errors.internal(e.message);
          default:
            throw errors.badRequest(e.message);
        }
      }
      throw e;
    }
  };
}

export function defaultOpenApi(): OpenApiService {
  const gvs = servedGroupVersions();
  const docs = new Map<string, string>();
  for (const gv of gvs) {
    const path = gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`;
    const resources = RESOURCES.filter((r) => r.group === gv.group && r.version === gv.version).map((r) => ({
      plural: r.plural,
      kind: r.kind,
      namespaced: r.namespaced,
      subresources: [...(r.status ? ['status'] : []), ...(r.scale ? ['scale'] : [])],
    }));
    docs.set(path, JSON.stringify(openApiV3Document(gv.group, gv.version, resources)));
  }
  const root = JSON.stringify(openApiV3Root(gvs));
  const etag = (s: string) => `"${createHash('sha256').update(s).digest('hex').slice(0, 32)}"`;
  return {
    serve(path: string, req: ApiRequest): ApiResponse {
      const rest = path.replace(/^\/openapi\/v3\/?/, '');
      const body = rest === '' ? root : docs.get(rest);
      if (body === undefined) throw errors.notFound({ group: '', resource: 'openapi', name: rest });
      const tag = etag(body);
      if (req.headers['if-none-match'] === tag) return { status: 304, body: '', headers: { etag: tag } };
      return {
        status: 200,
        headers: { 'content-type': 'application/json', etag: tag, ...(rest ? { 'cache-control': 'public, immutable' } : {}) },
        body: Buffer.from(body),
      };
    },
  };
}

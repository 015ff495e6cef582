/**
 * Serves the decision records through the API server (register with `apiServer.addHandler`):
 * - `GET /apis/scheduling.pilothouse.dev/v1` -> APIResourceList
 * - `GET /apis/scheduling.pilothouse.dev/v1/podschedulingdecisions` -> list, all namespaces
 * - `GET /apis/scheduling.pilothouse.dev/v1/namespaces/{ns}/podschedulingdecisions` -> list
 * - `GET /apis/scheduling.pilothouse.dev/v1/namespaces/{ns}/podschedulingdecisions/{pod}` -> one,
 *   or a 404 Status (reason NotFound) when no decision about that pod is remembered.
 * Other verbs get 405. Paths outside the group are left to the API server (undefined).
 */
import type { ExtraHandler } from '../apiserver/server.js';
import { errors, type ApiError } from '../apiserver/errors.js';
import type { ApiResponse } from '../apiserver/http/types.js';
import type { DecisionStore } from './decisions.js';
import { DECISION_API_VERSION, DECISION_GROUP, DECISION_KIND, DECISION_RESOURCE, toApiObject } from './decision-view.js';

const PREFIX = `/apis/${DECISION_API_VERSION}`;

export function decisionsApiHandler(store: DecisionStore): ExtraHandler {
  return async (req) => {
    const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return undefined;
    if (req.method !== 'GET') {
      return failed(errors.methodNotAllowed(`${req.method} is not supported on ${DECISION_RESOURCE}.${DECISION_GROUP}: they are read-only`));
    }
    const parts = path.slice(PREFIX.length).split('/').filter(Boolean).map(safeDecode);
    if (parts.length === 0) return ok(resourceList());
    if (parts.length === 1 && parts[0] === DECISION_RESOURCE) return ok(list(store, undefined));
    if (parts.length >= 3 && parts[0] === 'namespaces' && parts[2] === DECISION_RESOURCE) {
      const namespace = parts[1];
      if (parts.length === 3) return ok(list(store, namespace));
      if (parts.length === 4) {
        const record = store.get(namespace, parts[3]);
        if (!record) return failed(errors.notFound({ group: DECISION_GROUP, resource: DECISION_RESOURCE, name: parts[3] }));
        return ok(toApiObject(record));
      }
    }
    return failed(errors.notFound({ group: DECISION_GROUP, resource: DECISION_RESOURCE, name: parts.join('/') }));
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape names nothing we have: it ends in a 404
  }
}

function ok(body: unknown): ApiResponse {
  return { status: 200, body };
}

function failed(e: ApiError): ApiResponse {
  return { status: e.code, body: e.status };
}

function list(store: DecisionStore, namespace: string | undefined) {
  return {
    kind: `${DECISION_KIND}List`,
    apiVersion: DECISION_API_VERSION,
    metadata: {},
    items: store.list(namespace).map(toApiObject),
  };
}

function resourceList() {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: DECISION_API_VERSION,
    resources: [
      { name: DECISION_RESOURCE, singularName: 'podschedulingdecision', namespaced: true, kind: DECISION_KIND, verbs: ['get', 'list'] },
    ],
  };
}

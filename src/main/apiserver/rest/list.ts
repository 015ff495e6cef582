/**
 * GET on a collection: label and field selectors, `limit` + `continue` paging at one revision,
 * and the `resourceVersion` / `resourceVersionMatch` rules of upstream list.
 */
import type { KubeList, KubeObject } from '../../../shared/api/object.js';
import { ApiError, errors } from '../errors.js';
import { objectFilter } from '../filter.js';
import type { ResourceDef } from '../registry/resource-def.js';
import { apiVersionOf } from '../registry/resources.js';
import type { FieldError, KindStrategy } from '../registry/types.js';
import type { ObjectStore } from '../storage/object-store.js';

export interface ListParams {
  limit?: number;
  continue?: string;
  /** Read at exactly this revision (`resourceVersionMatch=Exact`). */
  exactRevision?: number;
  /** The list must be at least this fresh. */
  minRevision?: number;
}

export function parseListParams(query: URLSearchParams): ListParams {
  const limitText = query.get('limit');
  const limit = limitText ? Number(limitText) : undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw errors.badRequest(`limit must be a non-negative integer, got "${limitText}"`);
  }
  const cont = query.get('continue') || undefined;
  const rvText = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  // Upstream `ValidateListOptions`: every problem, reported together as an invalid ListOptions.
  const problems: FieldError[] = [];
  if (match) {
    if (!rvText) problems.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (cont) problems.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan') {
      problems.push({ type: 'FieldValueNotSupported', field: 'resourceVersionMatch', badValue: match, detail: 'supported values: "Exact", "NotOlderThan", ""' });
    }
    if (match === 'Exact' && rvText === '0') {
      problems.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
  }
  if (query.get('sendInitialEvents') !== null) problems.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  if (problems.length > 0) throw invalidListOptions(problems);
  if (cont && rvText && rvText !== '0') {
    // Upstream's storage answers this one with 400, not 422.
    throw errors.badRequest('specifying resource version is not allowed when using continue');
  }
  const params: ListParams = { limit: limit || undefined, continue: cont };
  if (rvText && rvText !== '0') {
    const rv = Number(rvText);
    if (!Number.isInteger(rv) || rv < 0) throw errors.badRequest(`invalid resource version "${rvText}"`);
    if (match === 'Exact') params.exactRevision = rv;
    else params.minRevision = rv;
  }
  return params;
}

/** Upstream's error for invalid list and watch options: `ListOptions.meta.k8s.io "" is invalid: ...` (422). */
export function invalidListOptions(problems: FieldError[]): ApiError {
  return errors.invalid('ListOptions', 'meta.k8s.io', '', problems);
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

/**
 * Lists matching objects. With a selector and a limit, store pages are read until `limit`
 * objects matched or the collection ends, all at the revision of the first page.
 */
export async function listObjects(
  objects: ObjectStore,
  r: ResourceDef,
  strategy: KindStrategy,
  namespace: string | undefined,
  query: URLSearchParams,
): Promise<KubeList> {
  const params = parseListParams(query);
  const filter = objectFilter(query, strategy);
  if (params.minRevision !== undefined) {
    const current = await objects.currentRevision();
    if (params.minRevision > current) {
      throw errors.timeout(`Too large resource version: ${params.minRevision}, current: ${current}`);
    }
  }
  const items: KubeObject[] = [];
  let cont = params.continue;
  let revision = params.exactRevision;
  let remaining: number | undefined;
  for (;;) {
    const want = params.limit ? params.limit - items.length : undefined;
    const page = await objects.list(r, namespace, { limit: want, continue: cont, revision }).catch((e: unknown) => {
      throw e instanceof ApiError && e.code === 410 ? listExpired(!!params.continue) : e;
    });
    revision = page.revision;
    for (const obj of page.items) if (filter.matches(obj)) items.push(obj);
    cont = page.continue;
    remaining = page.remaining;
    if (!cont || !params.limit || items.length >= params.limit) break;
  }
  const metadata: KubeList['metadata'] = { resourceVersion: String(revision) };
  if (cont) {
    metadata.continue = cont;
    if (filter.everything && remaining !== undefined) metadata.remainingItemCount = remaining;
  }
  return { kind: `${r.kind}List`, apiVersion: apiVersionOf(r), metadata, items };
}

/** Upstream's 410 for a list below the compacted revision (etcd3 store `interpretListError`). */
function listExpired(paging: boolean): ApiError {
  return errors.gone(
    paging
      ? 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'
      : 'The resourceVersion for the provided list is too old.',
  );
}

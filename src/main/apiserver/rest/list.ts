/**
 * GET on a collection: label and field selectors, `limit` + `continue` paging at one revision,
 * and the `resourceVersion` / `resourceVersionMatch` rules of upstream list.
 */
import type { KubeList, KubeObject } from '../../../shared/api/object.js';
import { errors } from '../errors.js';
import { objectFilter } from '../filter.js';
import type { ResourceDef } from '../registry/resource-def.js';
import { apiVersionOf } from '../registry/resources.js';
import type { KindStrategy } from '../registry/types.js';
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
  if (match && !rvText) {
    throw errors.invalidRequest(`resourceVersionMatch is forbidden unless resourceVersion is provided`);
  }
  if (match && match !== 'Exact' && match !== 'NotOlderThan') {
    throw errors.invalidRequest(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`);
  }
  if (cont && rvText && rvText !== '0') {
    throw errors.invalidRequest('specifying resource version is not allowed when using continue');
  }
  const params: ListParams = { limit: limit || undefined, continue: cont };
  if (rvText && rvText !== '0') {
    const rv = Number(rvText);
    if (!Number.isInteger(rv) || rv < 0) throw errors.badRequest(`invalid resource version "${rvText}"`);
    if (match === 'Exact') params.exactRevision = rv;
    else params.minRevision = rv;
  } else if (match === 'Exact') {
    throw errors.invalidRequest('resourceVersionMatch "Exact" is forbidden for resourceVersion "0"');
  }
  return params;
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
    const page = await objects.list(r, namespace, { limit: want, continue: cont, revision });
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

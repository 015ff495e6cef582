/**
 * Requests the typed `ApiClient` has no method for (discovery, OpenAPI, aggregated groups,
 * streams), sent to the same in-process `ApiServer.handle()` as the admin — the semantics of
 * HTTPS, without the socket.
 */
import { ApiClientError } from '../client/api-client.js';
import { ADMIN_USER } from '../apiserver/authn.js';
import type { ApiResponse } from '../apiserver/http/types.js';
import type { Status } from '../../shared/api/object.js';
import type { CockpitContext } from './context.js';

export async function rawRequest(ctx: Pick<CockpitContext, 'apiServer'>, path: string, query: Record<string, string> = {}, signal?: AbortSignal): Promise<ApiResponse> {
  return ctx.apiServer.handle({
    method: 'GET', path, query: new URLSearchParams(query), headers: { accept: 'application/json' }, user: ADMIN_USER, signal,
  });
}

/** GET returning the JSON body, or throwing the API server's Status as an `ApiClientError`. */
export async function rawGet<T>(ctx: Pick<CockpitContext, 'apiServer'>, path: string, query: Record<string, string> = {}): Promise<T> {
  const res = await rawRequest(ctx, path, query);
  if (res.status >= 400) throw statusError(res);
  return jsonBody(res) as T;
}

/** Bodies come as values, or pre-serialised JSON (Buffer or string) for cached documents such as OpenAPI. */
function jsonBody(res: ApiResponse): unknown {
  const b = res.body;
  if (Buffer.isBuffer(b) || typeof b === 'string') return JSON.parse(b.toString());
  return b;
}

export function statusError(res: ApiResponse): ApiClientError {
  let body = res.body as Partial<Status> | undefined;
  try {
    if (Buffer.isBuffer(body) || typeof body === 'string') body = JSON.parse(body.toString()) as Partial<Status>;
  } catch { /* not JSON */ }
  if (body?.kind === 'Status') return new ApiClientError(body as Status);
  return new ApiClientError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: res.status, message: `request failed with status ${res.status}` });
}

/** A write with query parameters the typed client does not offer (`dryRun=All`, `fieldManager`). */
export async function rawWrite<T>(
  ctx: Pick<CockpitContext, 'apiServer'>,
  method: 'POST' | 'PUT' | 'PATCH',
  path: string,
  body: unknown,
  options: { query?: Record<string, string>; contentType?: string } = {},
): Promise<T> {
  const res = await ctx.apiServer.handle({
    method, path, query: new URLSearchParams(options.query ?? {}), user: ADMIN_USER,
    headers: { accept: 'application/json', 'content-type': options.contentType ?? 'application/json' },
    body: Buffer.from(JSON.stringify(body)),
  });
  if (res.status >= 400) throw statusError(res);
  return res.body as T;
}

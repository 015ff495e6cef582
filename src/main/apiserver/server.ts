/**
 * The API server: one `handle()` for every request, whichever transport brought it (HTTPS or
 * the in-process client). Authenticates, routes discovery / OpenAPI / health, and dispatches
 * resource requests to the generic registry.
 */
import type { Store } from '../store/types.js';
import { systemClock, type Clock } from '../util/time.js';
import type { AdmissionPlugin } from './admission/types.js';
import { bearerToken, type Authenticator } from './authn.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, serverVersion } from './discovery.js';
import { ApiError, errors } from './errors.js';
import type { ApiRequest, ApiResponse, UserInfo } from './http/types.js';
import { GenericRegistry } from './registry/generic-registry.js';
import type { KindSupport } from './registry/kind-support.js';
import { findResource } from './registry/resources.js';
import { parseResourcePath } from './request-info.js';
import { bindPod, evictPod } from './rest/pod-subresources.js';
import { handleResource, type PatchApplier } from './rest/resource-handler.js';
import { ObjectStore } from './storage/object-store.js';
import { parseFieldValidation } from './context.js';
import type { OpenApiService } from './openapi-service.js';

export interface ApiServerConfig {
  store: Store;
  authenticator: Authenticator;
  kinds: KindSupport;
  applyPatch: PatchApplier;
  openapi: OpenApiService;
  /** Admission chain, built over the server's object store. */
  admission?: (objects: ObjectStore) => AdmissionPlugin[];
  clock?: Clock;
  /** host:port clients use to reach this server (for discovery). */
  serverAddress?: string;
}

/** Handlers for paths outside the stored resources (pods/log, pods/exec, ...), added by other components. */
export type ExtraHandler = (req: ApiRequest, user: UserInfo) => Promise<ApiResponse | undefined>;

export class ApiServer {
  readonly objects: ObjectStore;
  readonly registry: GenericRegistry;
  private readonly clock: Clock;
  private readonly extraHandlers: ExtraHandler[] = [];
  serverAddress: string;

  constructor(private readonly config: ApiServerConfig) {
    this.clock = config.clock ?? systemClock;
    this.objects = new ObjectStore(config.store);
    this.registry = new GenericRegistry(this.objects, config.kinds, config.admission?.(this.objects) ?? [], this.clock);
    this.serverAddress = config.serverAddress ?? '127.0.0.1:6443';
  }

  /**
   * Adds a handler tried before the built-in routes for paths it recognises. The handler added
   * last is asked first, so a later registration can take over a path (tests do).
   */
  addHandler(handler: ExtraHandler): void {
    this.extraHandlers.unshift(handler);
  }

  async handle(req: ApiRequest): Promise<ApiResponse> {
    try {
      return await this.route(req);
    } catch (e) {
      if (e instanceof ApiError) return { status: e.code, body: e.status };
      const message = e instanceof Error ? e.message : String(e);
      console.error(`apiserver: ${req.method} ${req.path} failed:`, e);
      const err = errors.internal(message);
      return { status: 500, body: err.status };
    }
  }

  private async route(req: ApiRequest): Promise<ApiResponse> {
    const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    switch (path) {
      case '/livez':
      case '/healthz':
        return text('ok');
      case '/readyz':
        await this.config.store.currentRevision().catch((e: Error) => {
          throw errors.unavailable(`storage is not reachable: ${e.message}`);
        });
        return text('ok');
      case '/version':
        return { status: 200, body: serverVersion() };
    }
    const user = req.user ?? (await this.authenticate(req));
    for (const handler of this.extraHandlers) {
      const res = await handler(req, user);
      if (res) return res;
    }
    if (path === '/api') return { status: 200, body: apiVersions(this.serverAddress) };
    if (path === '/apis') return { status: 200, body: apiGroupList() };
    if (path === '/openapi/v3' || path.startsWith('/openapi/v3/')) return this.config.openapi.serve(path, req);
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'api' && parts.length === 2) return found(apiResourceList('', parts[1]));
    if (parts[0] === 'apis' && parts.length === 2) return found(apiGroup(parts[1]));
    if (parts[0] === 'apis' && parts.length === 3) return found(apiResourceList(parts[1], parts[2]));

    const info = parseResourcePath(req.method, path, req.query);
    if (!info) throw notFoundPath();
    const r = findResource(info.group, info.version, info.resource);
    if (!r) throw notFoundPath();
    if (r.kind === 'Pod' && info.name && (info.subresource === 'binding' || info.subresource === 'eviction')) {
      if (req.method !== 'POST') throw errors.methodNotAllowed(`only POST is supported on pods/${info.subresource}`);
      const ctx = {
        resource: r, namespace: info.namespace, user, warnings: [],
        dryRun: req.query.getAll('dryRun').includes('All'),
        fieldValidation: parseFieldValidation(null),
      };
      return info.subresource === 'binding'
        ? bindPod(this.registry, ctx, info.name, req, this.clock)
        : evictPod(this.registry, ctx, info.name, req);
    }
    return handleResource({ registry: this.registry, kinds: this.config.kinds, applyPatch: this.config.applyPatch }, req, info, r, user);
  }

  /**
   * Authenticates a request that bypasses `handle()` (WebSocket upgrades for exec and attach)
   * with the same bearer-token rules; rejects with a 401 `ApiError`.
   */
  authenticateRequest(headers: Record<string, string | undefined>): Promise<UserInfo> {
    return this.authenticate({ method: 'GET', path: '', query: new URLSearchParams(), headers });
  }

  private async authenticate(req: ApiRequest): Promise<UserInfo> {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw errors.unauthorized('Unauthorized: send a bearer token (Authorization: Bearer <token>); the kubeconfig that `pilothouse serve` wrote has one');
    const user = await this.config.authenticator.authenticate(token);
    if (!user) throw errors.unauthorized('Unauthorized: the bearer token is not valid for this cluster');
    return user;
  }
}

function text(body: string): ApiResponse {
  return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

function found(body: unknown | undefined): ApiResponse {
  if (body === undefined) throw notFoundPath();
  return { status: 200, body };
}

function notFoundPath(): ApiError {
  return new ApiError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404,
  });
}

/**
 * A small typed client used by every in-process component (controllers, bootstrap, CLI).
 * Resources are addressed as `{ apiVersion, resource }` (e.g. `{ apiVersion: 'apps/v1', resource: 'deployments' }`).
 */
import type { KubeList, KubeObject, Status } from '../../shared/api/object.js';
import type { ApiResponse } from '../apiserver/http/types.js';
import { callbackSink, type Transport } from './transport.js';

export interface ResourceRef {
  apiVersion: string;
  resource: string;
}

export class ApiClientError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? `request failed with ${status.code}`);
    this.name = 'ApiClientError';
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string | undefined {
    return this.status.reason;
  }
}

export interface WatchEvent<T = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export class ApiClient {
  constructor(private readonly transport: Transport) {}

  path(ref: ResourceRef, namespace?: string, name?: string, subresource?: string): string {
    const base = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
    let p = namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${ref.resource}` : `${base}/${ref.resource}`;
    if (name) p += `/${encodeURIComponent(name)}`;
    if (subresource) p += `/${subresource}`;
    return p;
  }

  async get<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    return this.call<T>('GET', this.path(ref, namespace, name));
  }

  /** Like `get`, but undefined on 404. */
  async tryGet<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string): Promise<T | undefined> {
    try {
      return await this.get<T>(ref, namespace, name);
    } catch (e) {
      if (e instanceof ApiClientError && e.code === 404) return undefined;
      throw e;
    }
  }

  async list<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace?: string, options: ListOptions = {}): Promise<KubeList<T>> {
    return this.call<KubeList<T>>('GET', this.path(ref, namespace), undefined, toQuery(options));
  }

  async create<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, obj: KubeObject): Promise<T> {
    return this.call<T>('POST', this.path(ref, namespace), obj);
  }

  async update<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: KubeObject, subresource?: string): Promise<T> {
    return this.call<T>('PUT', this.path(ref, obj.metadata.namespace, obj.metadata.name, subresource), obj);
  }

  async patch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type: 'merge' | 'strategic' | 'json' = 'merge',
    subresource?: string,
  ): Promise<T> {
    const contentType = {
      merge: 'application/merge-patch+json',
      strategic: 'application/strategic-merge-patch+json',
      json: 'application/json-patch+json',
    }[type];
    return this.call<T>('PATCH', this.path(ref, namespace, name, subresource), patch, undefined, contentType);
  }

  async delete(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    options: { gracePeriodSeconds?: number; propagationPolicy?: string; preconditions?: { uid?: string; resourceVersion?: string } } = {},
  ): Promise<KubeObject | Status> {
    return this.call('DELETE', this.path(ref, namespace, name), { kind: 'DeleteOptions', apiVersion: 'v1', ...options });
  }

  /** Deletes every object of a resource in a namespace that matches `options`. */
  async deleteCollection(ref: ResourceRef, namespace: string | undefined, options: ListOptions = {}, propagationPolicy = 'Background'): Promise<void> {
    await this.call('DELETE', this.path(ref, namespace), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy }, toQuery(options));
  }

  /** POSTs to a subresource (`binding`, `eviction`). */
  async createSubresource(ref: ResourceRef, namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<unknown> {
    return this.call('POST', this.path(ref, namespace, name, subresource), body);
  }

  /**
   * Starts a watch; events arrive in order through `onEvent`. `onEnd` runs once when the server
   * ends the stream (timeout, error) — the caller re-lists or re-watches. Returns a stop function.
   */
  async watch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    options: ListOptions & { allowWatchBookmarks?: boolean; timeoutSeconds?: number },
    onEvent: (e: WatchEvent<T>) => void,
    onEnd: () => void,
  ): Promise<() => void> {
    const query = toQuery(options);
    query.set('watch', 'true');
    if (options.allowWatchBookmarks) query.set('allowWatchBookmarks', 'true');
    if (options.timeoutSeconds) query.set('timeoutSeconds', String(options.timeoutSeconds));
    const abort = new AbortController();
    const res = await this.transport.request({
      method: 'GET', path: this.path(ref, namespace), query, headers: { accept: 'application/json' }, signal: abort.signal,
    });
    if (!res.stream) throw errorFrom(res);
    const sink = callbackSink((chunk) => onEvent(chunk as WatchEvent<T>), onEnd);
    res.stream(sink);
    return () => {
      abort.abort();
      sink.close();
    };
  }

  private async call<T>(method: string, path: string, body?: unknown, query = new URLSearchParams(), contentType = 'application/json'): Promise<T> {
    const res = await this.transport.request({
      method,
      path,
      query,
      headers: { accept: 'application/json', 'content-type': contentType },
      body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
    });
    if (res.status >= 400) throw errorFrom(res);
    return res.body as T;
  }
}

function toQuery(o: ListOptions): URLSearchParams {
  const q = new URLSearchParams();
  if (o.labelSelector) q.set('labelSelector', o.labelSelector);
  if (o.fieldSelector) q.set('fieldSelector', o.fieldSelector);
  if (o.limit) q.set('limit', String(o.limit));
  if (o.continue) q.set('continue', o.continue);
  if (o.resourceVersion !== undefined) q.set('resourceVersion', o.resourceVersion);
  return q;
}

function errorFrom(res: ApiResponse): ApiClientError {
  const body = res.body as Partial<Status> | undefined;
  if (body && body.kind === 'Status') return new ApiClientError(body as Status);
  return new ApiClientError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: res.status, message: `request failed with status ${res.status}` });
}

/**
 * An API server wired the way `startCluster` wires it (real strategies, schemas, patch engine,
 * OpenAPI, NamespaceLifecycle + ServiceAllocation admission, bootstrap namespaces), over a
 * `MemoryStore`, with no HTTPS listener. For specs that check API semantics end to end:
 * `client` is the in-process `ApiClient`; `request` and `watch` reach `handle()` directly for
 * what the client does not send (raw status codes, headers, query parameters, streams).
 */
import { bootstrapCluster } from '../../cluster/bootstrap.js';
import { ApiClient } from '../../client/api-client.js';
import { callbackSink, InProcessTransport } from '../../client/transport.js';
import { MemoryStore } from '../../store/memory-store.js';
import type { Clock } from '../../util/time.js';
import { NamespaceLifecycle } from '../admission/namespace-lifecycle.js';
import { ServiceAllocation } from '../admission/service-allocation.js';
import { ADMIN_USER, StaticTokenAuthenticator } from '../authn.js';
import { defaultKindSupport, defaultOpenApi, defaultPatchApplier } from '../defaults.js';
import type { ApiResponse, UserInfo } from '../http/types.js';
import { ApiServer } from '../server.js';

/** The bearer token the test server accepts (as `ADMIN_USER`). */
export const TEST_TOKEN = 'test-admin-token';

/** A clock tests move by hand; starts at a fixed instant. */
export class ManualClock implements Clock {
  private at: number;

  constructor(start = new Date('2026-01-01T00:00:00Z')) {
    this.at = start.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  advance(seconds: number): void {
    this.at += seconds * 1000;
  }
}

export interface RawRequest {
  /** Query parameters, as a string (`a=b&c=d`), a record, or URLSearchParams. */
  query?: string | Record<string, string> | URLSearchParams;
  /** A value to send as JSON, or a string sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** `null` sends the request without an in-process user, so the bearer token is checked. */
  user?: UserInfo | null;
}

/** A response with the body as the server produced it (`any` for terse assertions). */
export interface RawResponse {
  status: number;
  body: any;
  headers: Record<string, string>;
  warnings: string[];
}

export interface WatchEventRecord {
  type: string;
  object: any;
}

/** A running watch stream: events arrive in `events`; `ended` once the server closes it. */
export interface WatchRecorder {
  readonly events: WatchEventRecord[];
  readonly ended: boolean;
  /** Resolves once at least `n` events arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<WatchEventRecord[]>;
  /** Resolves when the server ends the stream. */
  waitForEnd(timeoutMs?: number): Promise<void>;
  stop(): void;
}

export interface TestServer {
  server: ApiServer;
  store: MemoryStore;
  clock: ManualClock;
  /** The in-process client, acting as the cluster admin. */
  client: ApiClient;
  request(method: string, path: string, options?: RawRequest): Promise<RawResponse>;
  /** Opens a watch on a collection path (`watch=true` is added). */
  watch(path: string, query?: Record<string, string>): Promise<WatchRecorder>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Create the system namespaces and the `kubernetes` Service, as a cluster start does (default true). */
  bootstrap?: boolean;
  /** Extra namespaces to create. */
  namespaces?: string[];
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const store = new MemoryStore();
  const clock = new ManualClock();
  const tokens = new StaticTokenAuthenticator();
  tokens.add(TEST_TOKEN, ADMIN_USER);
  const server = new ApiServer({
    store,
    authenticator: tokens,
    kinds: defaultKindSupport(),
    applyPatch: defaultPatchApplier(),
    openapi: defaultOpenApi(),
    admission: (objects) => [new NamespaceLifecycle(objects), new ServiceAllocation(objects)],
    clock,
  });
  const client = new ApiClient(new InProcessTransport((req) => server.handle(req), ADMIN_USER));
  if (options.bootstrap !== false) await bootstrapCluster(client, 6443);
  for (const name of options.namespaces ?? []) {
    await client.create({ apiVersion: 'v1', resource: 'namespaces' }, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  const watches: WatchRecorder[] = [];

  const request = async (method: string, path: string, o: RawRequest = {}): Promise<RawResponse> => {
    const res = await server.handle({
      method,
      path,
      query: toQuery(o.query),
      headers: { accept: 'application/json', 'content-type': 'application/json', ...lowerKeys(o.headers ?? {}) },
      body: o.body === undefined ? undefined : Buffer.from(typeof o.body === 'string' ? o.body : JSON.stringify(o.body)),
      user: o.user === null ? undefined : (o.user ?? ADMIN_USER),
    });
    return { status: res.status, body: res.body, headers: res.headers ?? {}, warnings: res.warnings ?? [] };
  };

  const watch = async (path: string, query: Record<string, string> = {}): Promise<WatchRecorder> => {
    const abort = new AbortController();
    const res = await server.handle({
      method: 'GET', path, query: toQuery({ ...query, watch: 'true' }), headers: { accept: 'application/json' }, user: ADMIN_USER, signal: abort.signal,
    });
    const recorder = recordStream(res, abort);
    watches.push(recorder);
    return recorder;
  };

  return {
    server, store, clock, client, request, watch,
    async close() {
      for (const w of watches) w.stop();
      await store.close();
    },
  };
}

function recordStream(res: ApiResponse, abort: AbortController): WatchRecorder {
  if (!res.stream) throw new Error(`expected a watch stream, got ${res.status}: ${JSON.stringify(res.body)}`);
  const events: WatchEventRecord[] = [];
  let ended = false;
  const waiters = new Set<() => void>();
  const wake = () => { for (const w of [...waiters]) w(); };
  const sink = callbackSink(
    (chunk) => { events.push(JSON.parse(JSON.stringify(chunk)) as WatchEventRecord); wake(); },
    () => { ended = true; wake(); },
  );
  res.stream(sink);
  const until = (done: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      if (done()) return resolve();
      const check = () => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`watch: timed out waiting for ${what}; got ${JSON.stringify(events.map((e) => e.type))}${ended ? ' (ended)' : ''}`));
      }, timeoutMs);
      const cleanup = () => { clearTimeout(timer); waiters.delete(check); };
      waiters.add(check);
    });
  return {
    events,
    get ended() { return ended; },
    async waitFor(n, timeoutMs = 2000) {
      await until(() => events.length >= n, `${n} events`, timeoutMs);
      return events;
    },
    waitForEnd: (timeoutMs = 2000) => until(() => ended, 'the end of the stream', timeoutMs),
    stop() {
      abort.abort();
      sink.close();
    },
  };
}

function toQuery(q: RawRequest['query']): URLSearchParams {
  if (q === undefined) return new URLSearchParams();
  if (q instanceof URLSearchParams) return new URLSearchParams(q);
  return new URLSearchParams(q);
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Short fixtures for the specs. */
export const fixtures = {
  pod(name: string, extra: { labels?: Record<string, string>; image?: string; nodeName?: string; finalizers?: string[] } = {}) {
    return {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}), ...(extra.finalizers ? { finalizers: extra.finalizers } : {}) },
      spec: { containers: [{ name: 'app', image: extra.image ?? 'nginx:1.27' }], ...(extra.nodeName ? { nodeName: extra.nodeName } : {}) },
    };
  },
  configMap(name: string, data: Record<string, string> = {}, labels?: Record<string, string>) {
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data };
  },
  deployment(name: string, replicas = 1, labels: Record<string, string> = { app: name }) {
    return {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
      },
    };
  },
  service(name: string, spec: Record<string, unknown> = {}) {
    return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } };
  },
};

/** Resource references for the in-process client. */
export const refs = {
  pods: { apiVersion: 'v1', resource: 'pods' },
  configmaps: { apiVersion: 'v1', resource: 'configmaps' },
  services: { apiVersion: 'v1', resource: 'services' },
  namespaces: { apiVersion: 'v1', resource: 'namespaces' },
  deployments: { apiVersion: 'apps/v1', resource: 'deployments' },
} as const;

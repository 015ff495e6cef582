/**
 * The binding cycle (upstream DefaultBinder, run asynchronously): POSTs a v1 Binding to
 * `pods/{name}/binding` with limited concurrency, so the scheduling loop never waits on the API
 * server. The caller has already assumed the pod on the node; `onBound` / `onFailed` let it
 * confirm or forget that assumption.
 */
import type { ApiClient } from '../client/api-client.js';
import { PODS } from './api-types.js';
import type { PodInfo } from './framework/pod-info.js';
import { ConcurrencyLimiter } from './limiter.js';

/** Copied onto the pod by the API server (`pods/binding` merges Binding annotations). */
export const SCORE_ANNOTATION = 'scheduler.pilothouse.dev/score';

export interface BindRequest {
  pod: PodInfo;
  node: string;
  /** Extra annotations for the pod (e.g. the chosen node's score). */
  annotations?: Record<string, string>;
}

export interface BinderOptions {
  /** Bindings in flight at once (default 16). */
  concurrency?: number;
  onBound(req: BindRequest): void;
  onFailed(req: BindRequest, error: Error): void;
}

export class Binder {
  private readonly limiter: ConcurrencyLimiter;

  constructor(
    private readonly client: ApiClient,
    private readonly options: BinderOptions,
  ) {
    this.limiter = new ConcurrencyLimiter(options.concurrency ?? 16);
  }

  /** Bindings running or waiting. */
  get pending(): number {
    return this.limiter.pending;
  }

  /** Starts binding in the background; the outcome goes to `onBound` / `onFailed`. */
  bind(req: BindRequest): void {
    void this.limiter
      .run(() => this.post(req))
      .then(
        () => this.options.onBound(req),
        (e: unknown) => this.options.onFailed(req, e instanceof Error ? e : new Error(String(e))),
      )
      .catch((e: unknown) => console.error(`scheduler: handling the binding result of ${req.pod.key} failed:`, e));
  }

  /** Resolves once fewer than `n` bindings are running or waiting. */
  below(n: number): Promise<void> {
    return this.limiter.below(n);
  }

  /** Resolves when every started binding has finished. */
  idle(): Promise<void> {
    return this.limiter.idle();
  }

  private async post(req: BindRequest): Promise<void> {
    const meta = req.pod.pod.metadata;
    await this.client.createSubresource(PODS, meta.namespace, meta.name!, 'binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid, ...(req.annotations ? { annotations: req.annotations } : {}) },
      target: { apiVersion: 'v1', kind: 'Node', name: req.node },
    });
  }
}

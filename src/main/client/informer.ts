/**
 * Informer: keeps a local cache of one resource current through list + watch (client-go
 * `SharedInformer`). On a 410 Expired or any broken stream it lists again and reports the
 * differences, so handlers see every object converge. Cached objects are shared: read-only.
 */
import type { KubeObject } from '../../shared/api/object.js';
import { ApiClientError, type ApiClient, type ListOptions, type ResourceRef, type WatchEvent } from './api-client.js';

export interface InformerHandlers<T extends KubeObject> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

export function objectKey(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name!;
}

export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private resourceVersion = '';
  private stopWatch?: () => void;
  private stopped = false;
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly client: ApiClient,
    private readonly ref: ResourceRef,
    private readonly options: { namespace?: string; selectors?: Pick<ListOptions, 'labelSelector' | 'fieldSelector'> } = {},
  ) {}

  addHandlers(h: InformerHandlers<T>): void {
    this.handlers.push(h);
    if (this.synced) for (const obj of this.cache.values()) h.onAdd?.(obj);
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first list has been applied. */
  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  start(): void {
    void this.relist();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.stopWatch?.();
  }

  private async relist(): Promise<void> {
    if (this.stopped) return;
    try {
      const list = await this.client.list<T>(this.ref, this.options.namespace, { ...this.options.selectors });
      this.replace(list.items);
      this.resourceVersion = list.metadata.resourceVersion ?? '';
      if (!this.synced) {
        this.synced = true;
        for (const w of this.syncWaiters.splice(0)) w();
      }
      await this.watch();
    } catch (e) {
      this.retryLater(e);
    }
  }

  private async watch(): Promise<void> {
    if (this.stopped) return;
    let ended = false;
    const restart = (relist: boolean) => {
      if (ended) return;
      ended = true;
      this.stopWatch?.();
      if (relist) void this.relist();
      else void this.watch().catch((e) => this.retryLater(e));
    };
    this.stopWatch = await this.client.watch<T>(
      this.ref,
      this.options.namespace,
      { ...this.options.selectors, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 + Math.floor(Math.random() * 300) },
      (e) => {
        if (e.type === 'ERROR') {
          restart(true); // 410 Expired and other errors: list again
          return;
        }
        this.apply(e);
      },
      () => restart(false),
    );
  }

  private apply(e: WatchEvent<T>): void {
    const rv = e.object.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (e.type === 'BOOKMARK') return;
    const key = objectKey(e.object);
    const old = this.cache.get(key);
    if (e.type === 'DELETED') {
      this.cache.delete(key);
      for (const h of this.handlers) h.onDelete?.(e.object);
    } else {
      this.cache.set(key, e.object);
      for (const h of this.handlers) {
        if (old) h.onUpdate?.(old, e.object);
        else h.onAdd?.(e.object);
      }
    }
  }

  /** Applies a fresh list: adds and updates what is new, deletes what disappeared. */
  private replace(items: T[]): void {
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.cache.get(key);
      this.cache.set(key, obj);
      if (!old) for (const h of this.handlers) h.onAdd?.(obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) for (const h of this.handlers) h.onUpdate?.(old, obj);
    }
    for (const [key, obj] of this.cache) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        for (const h of this.handlers) h.onDelete?.(obj);
      }
    }
  }

  private retryLater(e: unknown): void {
    if (this.stopped) return;
    const message = e instanceof ApiClientError ? e.message : String(e);
    console.warn(`informer ${this.ref.resource}: ${message}; retrying in 1s`);
    this.retryTimer = setTimeout(() => void this.relist(), 1000);
  }
}

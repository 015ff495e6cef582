/**
 * PodStatusWriter: writes generated pod statuses through `pods/{name}/status`, only when they
 * differ from what the API holds and from what this kubelet last wrote (upstream status manager).
 * Writes are JSON merge patches of the whole status (removed fields sent as null) carrying
 * `metadata.uid`, so a write never lands on a newer pod of the same name.
 *
 * Invariant: `last.get(uid)` is the status this kubelet last wrote for that pod and the
 * resourceVersion the write produced.
 */
import { ApiClientError, type ApiClient } from '../client/api-client.js';
import { deepEqual } from '../util/json.js';
import type { ApiPodStatus, Pod } from './api-types.js';
import { PODS } from './pod-source.js';

interface Written {
  status: ApiPodStatus;
  /** Unset while the write is in flight (its echo may arrive before the write returns). */
  resourceVersion?: string;
}

export class PodStatusWriter {
  private readonly last = new Map<string, Written>();
  /** Status writes sent (for tests and metrics). */
  writes = 0;

  constructor(private readonly client: ApiClient, private readonly nodeName: string) {}

  /** The status to build on: what this kubelet last wrote, else the API's. */
  baseline(pod: Pod): ApiPodStatus {
    return this.last.get(pod.metadata.uid!)?.status ?? ((pod.status ?? {}) as ApiPodStatus);
  }

  /**
   * Sees a pod from the informer. When someone else changed its status since our last write, the
   * cache of that write is dropped so the next sync writes again, and false is returned; true
   * means the API holds what we wrote (or an older echo of it), or we never wrote.
   */
  observe(pod: Pod): boolean {
    const w = this.last.get(pod.metadata.uid!);
    if (!w || w.resourceVersion === undefined) return true;
    if (w.resourceVersion === pod.metadata.resourceVersion || deepEqual(w.status, pod.status)) return true;
    if (this.older(pod.metadata.resourceVersion, w.resourceVersion)) return true;
    this.last.delete(pod.metadata.uid!);
    return false;
  }

  /** resourceVersions are opaque; when both are integers (store revisions) an older echo can be told apart. */
  private older(rv: string | undefined, than: string | undefined): boolean {
    return rv !== undefined && than !== undefined && /^\d+$/.test(rv) && /^\d+$/.test(than) && BigInt(rv) < BigInt(than);
  }

  /** Writes `status` if needed; returns the stored pod when written, undefined when skipped or gone. */
  async write(pod: Pod, status: ApiPodStatus): Promise<Pod | undefined> {
    const uid = pod.metadata.uid!;
    const prior = this.last.get(uid);
    if (prior ? deepEqual(prior.status, status) : deepEqual(pod.status, status)) return undefined;
    const base = (prior?.status ?? pod.status ?? {}) as Record<string, unknown>;
    const patch: Record<string, unknown> = { ...status };
    for (const key of Object.keys(base)) if (!(key in patch)) patch[key] = null;
    const entry: Written = { status };
    this.last.set(uid, entry);
    try {
      const stored = await this.client.patch<Pod>(PODS, pod.metadata.namespace, pod.metadata.name!, { metadata: { uid }, status: patch }, 'merge', 'status');
      if (this.last.get(uid) === entry) entry.resourceVersion = stored.metadata.resourceVersion;
      this.writes++;
      return stored;
    } catch (e) {
      if (this.last.get(uid) === entry) this.last.delete(uid);
      if (e instanceof ApiClientError && (e.code === 404 || e.code === 409)) return undefined; // gone, or replaced by a pod with another uid
      throw new Error(`writing status of pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${this.nodeName}: ${(e as Error).message}`);
    }
  }

  forget(uid: string): void {
    this.last.delete(uid);
  }
}

/**
 * Remembers the EndpointSlice writes a controller made per Service until its informer cache
 * shows them (upstream `endpointSliceTracker`): a Service whose cache is behind our own writes
 * must not be reconciled, or it would create the same slices again. Expectations older than
 * `maxWaitMs` are dropped, so a lost event only delays a Service, never stalls it.
 */
import type { KubeObject } from '../../../shared/api/object.js';

interface Pending {
  /** Slice name → the resourceVersion our write produced. */
  written: Map<string, number>;
  /** Slice names we deleted. */
  deleted: Set<string>;
  since: number;
}

export class SliceWriteTracker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly maxWaitMs = 10_000) {}

  wrote(serviceKey: string, slice: KubeObject): void {
    const p = this.entry(serviceKey);
    p.written.set(slice.metadata.name!, Number(slice.metadata.resourceVersion ?? 0));
    p.deleted.delete(slice.metadata.name!);
  }

  deleted(serviceKey: string, slice: KubeObject): void {
    const p = this.entry(serviceKey);
    p.deleted.add(slice.metadata.name!);
    p.written.delete(slice.metadata.name!);
  }

  /** True when `cached` (the Service's slices in the cache) reflects every write we made. */
  observed(serviceKey: string, cached: readonly KubeObject[]): boolean {
    const p = this.pending.get(serviceKey);
    if (!p) return true;
    const byName = new Map(cached.map((s) => [s.metadata.name!, Number(s.metadata.resourceVersion ?? 0)]));
    const caughtUp =
      [...p.written].every(([name, rv]) => (byName.get(name) ?? -1) >= rv) && [...p.deleted].every((name) => !byName.has(name));
    if (caughtUp || Date.now() - p.since > this.maxWaitMs) {
      this.pending.delete(serviceKey);
      return true;
    }
    return false;
  }

  private entry(serviceKey: string): Pending {
    let p = this.pending.get(serviceKey);
    if (!p) this.pending.set(serviceKey, (p = { written: new Map(), deleted: new Set(), since: Date.now() }));
    return p;
  }
}

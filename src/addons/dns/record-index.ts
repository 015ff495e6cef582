/**
 * The cluster's DNS records, kept current from Service and EndpointSlice events. Each change
 * recomputes the records of the one Service it touches (`serviceRecords`) and swaps that
 * Service's contribution; lookups read a name -> records map.
 */
import type { RecordData } from './dns-message.js';
import { isInZone } from './domain-name.js';
import { objectKey, sliceServiceKey, type EndpointSlice, type Service } from './kube-objects.js';
import { serviceRecords, type NameRecords } from './service-records.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface LookupResult {
  /** The name exists (it, or a name below it, belongs to some Service). */
  exists: boolean;
  records: RecordData[];
}

export class RecordIndex {
  private readonly services = new Map<string, Service>();
  private readonly slices = new Map<string, EndpointSlice>();
  /** Service key -> keys of the slices labelled with it (whether or not the Service exists). */
  private readonly slicesOf = new Map<string, Set<string>>();
  /** Service key -> the records it contributes; every name in it is counted in `names`. */
  private readonly contributions = new Map<string, NameRecords>();
  /** Canonical name -> (service key -> records). */
  private readonly byName = new Map<string, Map<string, RecordData[]>>();
  /** Canonical name -> how many contributed names are it or lie below it (in the cluster zone). */
  private readonly names = new Map<string, number>();

  /** @param domain the cluster domain, canonical (e.g. "cluster.local"). */
  constructor(private readonly domain: string) {}

  lookup(name: string): LookupResult {
    const records = [...(this.byName.get(name)?.values() ?? [])].flat();
    return { exists: (this.names.get(name) ?? 0) > 0, records };
  }

  /** How many Services the index holds. */
  get serviceCount(): number {
    return this.services.size;
  }

  /** Replaces every Service (after a LIST). */
  replaceServices(items: Service[]): void {
    const before = new Set(this.services.keys());
    this.services.clear();
    for (const s of items) this.services.set(objectKey(s), s);
    for (const key of new Set([...before, ...this.services.keys()])) this.recompute(key);
  }

  /** Replaces every EndpointSlice (after a LIST). */
  replaceSlices(items: EndpointSlice[]): void {
    const touched = new Set(this.slicesOf.keys());
    this.slices.clear();
    this.slicesOf.clear();
    for (const slice of items) this.putSlice(slice);
    for (const key of this.slicesOf.keys()) touched.add(key);
    for (const key of touched) this.recompute(key);
  }

  applyService(type: WatchEventType, service: Service): void {
    const key = objectKey(service);
    if (type === 'DELETED') this.services.delete(key);
    else this.services.set(key, service);
    this.recompute(key);
  }

  applySlice(type: WatchEventType, slice: EndpointSlice): void {
    const key = objectKey(slice);
    const old = this.slices.get(key);
    const touched = new Set<string>();
    if (old) {
      const oldService = sliceServiceKey(old);
      if (oldService) touched.add(oldService);
      this.removeSlice(key, old);
    }
    if (type !== 'DELETED') this.putSlice(slice);
    const service = sliceServiceKey(slice);
    if (service) touched.add(service);
    for (const s of touched) this.recompute(s);
  }

  private putSlice(slice: EndpointSlice): void {
    const key = objectKey(slice);
    this.slices.set(key, slice);
    const service = sliceServiceKey(slice);
    if (!service) return;
    const set = this.slicesOf.get(service) ?? new Set<string>();
    set.add(key);
    this.slicesOf.set(service, set);
  }

  private removeSlice(key: string, slice: EndpointSlice): void {
    this.slices.delete(key);
    const service = sliceServiceKey(slice);
    const set = service ? this.slicesOf.get(service) : undefined;
    set?.delete(key);
    if (service && set?.size === 0) this.slicesOf.delete(service);
  }

  private recompute(serviceKey: string): void {
    const old = this.contributions.get(serviceKey);
    if (old) {
      for (const name of old.keys()) {
        const entry = this.byName.get(name)!;
        entry.delete(serviceKey);
        if (entry.size === 0) this.byName.delete(name);
        this.count(name, -1);
      }
      this.contributions.delete(serviceKey);
    }
    const service = this.services.get(serviceKey);
    if (!service) return;
    const slices = [...(this.slicesOf.get(serviceKey) ?? [])].map((k) => this.slices.get(k)!);
    const records = serviceRecords(service, slices, this.domain);
    this.contributions.set(serviceKey, records);
    for (const [name, data] of records) {
      const entry = this.byName.get(name) ?? new Map<string, RecordData[]>();
      entry.set(serviceKey, data);
      this.byName.set(name, entry);
      this.count(name, 1);
    }
  }

  /** Counts `name` and, inside the cluster zone, each ancestor down to the zone. */
  private count(name: string, delta: number): void {
    const inZone = isInZone(name, this.domain);
    let current = name;
    for (;;) {
      const n = (this.names.get(current) ?? 0) + delta;
      if (n > 0) this.names.set(current, n);
      else this.names.delete(current);
      if (!inZone || current === this.domain) return;
      current = current.slice(current.indexOf('.') + 1);
    }
  }
}

/**
 * Resource vectors the scheduler adds and compares as plain numbers: CPU in millicores, memory
 * and storage in bytes, extended resources (`nvidia.com/gpu`, `hugepages-2Mi`) in units.
 * `podRequests` follows upstream `resourcehelper.PodRequests`: containers sum, init containers
 * take the max (sidecars, i.e. restartable init containers, add up before later init
 * containers), then `spec.overhead` is added.
 */
import { quantityMilliValue, quantityValue } from '../../../shared/api/quantity.js';
import type { Container, PodSpec, ResourceList } from '../api-types.js';

/** Upstream `schedutil.DefaultMilliCPURequest`: what scoring assumes for a container without a CPU request. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** Upstream `schedutil.DefaultMemoryRequest` (200 MB). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  /** Extended and hugepages resources; absent until one is set. */
  scalar: Map<string, number> | undefined;

  /** The amount of one resource by its API name (`cpu` in millicores). */
  get(name: string): number {
    switch (name) {
      case 'cpu':
        return this.milliCPU;
      case 'memory':
        return this.memory;
      case 'ephemeral-storage':
        return this.ephemeralStorage;
      default:
        return this.scalar?.get(name) ?? 0;
    }
  }

  set(name: string, value: number): void {
    switch (name) {
      case 'cpu':
        this.milliCPU = value;
        return;
      case 'memory':
        this.memory = value;
        return;
      case 'ephemeral-storage':
        this.ephemeralStorage = value;
        return;
      default:
        (this.scalar ??= new Map()).set(name, value);
    }
  }

  /** Adds `other` times `sign` (use -1 to subtract). */
  add(other: Resource, sign = 1): void {
    this.milliCPU += sign * other.milliCPU;
    this.memory += sign * other.memory;
    this.ephemeralStorage += sign * other.ephemeralStorage;
    if (other.scalar) for (const [k, v] of other.scalar) this.set(k, this.get(k) + sign * v);
  }

  /** Raises each resource to at least `other`'s amount. */
  setMax(other: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, other.milliCPU);
    this.memory = Math.max(this.memory, other.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, other.ephemeralStorage);
    if (other.scalar) for (const [k, v] of other.scalar) this.set(k, Math.max(this.get(k), v));
  }

  clone(): Resource {
    const r = new Resource();
    r.add(this);
    return r;
  }

  /** Names of the extended resources present. */
  scalarNames(): Iterable<string> {
    return this.scalar?.keys() ?? [];
  }
}

/** Builds a vector from a `ResourceList` (`{cpu: '500m', memory: '1Gi'}`); `pods` is ignored. */
export function resourceFromList(list: ResourceList | undefined): Resource {
  const r = new Resource();
  if (!list) return r;
  for (const [name, value] of Object.entries(list)) {
    if (name === 'pods') continue;
    r.set(name, amount(name, value));
  }
  return r;
}

/** Cores become millicores; everything else is rounded up to a whole unit like Go's `Value()`. */
export function amount(name: string, value: string | number): number {
  const key = name === 'cpu' ? `m:${value}` : `v:${value}`;
  let n = parsed.get(key);
  if (n === undefined) {
    try {
      n = name === 'cpu' ? quantityMilliValue(value) : Math.ceil(quantityValue(value));
    } catch {
      n = 0; // the API server validates quantities; a bad one counts as nothing
    }
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(key, n);
  }
  return n;
}

/** Memo of parsed quantities: clusters repeat a handful of request strings. */
const parsed = new Map<string, number>();
const MAX_PARSED = 10_000;

/**
 * The pod's effective request. With `withDefaults`, containers that do not request CPU or memory
 * count as requesting upstream's non-zero defaults (what scoring uses so that best-effort pods
 * still spread).
 */
export function podRequests(spec: PodSpec | undefined, withDefaults = false): Resource {
  const total = new Resource();
  for (const c of spec?.containers ?? []) total.add(containerRequests(c, withDefaults));
  const initMax = new Resource();
  const sidecars = new Resource();
  for (const c of spec?.initContainers ?? []) {
    const r = containerRequests(c, withDefaults);
    if (c.restartPolicy === 'Always') {
      total.add(r);
      sidecars.add(r);
      initMax.setMax(sidecars);
    } else {
      r.add(sidecars);
      initMax.setMax(r);
    }
  }
  total.setMax(initMax);
  if (spec?.overhead) total.add(resourceFromList(spec.overhead));
  return total;
}

function containerRequests(c: Container, withDefaults: boolean): Resource {
  const requests = c.resources?.requests;
  const r = resourceFromList(requests);
  if (withDefaults) {
    if (requests?.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (requests?.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

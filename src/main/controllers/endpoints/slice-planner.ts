/**
 * Placing a Service's endpoints into EndpointSlices with little churn (upstream
 * `endpointslice` `reconciler.reconcileByPortMapping`, simplified):
 * 1. an existing slice keeps the endpoints it has that are still wanted (updated in place);
 *    wanted endpoints it lacks are not moved in from elsewhere;
 * 2. endpoints not placed yet fill slices being rewritten anyway, then slices with room, then
 *    new slices of at most `maxPerSlice`;
 * 3. slices left empty, and slices whose port set is no longer wanted, are deleted;
 * 4. a Service with no endpoints keeps one empty placeholder slice (as upstream), so readers
 *    can tell "no endpoints" from "not processed yet".
 * Pure: decides, does not write.
 */
import { deepEqual } from '../../util/json.js';
import type { EndpointSlice } from '../../apiserver/kinds/endpointslice.js';
import { endpointKey, portsKey, type EndpointGroup, type SliceEndpoint, type SlicePort } from './slice-endpoints.js';

export interface SliceContent {
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

export interface SlicePlan {
  create: SliceContent[];
  update: (SliceContent & { slice: EndpointSlice })[];
  delete: EndpointSlice[];
  /** Existing slices whose endpoints and ports stay as they are. */
  unchanged: EndpointSlice[];
}

interface Working {
  slice: EndpointSlice;
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
  changed: boolean;
}

export function planSlices(groups: ReadonlyMap<string, EndpointGroup>, existing: readonly EndpointSlice[], maxPerSlice: number): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [], unchanged: [] };
  const byKey = new Map<string, EndpointSlice[]>();
  for (const slice of [...existing].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))) {
    const key = portsKey(slice.ports ?? []);
    byKey.set(key, [...(byKey.get(key) ?? []), slice]);
  }
  const total = [...groups.values()].reduce((n, g) => n + g.endpoints.length, 0);
  if (total === 0) return placeholderPlan(existing);

  for (const [key, slices] of byKey) if (!groups.has(key)) plan.delete.push(...slices);
  for (const group of groups.values()) placeGroup(group, byKey.get(group.key) ?? [], maxPerSlice, plan);
  return plan;
}

function placeGroup(group: EndpointGroup, slices: EndpointSlice[], maxPerSlice: number, plan: SlicePlan): void {
  const wanted = new Map(group.endpoints.map((e) => [endpointKey(e), e]));
  const placed = new Set<string>();
  const working: Working[] = slices.map((slice) => {
    const kept: SliceEndpoint[] = [];
    let changed = !deepEqual(slice.ports ?? [], group.ports);
    for (const ep of (slice.endpoints ?? []) as unknown as SliceEndpoint[]) {
      const key = endpointKey(ep);
      const want = wanted.get(key);
      if (!want || placed.has(key)) {
        changed = true;
        continue;
      }
      placed.add(key);
      kept.push(want);
      if (!deepEqual(ep, want)) changed = true;
    }
    return { slice, ports: group.ports, endpoints: kept, changed };
  });
  const pending = group.endpoints.filter((e) => !placed.has(endpointKey(e)));
  // Fill slices being rewritten first, then the fullest slices with room (fewer writes).
  const candidates = [...working].sort((a, b) => Number(b.changed) - Number(a.changed) || b.endpoints.length - a.endpoints.length);
  for (const w of candidates) {
    while (pending.length > 0 && w.endpoints.length < maxPerSlice) {
      w.endpoints.push(pending.shift()!);
      w.changed = true;
    }
  }
  for (let i = 0; i < pending.length; i += maxPerSlice) plan.create.push({ ports: group.ports, endpoints: pending.slice(i, i + maxPerSlice) });
  for (const w of working) {
    if (w.endpoints.length === 0) plan.delete.push(w.slice);
    else if (w.changed) plan.update.push({ slice: w.slice, ports: w.ports, endpoints: w.endpoints });
    else plan.unchanged.push(w.slice);
  }
}

function placeholderPlan(existing: readonly EndpointSlice[]): SlicePlan {
  const isPlaceholder = (s: EndpointSlice) => (s.endpoints ?? []).length === 0 && (s.ports ?? []).length === 0;
  const keep = existing.find(isPlaceholder);
  return {
    create: keep ? [] : [{ ports: [], endpoints: [] }],
    update: [],
    delete: existing.filter((s) => s !== keep),
    unchanged: keep ? [keep] : [],
  };
}

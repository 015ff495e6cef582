import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from '../../apiserver/kinds/endpointslice.js';
import { portsKey, type EndpointGroup, type SliceEndpoint, type SlicePort } from './slice-endpoints.js';
import { planSlices } from './slice-planner.js';

const HTTP: SlicePort[] = [{ name: 'http', port: 8080, protocol: 'TCP' }];

function ep(n: number, ready = true): SliceEndpoint {
  return {
    addresses: [`10.0.0.${n}`],
    conditions: { ready, serving: ready, terminating: false },
    targetRef: { kind: 'Pod', namespace: 'ns', name: `p${n}`, uid: `uid-${n}` },
  };
}

function group(ports: SlicePort[], ...ns: number[]): Map<string, EndpointGroup> {
  const key = portsKey(ports);
  return new Map([[key, { key, ports, endpoints: ns.map((n) => ep(n)) }]]);
}

function slice(name: string, ports: SlicePort[], endpoints: SliceEndpoint[]): EndpointSlice {
  return { metadata: { name }, addressType: 'IPv4', ports, endpoints } as unknown as EndpointSlice;
}

describe('planSlices', () => {
  it('creates chunks of at most maxPerSlice for a new Service', () => {
    const plan = planSlices(group(HTTP, 1, 2, 3, 4, 5), [], 2);
    expect(plan.create.map((c) => c.endpoints.length)).toEqual([2, 2, 1]);
    expect(plan.update).toEqual([]);
  });

  it('leaves untouched slices alone and fills a slice with room before creating one', () => {
    const a = slice('a', HTTP, [ep(1), ep(2)]);
    const b = slice('b', HTTP, [ep(3)]);
    const plan = planSlices(group(HTTP, 1, 2, 3, 4), [a, b], 2);
    expect(plan.unchanged).toEqual([a]);
    expect(plan.create).toEqual([]);
    expect(plan.update).toHaveLength(1);
    expect(plan.update[0].slice).toBe(b);
    expect(plan.update[0].endpoints.map((e) => e.addresses[0])).toEqual(['10.0.0.3', '10.0.0.4']);
  });

  it('updates changed endpoints in place and deletes slices left empty', () => {
    const a = slice('a', HTTP, [ep(1, false), ep(2)]);
    const b = slice('b', HTTP, [ep(9)]);
    const plan = planSlices(group(HTTP, 1, 2), [a, b], 10);
    expect(plan.update.map((u) => u.slice)).toEqual([a]);
    expect(plan.update[0].endpoints[0].conditions.ready).toBe(true);
    expect(plan.delete).toEqual([b]);
  });

  it('moves everything to new slices when the ports change', () => {
    const old = slice('a', [{ name: 'http', port: 80, protocol: 'TCP' }], [ep(1)]);
    const plan = planSlices(group(HTTP, 1), [old], 10);
    expect(plan.delete).toEqual([old]);
    expect(plan.create).toEqual([{ ports: HTTP, endpoints: [ep(1)] }]);
  });

  it('keeps exactly one placeholder when there are no endpoints', () => {
    expect(planSlices(new Map(), [], 10).create).toEqual([{ ports: [], endpoints: [] }]);
    const placeholder = slice('p', [], []);
    const stale = slice('s', HTTP, [ep(1)]);
    const plan = planSlices(new Map(), [stale, placeholder], 10);
    expect(plan.create).toEqual([]);
    expect(plan.unchanged).toEqual([placeholder]);
    expect(plan.delete).toEqual([stale]);
  });

  it('drops duplicates of an endpoint found in two slices', () => {
    const a = slice('a', HTTP, [ep(1)]);
    const b = slice('b', HTTP, [ep(1), ep(2)]);
    const plan = planSlices(group(HTTP, 1, 2), [a, b], 10);
    const all = [...plan.unchanged.flatMap((s) => s.endpoints ?? []), ...plan.update.flatMap((u) => u.endpoints)];
    expect(all.map((e) => e.addresses?.[0]).sort()).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});

import { describe, expect, it } from 'vitest';
import type { OwnerReference } from '../../../shared/api/object.js';
import { findResource } from '../../apiserver/registry/resources.js';
import { OwnerGraph, isDeletingDependents, isOrphaning, type GraphNode } from './owner-graph.js';
import { resourceForOwner } from './owner-resolver.js';

const pods = findResource('', 'v1', 'pods')!;

function node(uid: string, owners: Partial<OwnerReference>[] = [], extra: Partial<GraphNode> = {}): GraphNode {
  return {
    uid, resource: pods, namespace: 'default', name: uid,
    owners: owners.map((o) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs', ...o })),
    beingDeleted: false, finalizers: [], ...extra,
  };
}

describe('OwnerGraph', () => {
  it('indexes dependents under their owner uid, even before the owner is seen', () => {
    const g = new OwnerGraph();
    g.upsert(node('a', [{ uid: 'rs' }]));
    g.upsert(node('b', [{ uid: 'rs', blockOwnerDeletion: true }]));
    expect(g.get('rs')).toBeUndefined();
    expect(g.dependentsOf('rs').map((n) => n.uid).sort()).toEqual(['a', 'b']);
    expect(g.blockingDependentsOf('rs').map((n) => n.uid)).toEqual(['b']);
  });

  it('moves a dependent when its owners change and forgets it when removed', () => {
    const g = new OwnerGraph();
    g.upsert(node('a', [{ uid: 'x' }]));
    g.upsert(node('a', [{ uid: 'y' }]));
    expect(g.dependentsOf('x')).toEqual([]);
    expect(g.hasDependents('x')).toBe(false);
    expect(g.dependentsOf('y').map((n) => n.uid)).toEqual(['a']);
    g.remove('a');
    expect(g.hasDependents('y')).toBe(false);
    expect(g.size).toBe(0);
  });

  it('finds the dependents of one owner among 10,000 objects without scanning', () => {
    const g = new OwnerGraph();
    for (let i = 0; i < 10_000; i++) g.upsert(node(`pod-${i}`, [{ uid: `rs-${i % 100}` }]));
    const started = performance.now();
    for (let i = 0; i < 100; i++) expect(g.dependentsOf(`rs-${i}`)).toHaveLength(100);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('tells foreground and orphan deletions apart', () => {
    expect(isDeletingDependents(node('a', [], { beingDeleted: true, finalizers: ['foregroundDeletion'] }))).toBe(true);
    expect(isDeletingDependents(node('a', [], { beingDeleted: false, finalizers: ['foregroundDeletion'] }))).toBe(false);
    expect(isOrphaning(node('a', [], { beingDeleted: true, finalizers: ['orphan'] }))).toBe(true);
  });
});

describe('resourceForOwner', () => {
  it('maps an ownerReference to the served resource, tolerating another version of the group', () => {
    expect(resourceForOwner({ apiVersion: 'apps/v1', kind: 'ReplicaSet' })?.plural).toBe('replicasets');
    expect(resourceForOwner({ apiVersion: 'apps/v1beta2', kind: 'Deployment' })?.plural).toBe('deployments');
    expect(resourceForOwner({ apiVersion: 'v1', kind: 'Node' })?.namespaced).toBe(false);
    expect(resourceForOwner({ apiVersion: 'example.com/v1', kind: 'Widget' })).toBeUndefined();
  });
});

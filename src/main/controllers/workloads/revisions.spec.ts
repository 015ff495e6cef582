import { describe, expect, it } from 'vitest';
import { maxRevision, revisionOf, setNewReplicaSetAnnotations } from './revisions.js';
import type { Deployment, ReplicaSet } from './types.js';

const d: Deployment = {
  metadata: {
    name: 'web',
    annotations: {
      team: 'blue',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'deployment.kubernetes.io/revision': '7',
    },
  },
  spec: { replicas: 3 },
};

const rs = (annotations?: Record<string, string>): ReplicaSet => ({ metadata: { name: 'web-x', annotations } });

describe('revisions', () => {
  it('reads revisions, treating missing or malformed ones as 0', () => {
    expect(revisionOf(rs({ 'deployment.kubernetes.io/revision': '4' }))).toBe(4);
    expect(revisionOf(rs())).toBe(0);
    expect(revisionOf(rs({ 'deployment.kubernetes.io/revision': 'x' }))).toBe(0);
    expect(maxRevision([rs({ 'deployment.kubernetes.io/revision': '2' }), rs({ 'deployment.kubernetes.io/revision': '9' }), rs()])).toBe(9);
  });

  it('annotates a ReplicaSet about to be created', () => {
    const created = rs();
    expect(setNewReplicaSetAnnotations(d, created, 3, false, { desired: 3, max: 4 })).toBe(true);
    expect(created.metadata.annotations).toEqual({
      team: 'blue',
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
  });

  it('moves an old ReplicaSet to a higher revision and remembers the former ones (rollback)', () => {
    const old = rs({ team: 'blue', 'deployment.kubernetes.io/revision': '1' });
    expect(setNewReplicaSetAnnotations(d, old, 4, true, { desired: 3, max: 4 })).toBe(true);
    expect(old.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '4', 'deployment.kubernetes.io/revision-history': '1' });
    expect(old.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBeUndefined();
    setNewReplicaSetAnnotations(d, old, 6, true, { desired: 3, max: 4 });
    expect(old.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1,4');
  });

  it('never lowers a revision and reports no change when nothing changed', () => {
    const current = rs({ team: 'blue', 'deployment.kubernetes.io/revision': '5' });
    expect(setNewReplicaSetAnnotations(d, current, 3, true, { desired: 3, max: 4 })).toBe(false);
    expect(current.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('5');
  });

  it('keeps the history under the character limit by dropping the oldest entries', () => {
    const old = rs({ 'deployment.kubernetes.io/revision': '40', 'deployment.kubernetes.io/revision-history': '10,20,30' });
    setNewReplicaSetAnnotations(d, old, 50, true, { desired: 3, max: 4 }, 8);
    expect(old.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('20,30,40');
  });
});

import { describe, expect, it } from 'vitest';
import { replicaSetStrategy, type ReplicaSet } from './replicaset.js';
import { replicationControllerStrategy, type ReplicationController } from './replicationcontroller.js';
import { errorTexts } from './spec-support.js';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
const now = new Date('2024-05-01T12:00:00Z');

describe('ReplicaSet', () => {
  const rs = (): ReplicaSet => ({ metadata: { name: 'web-abc', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, template: structuredClone(template) } });

  it('defaults to one replica and validates', () => {
    const r = rs();
    replicaSetStrategy.defaults(r);
    expect(r.spec?.replicas).toBe(1);
    expect(replicaSetStrategy.validate(r)).toEqual([]);
  });

  it('selector is immutable on update', () => {
    const old = rs();
    replicaSetStrategy.defaults(old);
    const next = structuredClone(old);
    next.spec!.selector = { matchLabels: { app: 'web', v: '2' } };
    next.spec!.template!.metadata!.labels = { app: 'web', v: '2' };
    expect(errorTexts(replicaSetStrategy.validateUpdate(next, old))).toEqual([
      'spec.selector: Invalid value: {"matchLabels":{"app":"web","v":"2"}}: field is immutable',
    ]);
  });

  it('DESIRED CURRENT READY AGE | CONTAINERS IMAGES SELECTOR and status.replicas', () => {
    const r = rs();
    replicaSetStrategy.defaults(r);
    r.metadata.creationTimestamp = '2024-05-01T10:00:00Z';
    r.status = { replicas: 1, readyReplicas: 1 };
    expect(replicaSetStrategy.table.cells(r, now)).toEqual([1, 1, 1, '120m', 'web', 'nginx:1.27', 'app=web']);
    expect(replicaSetStrategy.fieldSelectors(r)).toEqual({ 'status.replicas': '1' });
  });
});

describe('ReplicationController', () => {
  it('selector and labels default to the template labels', () => {
    const rc: ReplicationController = { metadata: { name: 'web', namespace: 'default' }, spec: { template: structuredClone(template) } };
    replicationControllerStrategy.defaults(rc);
    expect(rc.spec?.selector).toEqual({ app: 'web' });
    expect(rc.metadata.labels).toEqual({ app: 'web' });
    expect(rc.spec?.replicas).toBe(1);
    expect(replicationControllerStrategy.validate(rc)).toEqual([]);
    expect(replicationControllerStrategy.table.cells(rc, now).slice(0, 3)).toEqual([1, 0, 0]);
  });

  it('reports a missing selector and template', () => {
    const rc: ReplicationController = { metadata: { name: 'web', namespace: 'default' }, spec: {} };
    replicationControllerStrategy.defaults(rc);
    expect(errorTexts(replicationControllerStrategy.validate(rc))).toEqual(['spec.selector: Required value', 'spec.template: Required value']);
  });
});

import { describe, expect, it } from 'vitest';
import { namespaceStrategy, type Namespace } from './namespace.js';
import { errorTexts } from './spec-support.js';

describe('Namespace', () => {
  it('gets the kubernetes finalizer and Active phase', () => {
    const ns: Namespace = { metadata: { name: 'team-a' } };
    namespaceStrategy.defaults(ns);
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(namespaceStrategy.nameRule).toBe('label');
  });

  it('spec finalizers are qualified or standard', () => {
    const ns: Namespace = { metadata: { name: 'a' }, spec: { finalizers: ['kubernetes', 'example.com/cleanup', 'cleanup'] } };
    expect(errorTexts(namespaceStrategy.validate(ns))).toEqual([
      'spec.finalizers[2]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  it('STATUS AGE and the status.phase field selector', () => {
    const ns: Namespace = { metadata: { name: 'a', creationTimestamp: '2024-04-30T12:00:00Z' }, status: { phase: 'Terminating' } };
    expect(namespaceStrategy.table.cells(ns, new Date('2024-05-01T12:00:00Z'))).toEqual(['Terminating', '24h']);
    expect(namespaceStrategy.fieldSelectors(ns)).toEqual({ 'status.phase': 'Terminating' });
  });
});

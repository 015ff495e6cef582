import { describe, expect, it } from 'vitest';
import { toRow } from './rows.js';

describe('toRow', () => {
  it('gives a pod the kubectl get columns, a waiting reason beating the phase', () => {
    const row = toRow({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'default', uid: 'u1', resourceVersion: '7', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d', uid: 'r', controller: true }] },
      spec: { nodeName: 'node-1', containers: [{ name: 'a', resources: { requests: { cpu: '250m', memory: '64Mi' } } }, { name: 'b', resources: { requests: { cpu: '1' } } }] },
      status: { phase: 'Running', podIP: '10.0.0.5', containerStatuses: [
        { name: 'a', ready: true, restartCount: 2, state: { running: {} } },
        { name: 'b', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } },
      ] },
    });
    expect(row).toEqual({
      uid: 'u1', name: 'web-1', namespace: 'default', resourceVersion: '7', creationTimestamp: undefined, deletionTimestamp: undefined,
      labels: undefined, owner: { kind: 'ReplicaSet', name: 'web-5d' },
      cells: { phase: 'Running', status: 'CrashLoopBackOff', ready: '1/2', restarts: 7, node: 'node-1', podIP: '10.0.0.5', cpuRequest: 1.25, memoryRequest: 64 * 1024 * 1024 },
    });
  });

  it('says Terminating and Unschedulable like kubectl', () => {
    expect(toRow({ kind: 'Pod', metadata: { name: 'p', deletionTimestamp: '2026-01-01T00:00:00Z' }, spec: { containers: [] }, status: { phase: 'Running' } }).cells.status).toBe('Terminating');
    expect(toRow({ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } }).cells.status).toBe('Unschedulable');
  });

  it('counts an init container when it asks for more than the app containers, plus overhead', () => {
    const row = toRow({ kind: 'Pod', metadata: { name: 'p' }, spec: {
      initContainers: [{ name: 'i', resources: { requests: { cpu: '2' } } }],
      containers: [{ name: 'c', resources: { requests: { cpu: '500m', memory: '1Gi' } } }],
      overhead: { cpu: '100m' },
    }, status: {} });
    expect(row.cells).toMatchObject({ cpuRequest: 2.1, memoryRequest: 1024 ** 3 });
  });

  it('gives nodes readiness, roles and allocatable, and workloads their replica counts', () => {
    const node = toRow({ kind: 'Node', metadata: { name: 'n', labels: { 'node-role.kubernetes.io/control-plane': '' } }, spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'False' }], allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } });
    expect(node.cells).toMatchObject({ ready: 'NotReady', unschedulable: true, roles: 'control-plane', cpu: '4', memory: '8Gi' });
    const d = toRow({ kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 3, template: { spec: { containers: [{ image: 'nginx' }] } } }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } });
    expect(d.cells).toEqual({ replicas: 3, ready: 2, upToDate: 3, available: 2, images: 'nginx' });
  });
});

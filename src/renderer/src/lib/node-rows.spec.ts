import { describe, expect, it } from 'vitest';
import { nodeRow } from './node-rows';
import type { Node } from './kube-types';

const node = (extra: Partial<Node['metadata']>, ready: string, unschedulable = false): Node => ({
  metadata: { name: 'n', ...extra },
  spec: { unschedulable },
  status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, conditions: [{ type: 'Ready', status: ready, reason: ready === 'True' ? 'KubeletReady' : 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }] },
});

describe('nodeRow', () => {
  it('reads readiness, cordoning, kind and an injected fault from the Node', () => {
    const sim = nodeRow(node({ labels: { 'node.kubernetes.io/instance-type': 'pilothouse-simulated' } }, 'True', true));
    expect(sim).toMatchObject({ ready: 'Ready', status: 'Ready,SchedulingDisabled', tone: 'warn', kind: 'simulated', cpuAllocatable: 2, memoryAllocatable: 4 * 2 ** 30 });
    const killed = nodeRow(node({ labels: { 'node.kubernetes.io/instance-type': 'pilothouse-docker' }, annotations: { 'pilothouse.dev/fault-injection': 'killed' } }, 'Unknown'));
    expect(killed).toMatchObject({ ready: 'Unknown', fault: 'killed', tone: 'bad', kind: 'docker' });
    expect(killed.problems[0]).toBe('NodeStatusUnknown: Kubelet stopped posting node status.');
    expect(nodeRow(node({ labels: { 'node.pilothouse.dev/agent': 'true' } }, 'True')).kind).toBe('remote');
  });
});

import { describe, expect, it } from 'vitest';
import { nodeStrategy, type Node } from './node.js';
import { errorTexts } from './spec-support.js';

function node(extra: Partial<Node> = {}): Node {
  return {
    metadata: { name: 'worker-1', creationTimestamp: '2024-04-20T12:00:00Z', labels: { 'node-role.kubernetes.io/control-plane': '' } },
    spec: {},
    status: {
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'worker-1' }],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0', containerRuntimeVersion: 'docker://27.0.0' },
    },
    ...extra,
  };
}

const now = new Date('2024-05-01T12:00:00Z');

describe('Node', () => {
  it('allocatable defaults to capacity', () => {
    const n = node();
    nodeStrategy.defaults(n);
    expect(n.status?.allocatable).toEqual({ cpu: '4', memory: '8Gi', pods: '110' });
  });

  it('prints STATUS ROLES AGE VERSION and the wide columns', () => {
    expect(nodeStrategy.table.cells(node(), now)).toEqual([
      'Ready', 'control-plane', '11d', 'v1.32.0', '172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0', 'docker://27.0.0',
    ]);
  });

  it('cordoned and not-ready nodes', () => {
    const n = node({ spec: { unschedulable: true } });
    n.status!.conditions = [{ type: 'Ready', status: 'Unknown' }];
    expect(nodeStrategy.table.cells(n, now).slice(0, 2)).toEqual(['NotReady,SchedulingDisabled', 'control-plane']);
    n.status!.conditions = [];
    n.metadata.labels = {};
    expect(nodeStrategy.table.cells(n, now).slice(0, 2)).toEqual(['Unknown,SchedulingDisabled', '<none>']);
    expect(nodeStrategy.fieldSelectors(n)).toEqual({ 'spec.unschedulable': 'true' });
  });

  it('taints need a known effect and are unique by key and effect', () => {
    const n = node({ spec: { taints: [{ key: 'gpu', effect: 'Sometimes' }, { key: 'a', effect: 'NoSchedule' }, { key: 'a', effect: 'NoSchedule' }] } });
    expect(errorTexts(nodeStrategy.validate(n))).toEqual([
      'metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'metadata.taints[2]: Duplicate value: {"key":"a","effect":"NoSchedule"}: taints must be unique by key and effect pair',
    ]);
  });

  it('podCIDRs and providerID may not change once set', () => {
    const old = node({ spec: { podCIDRs: ['10.244.1.0/24'], providerID: 'docker://worker-1' } });
    const next = node({ spec: { podCIDRs: ['10.244.2.0/24'], providerID: 'other' } });
    expect(errorTexts(nodeStrategy.validateUpdate(next, old))).toEqual([
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
      'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
    ]);
  });
});

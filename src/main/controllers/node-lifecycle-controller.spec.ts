import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/api/object.js';
import type { Pod } from '../apiserver/kinds/pod-types.js';
import { rfc3339, rfc3339Micro } from '../util/time.js';
import { NodeLifecycleController } from './node-lifecycle-controller.js';
import type { LifecycleNode } from './nodelifecycle/taints.js';
import { TaintEvictionController } from './taint-eviction-controller.js';
import { eventually, startTestCluster, type TestCluster } from './testing/test-cluster.js';

const NODES = { apiVersion: 'v1', resource: 'nodes' };
const PODS = { apiVersion: 'v1', resource: 'pods' };
const LEASES = { apiVersion: 'coordination.k8s.io/v1', resource: 'leases' };

let cluster: TestCluster;
let lifecycle: NodeLifecycleController;
let eviction: TaintEvictionController;
/** Nodes whose simulated kubelet renews its Lease. */
const alive = new Set<string>();
let renewer: NodeJS.Timeout;

/** What a kubelet does: register the node Ready, create its Lease, keep renewing it. */
async function registerNode(name: string): Promise<void> {
  const c = cluster.client;
  const node = await c.create(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name } });
  await postStatus(node, 'True');
  await c.create(LEASES, 'kube-node-lease', {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: rfc3339Micro(new Date()) },
  });
  alive.add(name);
}

async function postStatus(node: KubeObject, ready: 'True' | 'False'): Promise<void> {
  const now = rfc3339(new Date());
  const live = await cluster.client.get(NODES, undefined, node.metadata.name!);
  const pressure = (type: string) => ({ type, status: 'False', reason: 'KubeletHasSufficient', lastHeartbeatTime: now, lastTransitionTime: now });
  await cluster.client.update(NODES, {
    ...live,
    status: {
      conditions: [
        pressure('MemoryPressure'), pressure('DiskPressure'), pressure('PIDPressure'),
        { type: 'Ready', status: ready, reason: ready === 'True' ? 'KubeletReady' : 'KubeletNotReady', lastHeartbeatTime: now, lastTransitionTime: now },
      ],
    },
  }, 'status');
}

async function renewLeases(): Promise<void> {
  for (const name of alive) {
    const lease = await cluster.client.tryGet(LEASES, 'kube-node-lease', name);
    if (!lease) continue;
    await cluster.client.update(LEASES, { ...lease, spec: { ...(lease.spec as object), renewTime: rfc3339Micro(new Date()) } }).catch(() => undefined);
  }
}

async function runningPod(name: string, node: string, tolerations: unknown[] = []): Promise<void> {
  await cluster.client.create(PODS, 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { nodeName: node, tolerations, containers: [{ name: 'c', image: 'busybox' }] },
  });
  const pod = await cluster.client.get(PODS, 'default', name);
  await cluster.client.update(PODS, { ...pod, status: { phase: 'Running', podIP: '10.244.9.1', conditions: [{ type: 'Ready', status: 'True' }] } }, 'status');
}

const getNode = (name: string) => cluster.client.get<LifecycleNode>(NODES, undefined, name);
const getPod = (name: string) => cluster.client.get<Pod>(PODS, 'default', name);
const taintIds = (n: LifecycleNode) => (n.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();

beforeAll(async () => {
  cluster = await startTestCluster();
  lifecycle = new NodeLifecycleController({ client: cluster.client, gracePeriodMs: 1000, startupGracePeriodMs: 1500, monitorPeriodMs: 200 });
  eviction = new TaintEvictionController({ client: cluster.client, defaultUnreachableTolerationSeconds: 1, defaultNotReadyTolerationSeconds: 1 });
  renewer = setInterval(() => void renewLeases(), 200);
  for (const name of ['node-a', 'node-b', 'node-c']) await registerNode(name);
  lifecycle.start();
  eviction.start();
  await Promise.all([lifecycle.waitForSync(), eviction.waitForSync()]);
});

afterAll(async () => {
  clearInterval(renewer);
  await lifecycle?.stop();
  await eviction?.stop();
  await cluster?.dispose();
});

describe('node lifecycle and taint eviction', () => {
  it('a node that stops renewing its Lease goes Unknown, is tainted, and its pods are evicted when their tolerations run out', async () => {
    await runningPod('default-toleration', 'node-a');
    await runningPod('long-toleration', 'node-a', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 3600 }]);
    await runningPod('on-healthy-node', 'node-b');
    await new Promise((r) => setTimeout(r, 1500));
    expect(taintIds(await getNode('node-a'))).toEqual([]);

    alive.delete('node-a');
    const stopped = Date.now();
    const node = await eventually(async () => {
      const n = await getNode('node-a');
      return n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown' ? n : undefined;
    }, 'node-a to become Ready=Unknown');
    for (const c of node.status!.conditions!) {
      expect(c).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    }
    await eventually(async () => taintIds(await getNode('node-a')).join() === 'node.kubernetes.io/unreachable:NoExecute,node.kubernetes.io/unreachable:NoSchedule',
      'the unreachable taints');
    const tainted = await getNode('node-a');
    expect(tainted.spec?.taints?.find((t) => t.effect === 'NoExecute')?.timeAdded).toBeTruthy();

    await eventually(async () => (await getPod('long-toleration')).status?.conditions?.find((c) => c.type === 'Ready')?.status === 'False',
      'pods on node-a to be marked not ready');
    const evicted = await eventually(async () => {
      const p = await getPod('default-toleration');
      return p.metadata.deletionTimestamp ? p : undefined;
    }, 'the pod with the default toleration to be evicted');
    expect(Date.now() - stopped).toBeGreaterThanOrEqual(1900); // grace period + toleration
    expect(evicted.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
    expect((await getPod('long-toleration')).metadata.deletionTimestamp).toBeUndefined();
    const healthy = await getPod('on-healthy-node');
    expect(healthy.metadata.deletionTimestamp).toBeUndefined();
    expect(healthy.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');

    // The kubelet comes back: renews its Lease and reports Ready.
    alive.add('node-a');
    await postStatus(node, 'True');
    await eventually(async () => taintIds(await getNode('node-a')).length === 0, 'the taints to be removed');
  });

  it('a node the kubelet reports NotReady gets the not-ready taints', async () => {
    await postStatus(await getNode('node-c'), 'False');
    await eventually(async () => taintIds(await getNode('node-c')).join() === 'node.kubernetes.io/not-ready:NoExecute,node.kubernetes.io/not-ready:NoSchedule',
      'the not-ready taints');
    await postStatus(await getNode('node-c'), 'True');
    await eventually(async () => taintIds(await getNode('node-c')).length === 0, 'the not-ready taints to go');
  });

  it('withholds NoExecute taints while no node at all is Ready', async () => {
    alive.clear();
    await eventually(async () => {
      const nodes = await Promise.all(['node-a', 'node-b', 'node-c'].map(getNode));
      return nodes.every((n) => taintIds(n).join() === 'node.kubernetes.io/unreachable:NoSchedule');
    }, 'every node Unknown with only the NoSchedule taint', 8000);
  });
});

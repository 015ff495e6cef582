/**
 * ReplicationController controller against a real API server: the ReplicaSet logic on the core/v1
 * kind, whose selector is a plain label map.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReplicationControllerController } from './replicationcontroller-controller.js';
import { eventually, type TestCluster } from './testing/test-cluster.js';
import { FakeKubelet } from './workloads/testing/fake-kubelet.js';
import { listPods, NS, podTemplate, startWorkloadCluster } from './workloads/testing/workload-cluster.js';
import type { ReplicaOwner } from './workloads/types.js';

const RCS = { apiVersion: 'v1', resource: 'replicationcontrollers' };

let t: TestCluster;
let kubelet: FakeKubelet;
let controller: ReplicationControllerController;

beforeEach(async () => {
  t = await startWorkloadCluster();
  kubelet = new FakeKubelet(t.client, { autoReady: { afterMs: 5 } });
  await kubelet.start();
  controller = new ReplicationControllerController({ client: t.client });
  controller.start();
  await controller.waitForSync();
});

afterEach(async () => {
  await controller.stop();
  kubelet.stop();
  await t.dispose();
});

describe('ReplicationControllerController', () => {
  it('keeps the replicas of a ReplicationController and reports its status', async () => {
    const rc = await t.client.create<ReplicaOwner>(RCS, NS, {
      apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'legacy' },
      spec: { replicas: 2, selector: { app: 'legacy' }, template: podTemplate({ app: 'legacy' }) },
    });
    const status = await eventually(async () => {
      const s = (await t.client.get<ReplicaOwner>(RCS, NS, 'legacy')).status;
      return s?.availableReplicas === 2 ? s : undefined;
    }, 'two available replicas');
    expect(status).toMatchObject({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, observedGeneration: 1 });
    const pods = await listPods(t, rc.metadata.uid);
    expect(pods.map((p) => p.metadata.name)).toEqual([expect.stringMatching(/^legacy-\w{5}$/), expect.stringMatching(/^legacy-\w{5}$/)]);
    expect(pods[0].metadata.ownerReferences?.[0]).toMatchObject({ apiVersion: 'v1', kind: 'ReplicationController', name: 'legacy', controller: true, blockOwnerDeletion: true });
    await t.client.patch(RCS, NS, 'legacy', { spec: { replicas: 1 } }, 'merge', 'scale');
    await eventually(async () => (await listPods(t, rc.metadata.uid)).filter((p) => !p.metadata.deletionTimestamp).length === 1, 'one pod left');
  });
});

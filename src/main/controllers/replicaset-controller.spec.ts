/**
 * ReplicaSet controller against a real API server, with the spec playing scheduler and kubelet
 * (binding pods and marking them Ready through `pods/{name}/status`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_USER } from '../apiserver/authn.js';
import { eventually, type TestCluster } from './testing/test-cluster.js';
import { ApiClient } from '../client/api-client.js';
import { ReplicaSetController } from './replicaset-controller.js';
import { FakeKubelet } from './workloads/testing/fake-kubelet.js';
import {
  listPods, names, NS, PODS, REPLICASETS, replicaSetFixture, startWorkloadCluster,
} from './workloads/testing/workload-cluster.js';
import type { Pod, ReplicaOwner } from './workloads/types.js';

let t: TestCluster;
let kubelet: FakeKubelet;
let controller: ReplicaSetController | undefined;

beforeEach(async () => {
  t = await startWorkloadCluster();
  kubelet = new FakeKubelet(t.client);
  await kubelet.start();
});

afterEach(async () => {
  await controller?.stop();
  controller = undefined;
  kubelet.stop();
  await t.dispose();
});

async function startController(client = t.client): Promise<void> {
  controller = new ReplicaSetController({ client });
  controller.start();
  await controller.waitForSync();
}

const getRs = (name: string) => t.client.get<ReplicaOwner>(REPLICASETS, NS, name);

async function runningPods(uid: string, count: number): Promise<Pod[]> {
  return eventually(async () => {
    const pods = (await listPods(t, uid)).filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
    return pods.length === count ? pods : undefined;
  }, `${count} running pods`);
}

describe('ReplicaSetController', () => {
  it('creates the missing pods from the template, owned by the ReplicaSet', async () => {
    await startController();
    const rs = await t.client.create<ReplicaOwner>(REPLICASETS, NS, replicaSetFixture('web', 3));
    const pods = await runningPods(rs.metadata.uid!, 3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'web' });
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
      expect(p.spec?.containers?.[0]?.image).toBe('busybox:1');
    }
    for (const p of pods) await kubelet.setReady(NS, p.metadata.name!);
    const ready = await eventually(async () => {
      const s = (await getRs('web')).status;
      return s?.readyReplicas === 3 ? s : undefined;
    }, 'ready status');
    expect(ready).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  });

  it('never creates more pods than asked during a burst of events', async () => {
    await startController();
    const rs = await t.client.create<ReplicaOwner>(REPLICASETS, NS, replicaSetFixture('burst', 12));
    await runningPods(rs.metadata.uid!, 12);
    const creations = async () => {
      const events = (await t.client.list({ apiVersion: 'v1', resource: 'events' }, NS)).items as unknown as { reason: string; count: number }[];
      return events.filter((e) => e.reason === 'SuccessfulCreate').reduce((n, e) => n + e.count, 0);
    };
    // Events are recorded asynchronously: wait for them, then give a stray creation time to show.
    await eventually(async () => (await creations()) >= 12, '12 SuccessfulCreate events');
    await new Promise((r) => setTimeout(r, 100));
    expect((await listPods(t, rs.metadata.uid)).length).toBe(12);
    expect(await creations()).toBe(12);
  });

  it('scales down deleting the pods that are not ready first', async () => {
    await startController();
    const rs = await t.client.create<ReplicaOwner>(REPLICASETS, NS, replicaSetFixture('web', 4));
    const pods = await runningPods(rs.metadata.uid!, 4);
    const keep = names(pods.slice(0, 2));
    for (const name of keep) await kubelet.setReady(NS, name);
    await eventually(async () => (await getRs('web')).status?.readyReplicas === 2, '2 ready');
    await t.client.patch(REPLICASETS, NS, 'web', { spec: { replicas: 2 } }, 'merge', 'scale');
    const left = await runningPods(rs.metadata.uid!, 2);
    expect(names(left)).toEqual(keep);
    await eventually(async () => (await getRs('web')).status?.replicas === 2, 'status replicas 2');
  });

  it('prefers the lower pod-deletion-cost among equally ready pods', async () => {
    await startController();
    const rs = await t.client.create<ReplicaOwner>(REPLICASETS, NS, replicaSetFixture('web', 3));
    const pods = await runningPods(rs.metadata.uid!, 3);
    const cheap = pods[1].metadata.name!;
    for (const p of pods) {
      const cost = p.metadata.name === cheap ? '-5' : '10';
      await t.client.patch(PODS, NS, p.metadata.name!, { metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': cost } } });
    }
    await t.client.patch(REPLICASETS, NS, 'web', { spec: { replicas: 2 } }, 'merge', 'scale');
    await eventually(async () => !(await listPods(t, rs.metadata.uid)).some((p) => p.metadata.name === cheap), 'cheap pod gone');
    expect((await runningPods(rs.metadata.uid!, 2)).length).toBe(2);
  });

  it('adopts an orphan pod that matches its selector', async () => {
    await startController();
    await t.client.create(PODS, NS, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { app: 'web' } },
      spec: { containers: [{ name: 'main', image: 'busybox:1' }] },
    });
    const rs = await t.client.create<ReplicaOwner>(REPLICASETS, NS, replicaSetFixture('web', 2));
    const pods = await runningPods(rs.metadata.uid!, 2);
    expect(pods.map((p) => p.metadata.name)).toContain('stray');
    const stray = await t.client.get<Pod>(PODS, NS, 'stray');
    expect(stray.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', uid: rs.metadata.uid, controller: true });
    expect((await listPods(t)).length).toBe(2);
  });

  it('releases a pod whose labels no longer match and replaces it', async () => {
    await startController();
    const rs = await t.client.create<ReplicaOwner>(REPLICASETS, NS, replicaSetFixture('web', 2));
    const [first] = await runningPods(rs.metadata.uid!, 2);
    await t.client.patch(PODS, NS, first.metadata.name!, { metadata: { labels: { app: 'debug' } } });
    await eventually(async () => ((await t.client.get<Pod>(PODS, NS, first.metadata.name!)).metadata.ownerReferences ?? []).length === 0, 'released');
    const owned = await runningPods(rs.metadata.uid!, 2);
    expect(owned.map((p) => p.metadata.name)).not.toContain(first.metadata.name);
    expect((await listPods(t)).length).toBe(3);
  });

  it('reports availability only after minReadySeconds', async () => {
    await startController();
    const fixture = replicaSetFixture('slow', 1);
    fixture.spec!.minReadySeconds = 1;
    const rs = await t.client.create<ReplicaOwner>(REPLICASETS, NS, fixture);
    const [pod] = await runningPods(rs.metadata.uid!, 1);
    await kubelet.setReady(NS, pod.metadata.name!);
    const early = await eventually(async () => {
      const s = (await getRs('slow')).status;
      return s?.readyReplicas === 1 ? s : undefined;
    }, 'ready');
    expect(early.availableReplicas).toBe(0);
    await eventually(async () => (await getRs('slow')).status?.availableReplicas === 1, 'available', 4000);
  });

  it('sets ReplicaFailure while pods cannot be created and clears it afterwards', async () => {
    let failing = true;
    const client = new ApiClient({
      request: async (req) => {
        if (failing && req.method === 'POST' && req.path.endsWith('/pods')) {
          return { status: 403, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403, message: 'pods "x" is forbidden: exceeded quota' } };
        }
        return t.apiServer.handle({ ...req, user: ADMIN_USER });
      },
    });
    await startController(client);
    await t.client.create(REPLICASETS, NS, replicaSetFixture('quota', 2));
    const cond = await eventually(async () => (await getRs('quota')).status?.conditions?.find((c) => c.type === 'ReplicaFailure'), 'failure condition');
    expect(cond).toMatchObject({ status: 'True', reason: 'FailedCreate', message: 'pods "x" is forbidden: exceeded quota' });
    failing = false;
    await eventually(async () => {
      const s = (await getRs('quota')).status;
      return s?.replicas === 2 && !s.conditions?.some((c) => c.type === 'ReplicaFailure');
    }, 'recovered', 8000);
  });
});

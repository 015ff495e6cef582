/**
 * Deployment controller with the ReplicaSet controller against a real API server; the spec plays
 * scheduler and kubelet (pods are bound, started and marked Ready through the API).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../apiserver/testing/in-process-server.js';
import { eventually, type TestCluster } from './testing/test-cluster.js';
import { Informer } from '../client/informer.js';
import { isPodReady } from './workloads/pod-util.js';
import { rolloutStatusView } from './workloads/testing/rollout-status.js';
import { DEPLOYMENTS, deploymentFixture, listPods, NS, PODS, REPLICASETS, startWorkloadCluster } from './workloads/testing/workload-cluster.js';
import {
  getDeployment, replicaSetsOf, setImage, startWorkloadControllers, waitForRollout, type WorkloadControllers,
} from './workloads/testing/workload-controllers.js';
import type { Deployment, Pod, ReplicaSet } from './workloads/types.js';

let t: TestCluster;
let running: WorkloadControllers | undefined;
const informers: Informer<never>[] = [];

beforeEach(async () => {
  t = await startWorkloadCluster();
});

afterEach(async () => {
  for (const i of informers.splice(0)) i.stop();
  await running?.stop();
  running = undefined;
  await t.dispose();
});

/** Calls `onChange` with the whole cache after every change once listed; stopped after the spec. */
async function watch<T extends Pod | ReplicaSet>(ref: { apiVersion: string; resource: string }, onChange: (all: T[]) => void): Promise<void> {
  const inf = new Informer<T>(t.client, ref, { namespace: NS });
  const fire = () => {
    if (inf.hasSynced()) onChange(inf.list());
  };
  inf.addHandlers({ onAdd: fire, onUpdate: fire, onDelete: fire });
  informers.push(inf as unknown as Informer<never>);
  inf.start();
  await inf.waitForSync();
}

describe('DeploymentController', () => {
  it('creates a ReplicaSet named after the template hash, with labels and annotations', async () => {
    running = await startWorkloadControllers(t);
    const created = await t.client.create<Deployment>(DEPLOYMENTS, NS, deploymentFixture('web', 3));
    const d = await waitForRollout(t, 'web');
    const [rs] = await replicaSetsOf(t, d);
    const hash = rs.metadata.labels?.['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec?.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs.spec?.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const pods = await listPods(t, rs.metadata.uid);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.labels?.['pod-template-hash']).toBe(hash);
    }
  });

  it('reports the status fields and conditions kubectl rollout status reads', async () => {
    running = await startWorkloadControllers(t);
    await t.client.create(DEPLOYMENTS, NS, deploymentFixture('web', 2));
    const d = await waitForRollout(t, 'web');
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 0 });
    const [rs] = await replicaSetsOf(t, d);
    expect(d.status?.conditions?.find((c) => c.type === 'Available')).toMatchObject({
      status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.',
    });
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
    });
    expect(rolloutStatusView(d).message).toBe('deployment "web" successfully rolled out');
  });

  it('rolls a template change within maxSurge and maxUnavailable at every step', async () => {
    running = await startWorkloadControllers(t);
    await t.client.create(DEPLOYMENTS, NS, deploymentFixture('web', 4, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
    const before = await waitForRollout(t, 'web');
    let minReady = Infinity;
    let maxWanted = 0;
    const readyOverTime: number[] = [];
    await watch<Pod>(PODS, (pods) => {
      const ready = pods.filter((p) => !p.metadata.deletionTimestamp && isPodReady(p)).length;
      if (readyOverTime.at(-1) !== ready) readyOverTime.push(ready);
      minReady = Math.min(minReady, ready);
    });
    await watch<ReplicaSet>(REPLICASETS, (rss) => {
      maxWanted = Math.max(maxWanted, rss.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0));
    });
    await setImage(t, 'web', 'busybox:2');
    await eventually(async () => (await replicaSetsOf(t, before)).length === 2, 'rollout started');
    const after = await waitForRollout(t, 'web');
    expect(minReady, `ready pods over time: ${readyOverTime.join(' ')}`).toBeGreaterThanOrEqual(3); // replicas - maxUnavailable
    expect(maxWanted).toBeLessThanOrEqual(5); // replicas + maxSurge, at every ReplicaSet event
    expect(readyOverTime.length).toBeGreaterThan(2);
    const [old, cur] = await replicaSetsOf(t, after);
    expect(old.spec?.replicas).toBe(0);
    expect(cur.spec?.replicas).toBe(4);
    expect(cur.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(after.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const pods = await eventually(async () => {
      const all = await listPods(t);
      return all.length === 4 ? all : undefined;
    }, 'old pods gone');
    expect(pods.every((p) => p.spec?.containers?.[0]?.image === 'busybox:2')).toBe(true);
    const events = (await t.client.list({ apiVersion: 'v1', resource: 'events' }, NS)).items as unknown as { reason: string; message: string }[];
    expect(events.some((e) => e.reason === 'ScalingReplicaSet' && /^Scaled down replica set web-\w+ from 4 to 3$/.test(e.message))).toBe(true);
  });

  it('Recreate scales the old ReplicaSet to 0 and waits for its pods before starting new ones', async () => {
    running = await startWorkloadControllers(t);
    await t.client.create(DEPLOYMENTS, NS, deploymentFixture('web', 3, { strategy: { type: 'Recreate' } }));
    const before = await waitForRollout(t, 'web');
    const [oldRS] = await replicaSetsOf(t, before);
    const oldHash = oldRS.metadata.labels?.['pod-template-hash'];
    let overlap = false;
    await watch<Pod>(PODS, (pods) => {
      const hasNew = pods.some((p) => p.metadata.labels?.['pod-template-hash'] !== oldHash);
      const hasOld = pods.some((p) => p.metadata.labels?.['pod-template-hash'] === oldHash);
      if (hasNew && hasOld) overlap = true;
    });
    await setImage(t, 'web', 'busybox:2');
    const after = await waitForRollout(t, 'web');
    expect(overlap).toBe(false);
    const [old, cur] = await replicaSetsOf(t, after);
    expect(old.spec?.replicas).toBe(0);
    expect(cur.spec?.replicas).toBe(3);
    expect(cur.metadata.annotations?.['deployment.kubernetes.io/max-replicas']).toBe('3');
  });

  it('marks a stuck rollout ProgressDeadlineExceeded once the deadline passes', async () => {
    const clock = new ManualClock(new Date());
    running = await startWorkloadControllers(t, { clock, kubelet: { autoReady: false } });
    await t.client.create(DEPLOYMENTS, NS, deploymentFixture('web', 2, { progressDeadlineSeconds: 60 }));
    const waiting = await eventually(async () => {
      const d = await getDeployment(t, 'web');
      return d.status?.replicas === 2 ? d : undefined;
    }, 'pods created');
    expect(rolloutStatusView(waiting).message).toBe('Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...');
    expect(waiting.status?.conditions?.find((c) => c.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    clock.advance(61);
    // Something must wake the controller: in a cluster its requeue timer would; here a label change.
    await t.client.patch(DEPLOYMENTS, NS, 'web', { metadata: { labels: { poke: '1' } } });
    const d = await eventually(async () => {
      const x = await getDeployment(t, 'web');
      return x.status?.conditions?.some((c) => c.reason === 'ProgressDeadlineExceeded') ? x : undefined;
    }, 'deadline exceeded');
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'False', message: expect.stringMatching(/has timed out progressing\.$/) });
    expect(rolloutStatusView(d).error).toBe('deployment "web" exceeded its progress deadline');
  });

  it('sets owner references so deleting the Deployment removes its ReplicaSets and pods (garbage collector)', async () => {
    running = await startWorkloadControllers(t);
    await t.client.create(DEPLOYMENTS, NS, deploymentFixture('web', 2));
    await waitForRollout(t, 'web');
    await t.client.delete(DEPLOYMENTS, NS, 'web', { propagationPolicy: 'Background' });
    await eventually(async () => (await t.client.list(REPLICASETS, NS)).items.length === 0, 'ReplicaSets deleted');
    await eventually(async () => (await listPods(t)).length === 0, 'pods deleted');
  });

  it('waits for the new spec to be observed before reporting a rollout', async () => {
    running = await startWorkloadControllers(t);
    await t.client.create(DEPLOYMENTS, NS, deploymentFixture('web', 1));
    await waitForRollout(t, 'web');
    await setImage(t, 'web', 'busybox:3');
    const d = await getDeployment(t, 'web');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      expect(rolloutStatusView(d).message).toBe('Waiting for deployment spec update to be observed...');
    }
    const done = await waitForRollout(t, 'web');
    expect(done.status?.observedGeneration).toBe(2);
  });
});

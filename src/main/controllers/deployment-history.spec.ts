/**
 * Deployment revisions and rollout controls against a real API server: `kubectl rollout undo`,
 * `rollout pause` / `resume`, `rollout restart`, `revisionHistoryLimit`, and `kubectl scale` in
 * the middle of a rollout. Each client action is sent the way kubectl sends it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type TestCluster } from './testing/test-cluster.js';
import { clone } from '../util/json.js';
import { rolloutStatusView } from './workloads/testing/rollout-status.js';
import { DEPLOYMENTS, deploymentFixture, listPods, NS, startWorkloadCluster } from './workloads/testing/workload-cluster.js';
import {
  getDeployment, replicaSetsOf, setImage, startWorkloadControllers, waitForRollout, type WorkloadControllers,
} from './workloads/testing/workload-controllers.js';
import type { Deployment, ReplicaSet } from './workloads/types.js';

let t: TestCluster;
let running: WorkloadControllers | undefined;

beforeEach(async () => {
  t = await startWorkloadCluster();
});

afterEach(async () => {
  await running?.stop();
  running = undefined;
  await t.dispose();
});

const REVISION = 'deployment.kubernetes.io/revision';
const revision = (o: { metadata: { annotations?: Record<string, string> } }) => o.metadata.annotations?.[REVISION];
const image = (rs: ReplicaSet) => rs.spec?.template?.spec?.containers?.[0]?.image;

/** `kubectl rollout undo`: JSON-patches the previous revision's template and annotations back. */
async function rolloutUndo(name: string): Promise<void> {
  const d = await getDeployment(t, name);
  const rss = await replicaSetsOf(t, d);
  const previous = rss[rss.length - 2];
  const template = clone(previous.spec!.template!);
  delete template.metadata!.labels!['pod-template-hash'];
  const skip = ['kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history',
    'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to'];
  const annotations: Record<string, string> = {};
  for (const k of skip) if (d.metadata.annotations?.[k] !== undefined) annotations[k] = d.metadata.annotations[k];
  for (const [k, v] of Object.entries(previous.metadata.annotations ?? {})) if (!skip.includes(k)) annotations[k] = v;
  await t.client.patch(DEPLOYMENTS, NS, name, [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ], 'json');
}

async function rolledTo(name: string, img: string): Promise<Deployment> {
  return eventually(async () => {
    const d = await getDeployment(t, name);
    const rss = await replicaSetsOf(t, d);
    const current = rss.find((rs) => (rs.spec?.replicas ?? 0) > 0);
    return rolloutStatusView(d).done && current && image(current) === img ? d : undefined;
  }, `rollout to ${img}`, 8000);
}

describe('Deployment revisions', () => {
  it('rollout undo reuses the previous ReplicaSet and gives it a new, higher revision', async () => {
    running = await startWorkloadControllers(t);
    await t.client.create(DEPLOYMENTS, NS, deploymentFixture('web', 2));
    const first = await waitForRollout(t, 'web');
    const [v1] = await replicaSetsOf(t, first);
    await setImage(t, 'web', 'busybox:2');
    await rolledTo('web', 'busybox:2');
    await rolloutUndo('web');
    const d = await rolledTo('web', 'busybox:1');
    const rss = await replicaSetsOf(t, d);
    expect(rss).toHaveLength(2);
    const reused = rss.find((rs) => rs.metadata.uid === v1.metadata.uid)!;
    expect(revision(reused)).toBe('3');
    expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(reused.spec?.replicas).toBe(2);
    expect(revision(d)).toBe('3');
    const pods = await eventually(async () => {
      const all = await listPods(t);
      return all.length === 2 && all.every((p) => p.spec?.containers?.[0]?.image === 'busybox:1') ? all : undefined;
    }, 'only v1 pods');
    expect(pods.every((p) => p.metadata.labels?.['pod-template-hash'] === v1.metadata.labels?.['pod-template-hash'])).toBe(true);
  });

  it('rollout restart (a template annotation) rolls a new ReplicaSet', async () => {
    running = await startWorkloadControllers(t);
    await t.client.create(DEPLOYMENTS, NS, deploymentFixture('web', 1));
    await waitForRollout(t, 'web');
    const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-03-01T12:00:00Z' } } } } };
    await t.client.patch(DEPLOYMENTS, NS, 'web', patch, 'strategic');
    const d = await eventually(async () => {
      const x = await waitForRollout(t, 'web');
      return (await replicaSetsOf(t, x)).length === 2 ? x : undefined;
    }, 'restarted');
    const [old, cur] = await replicaSetsOf(t, d);
    expect(old.spec?.replicas).toBe(0);
    expect(cur.spec?.template?.metadata?.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2026-03-01T12:00:00Z' });
    expect(cur.metadata.name).not.toBe(old.metadata.name);
    expect(revision(cur)).toBe('2');
  });

  it('a paused deployment does not roll until resumed', async () => {
    running = await startWorkloadControllers(t);
    await t.client.create(DEPLOYMENTS, NS, deploymentFixture('web', 2));
    await waitForRollout(t, 'web');
    await t.client.patch(DEPLOYMENTS, NS, 'web', { spec: { paused: true } });
    await setImage(t, 'web', 'busybox:2');
    const paused = await eventually(async () => {
      const d = await getDeployment(t, 'web');
      return d.status?.observedGeneration === d.metadata.generation && d.status?.conditions?.some((c) => c.reason === 'DeploymentPaused') ? d : undefined;
    }, 'paused observed');
    expect(paused.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', message: 'Deployment is paused' });
    await new Promise((r) => setTimeout(r, 150));
    expect(await replicaSetsOf(t, paused)).toHaveLength(1);
    // Scaling still works while paused.
    await t.client.patch(DEPLOYMENTS, NS, 'web', { spec: { replicas: 3 } }, 'merge', 'scale');
    await eventually(async () => (await replicaSetsOf(t, paused))[0].spec?.replicas === 3, 'scaled while paused');
    await t.client.patch(DEPLOYMENTS, NS, 'web', { spec: { paused: false } });
    const d = await rolledTo('web', 'busybox:2');
    expect(await replicaSetsOf(t, d)).toHaveLength(2);
    expect(d.status?.updatedReplicas).toBe(3);
  });

  it('revisionHistoryLimit prunes the oldest idle ReplicaSets', async () => {
    running = await startWorkloadControllers(t);
    await t.client.create(DEPLOYMENTS, NS, deploymentFixture('web', 1, { revisionHistoryLimit: 1 }));
    await waitForRollout(t, 'web');
    for (const img of ['busybox:2', 'busybox:3']) {
      await setImage(t, 'web', img);
      await rolledTo('web', img);
    }
    const d = await eventually(async () => {
      const x = await getDeployment(t, 'web');
      return (await replicaSetsOf(t, x)).length === 2 ? x : undefined;
    }, 'pruned');
    const rss = await replicaSetsOf(t, d);
    expect(rss.map(revision)).toEqual(['2', '3']);
    expect(rss.map(image)).toEqual(['busybox:2', 'busybox:3']);
  });

  it('scaling in the middle of a rollout spreads the new replicas proportionally', async () => {
    // Only v1 pods become ready, so the rollout to v2 stalls at old 8 / new 5 (10 replicas, surge 3, unavailable 2).
    running = await startWorkloadControllers(t, { kubelet: { autoReady: { afterMs: 5, when: (p) => p.spec?.containers?.[0]?.image === 'busybox:1' } } });
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    await t.client.create(DEPLOYMENTS, NS, deploymentFixture('web', 10, { strategy }));
    await waitForRollout(t, 'web');
    await setImage(t, 'web', 'busybox:2');
    const sizes = async () => {
      const rss = await replicaSetsOf(t, await getDeployment(t, 'web'));
      return rss.map((rs) => rs.spec?.replicas).join('/');
    };
    await eventually(async () => (await sizes()) === '8/5', 'stalled at 8/5');
    await t.client.patch(DEPLOYMENTS, NS, 'web', { spec: { replicas: 20 } }, 'merge', 'scale');
    // 23 allowed (20 + 3): old 8 * 23/13 -> 14, new 5 * 23/13 -> 9.
    await eventually(async () => (await sizes()) === '14/9', 'scaled to 14/9');
    const rss = await replicaSetsOf(t, await getDeployment(t, 'web'));
    for (const rs of rss) {
      expect(rs.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '20', 'deployment.kubernetes.io/max-replicas': '23' });
    }
    const d = await eventually(async () => {
      const x = await getDeployment(t, 'web');
      return x.status?.availableReplicas === 14 && x.status.replicas === 23 ? x : undefined;
    }, 'status settles');
    expect(d.status).toMatchObject({ updatedReplicas: 9, unavailableReplicas: 9 });
    expect(rolloutStatusView(d).message).toBe('Waiting for deployment "web" rollout to finish: 9 out of 20 new replicas have been updated...');
  });
});

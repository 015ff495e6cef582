/**
 * Starts the ReplicaSet and Deployment controllers and a fake kubelet against a spec's API
 * server, and stops them again. Test use only.
 */
import { eventually, type TestCluster } from '../../testing/test-cluster.js';
import type { Clock } from '../../../util/time.js';
import { DeploymentController } from '../../deployment-controller.js';
import { ReplicaSetController } from '../../replicaset-controller.js';
import { GarbageCollector } from '../../garbage-collector.js';
import type { Deployment, ReplicaSet } from '../types.js';
import { FakeKubelet, type FakeKubeletOptions } from './fake-kubelet.js';
import { DEPLOYMENTS, NS, REPLICASETS } from './workload-cluster.js';
import { rolloutStatusView } from './rollout-status.js';

export interface WorkloadControllers {
  kubelet: FakeKubelet;
  stop(): Promise<void>;
}

export async function startWorkloadControllers(t: TestCluster, options: { clock?: Clock; kubelet?: FakeKubeletOptions } = {}): Promise<WorkloadControllers> {
  const kubelet = new FakeKubelet(t.client, options.kubelet ?? { autoReady: { afterMs: 5 } });
  const rs = new ReplicaSetController({ client: t.client, clock: options.clock });
  const deploy = new DeploymentController({ client: t.client, clock: options.clock });
  // The test cluster runs no controller manager: the garbage collector removes what a deleted Deployment owned.
  const gc = new GarbageCollector({ client: t.client });
  await kubelet.start();
  rs.start();
  deploy.start();
  gc.start();
  await Promise.all([rs.waitForSync(), deploy.waitForSync(), gc.waitForSync()]);
  return {
    kubelet,
    async stop() {
      await Promise.all([deploy.stop(), rs.stop(), gc.stop()]);
      kubelet.stop();
    },
  };
}

export const getDeployment = (t: TestCluster, name: string) => t.client.get<Deployment>(DEPLOYMENTS, NS, name);

/** The Deployment's ReplicaSets, oldest revision first. */
export async function replicaSetsOf(t: TestCluster, d: Deployment): Promise<ReplicaSet[]> {
  const all = (await t.client.list<ReplicaSet>(REPLICASETS, NS)).items;
  const rev = (rs: ReplicaSet) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  return all.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid)).sort((a, b) => rev(a) - rev(b));
}

/** Waits until `kubectl rollout status` would report success. */
export async function waitForRollout(t: TestCluster, name: string, timeoutMs = 8000): Promise<Deployment> {
  return eventually(async () => {
    const d = await getDeployment(t, name);
    return rolloutStatusView(d).done ? d : undefined;
  }, `rollout of ${name}`, timeoutMs);
}

/** What `kubectl set image` sends: a strategic merge patch of one container's image. */
export async function setImage(t: TestCluster, name: string, image: string): Promise<void> {
  await t.client.patch(DEPLOYMENTS, NS, name, { spec: { template: { spec: { containers: [{ name: 'main', image }] } } } }, 'strategic');
}

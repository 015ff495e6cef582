/**
 * A node that stops heartbeating: the node lifecycle controller marks it Unknown and taints it,
 * its pods are evicted after their toleration, and their owners recreate them on the other nodes.
 * In-process cluster (to stop one simulated kubelet's heartbeats) driven by the real kubectl.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlOk } from './support/kubectl.js';
import { eventually, startInProcessCluster, type InProcessCluster } from './support/in-process-cluster.js';

let c: InProcessCluster;
const k = (...args: string[]) => kubectlOk(c.kubeconfig, args);

beforeAll(async () => {
  c = await startInProcessCluster({
    // Short timings, in the same proportions as the defaults: a node is declared lost only after
    // several missed lease renewals (a grace period shorter than the renewal would make healthy
    // nodes flap, and their kubelets fight the controller over pod readiness).
    simulatedNodes: { count: 3, timings: { leaseRenewIntervalMs: 500, nodeStatusUpdateFrequencyMs: 500 } },
    controllers: { nodeMonitorGracePeriodMs: 3000, defaultTolerationSeconds: 2 },
  });
});

afterAll(async () => {
  await c?.stop();
});

describe('node failure', () => {
  it('recreates the pods of a silent node on the others', async () => {
    await k('create', 'deployment', 'app', '--image=busybox', '--replicas=6');
    await k('rollout', 'status', 'deployment/app', '--timeout=60s');
    const onNode = async (node: string) =>
      (JSON.parse(await k('get', 'pods', '-l', 'app=app', '-o', 'json')).items as { spec: { nodeName: string }; metadata: { deletionTimestamp?: string } }[])
        .filter((p) => p.spec.nodeName === node && !p.metadata.deletionTimestamp).length;
    expect(await onNode('sim-0')).toBeGreaterThan(0);

    c.cluster.simulatedNodes!.stopHeartbeats('sim-0');
    const node = await eventually(async () => {
      const n = JSON.parse(await k('get', 'node', 'sim-0', '-o', 'json'));
      return n.spec.taints?.some((t: { key: string; effect: string }) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute') ? n : undefined;
    }, 'the unreachable taint on sim-0');
    expect(node.status.conditions.find((x: { type: string }) => x.type === 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    expect(await k('get', 'node', 'sim-0')).toMatch(/sim-0\s+NotReady/);

    await eventually(async () => (await onNode('sim-0')) === 0, 'the pods on sim-0 to be evicted', 30_000);
    await k('rollout', 'status', 'deployment/app', '--timeout=60s');
    expect((await onNode('sim-1')) + (await onNode('sim-2'))).toBe(6);

    await c.cluster.simulatedNodes!.resumeHeartbeats('sim-0');
    await eventually(async () => {
      const n = JSON.parse(await k('get', 'node', 'sim-0', '-o', 'json'));
      return !(n.spec.taints ?? []).some((t: { key: string }) => t.key === 'node.kubernetes.io/unreachable');
    }, 'the taint to go once sim-0 heartbeats again', 30_000);
  });
});

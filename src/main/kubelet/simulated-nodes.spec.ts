/**
 * Many simulated nodes in one process: 200 nodes register quickly over ONE pod watch, pods reach
 * only their node, and heartbeats can be silenced and resumed per node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node } from '../apiserver/kinds/node.js';
import type { Lease } from '../apiserver/kinds/lease.js';
import { ADMIN_USER } from '../apiserver/authn.js';
import type { ApiRequest } from '../apiserver/http/types.js';
import { ApiClient } from '../client/api-client.js';
import { InProcessTransport } from '../client/transport.js';
import { LEASES, NODE_LEASE_NAMESPACE } from './node-lease.js';
import { NODES } from './node-registration.js';
import { simulatedNodeAddress, startSimulatedNodes, type SimulatedNodesHandle } from './simulated-nodes.js';
import { createBoundPod, FAST_TIMINGS, getPod, startTestCluster, waitFor, type TestCluster } from './testing/harness.js';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(() => t.close());

/** A client whose requests are counted, to see how many pod watches the nodes open. */
function countingClient(): { client: ApiClient; podWatches: () => number } {
  let podWatches = 0;
  const inner = new InProcessTransport((req) => t.cluster.apiServer.handle(req), ADMIN_USER);
  const client = new ApiClient({
    request(req: ApiRequest) {
      if (req.query?.get('watch') === 'true' && /\/pods$/.test(req.path)) podWatches++;
      return inner.request(req);
    },
  });
  return { client, podWatches: () => podWatches };
}

describe('startSimulatedNodes', () => {
  it('starts 200 nodes that register and heartbeat over a single shared pod watch', async () => {
    const { client, podWatches } = countingClient();
    const started = Date.now();
    const nodes = await startSimulatedNodes({
      client, count: 200, namePrefix: 'scale-', recordEvents: false,
      labels: { 'pilothouse.dev/pool': 'scale' },
      configure: (i) => (i === 7 ? { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }], capacity: { cpu: '16', memory: '64Gi', pods: 250 } } : {}),
    });
    try {
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(15_000);
      expect(nodes.nodes.length).toBe(200);
      expect(podWatches()).toBe(1);
      expect(nodes.podSource.stats().subscribers).toBe(200);

      const list = await t.client.list<Node>(NODES, undefined, { labelSelector: 'pilothouse.dev/pool=scale' });
      expect(list.items.length).toBe(200);
      const n7 = list.items.find((n) => n.metadata.name === 'scale-7')!;
      expect(n7.spec?.taints).toEqual([{ key: 'gpu', value: 'true', effect: 'NoSchedule' }]);
      expect(n7.status?.capacity).toMatchObject({ cpu: '16', memory: '64Gi', pods: '250' });
      expect(n7.metadata.labels?.['node.kubernetes.io/instance-type']).toBe('pilothouse-simulated');
      const n0 = list.items.find((n) => n.metadata.name === 'scale-0')!;
      expect(n0.status?.capacity).toMatchObject({ cpu: '4', memory: '8Gi', pods: '110' });
      expect(new Set(list.items.map((n) => n.status?.addresses?.[0].address)).size).toBe(200);
      const leases = await t.client.list<Lease>(LEASES, NODE_LEASE_NAMESPACE);
      expect(leases.items.filter((l) => l.metadata.name!.startsWith('scale-')).length).toBe(200);

      await createBoundPod(t.client, 'on-17', 'scale-17');
      await waitFor('on-17 running', async () => (await getPod(t.client, 'on-17'))?.status?.phase === 'Running');
      expect(nodes.runtime('scale-17')!.counts().running).toBe(1);
      const elsewhere = nodes.nodes.filter((n) => n !== 'scale-17').reduce((sum, n) => sum + nodes.runtime(n)!.counts().containers, 0);
      expect(elsewhere).toBe(0);
      expect(podWatches()).toBe(1);
    } finally {
      await nodes.stop({ stopPods: true });
    }
  }, 60_000);

  it('stopHeartbeats silences one node (nothing deleted); resumeHeartbeats renews at once', async () => {
    let nodes: SimulatedNodesHandle | undefined;
    try {
      nodes = await startSimulatedNodes({ client: t.client, count: 3, namePrefix: 'hb-', timings: FAST_TIMINGS, recordEvents: false });
      const renewTime = async (name: string) => (await t.client.get<Lease>(LEASES, NODE_LEASE_NAMESPACE, name)).spec?.renewTime;
      await waitFor('hb-1 renewing', async () => nodes!.kubelet('hb-1')!.stats().leaseRenewals >= 2);
      nodes.stopHeartbeats('hb-1');
      const frozen = await renewTime('hb-1');
      const other = await renewTime('hb-2');
      await new Promise((r) => setTimeout(r, 700));
      expect(await renewTime('hb-1')).toBe(frozen);
      expect(await renewTime('hb-2')).not.toBe(other);
      expect(await t.client.tryGet(NODES, undefined, 'hb-1')).toBeDefined();
      await nodes.resumeHeartbeats('hb-1');
      expect(await renewTime('hb-1')).not.toBe(frozen);
      expect(nodes.kubelet('hb-1')!.address).toBe(simulatedNodeAddress(1));
      expect(() => nodes!.stopHeartbeats('nope')).toThrow(/no node named nope/);
    } finally {
      await nodes?.stop();
    }
  });
});

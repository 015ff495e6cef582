import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/api/object.js';
import { eventually, startInProcessCluster, type InProcessCluster } from '../../../test/support/in-process-cluster.js';
import type { ExecEvent } from '../../shared/ipc/stream-types.js';
import { Cockpit } from './cockpit.js';
import { Recorder } from './testing/cockpit-fixture.js';
import { cockpitContext } from './context.js';

let env: InProcessCluster;
let cockpit: Cockpit;
const NODES = { apiVersion: 'v1', resource: 'nodes' };

beforeAll(async () => {
  env = await startInProcessCluster({
    // Short timings in the defaults' proportions: a silent node is declared lost after 3 s.
    simulatedNodes: { count: 2, timings: { leaseRenewIntervalMs: 500, nodeStatusUpdateFrequencyMs: 500 } },
    controllers: { nodeMonitorGracePeriodMs: 3000, defaultTolerationSeconds: 2 },
  });
  cockpit = new Cockpit(cockpitContext(env.cluster, { mode: 'dashboard' }));
}, 60_000);
afterAll(async () => {
  await cockpit?.close();
  await env?.stop();
});

async function ok<T>(channel: string, request: unknown): Promise<T> {
  const res = await cockpit.call(channel, request);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code}: ${res.error.message}`);
  return res.result as T;
}

const ready = async (name: string) => {
  const node = await env.cluster.client.get(NODES, undefined, name);
  return ((node.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).find((c) => c.type === 'Ready')?.status;
};

// The node controller's grace period and restarts take seconds: more than the unit default of 5 s under load.
describe('node fault injection', { timeout: 60_000 }, () => {
  it('adds a simulated node that registers and becomes Ready', async () => {
    expect(await ok('nodes:add', { type: 'simulated', capacity: { cpu: '8', memory: '16Gi' }, labels: { pool: 'extra' } })).toEqual({ name: 'sim-2' });
    await eventually(async () => (await ready('sim-2')) === 'True', 'sim-2 Ready');
    const node = await env.cluster.client.get(NODES, undefined, 'sim-2');
    expect(node.metadata.labels?.pool).toBe('extra');
    expect((node.status as { capacity: Record<string, string> }).capacity.cpu).toBe('8');
  });

  it('kills a node: its containers die, the node controller marks it lost; start brings it back', async () => {
    await env.cluster.client.create({ apiVersion: 'v1', resource: 'pods' }, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'victim', namespace: 'default' },
      spec: { nodeName: 'sim-1', containers: [{ name: 'c', image: 'busybox' }] },
    } as KubeObject);
    const runtime = env.cluster.simulatedNodes!.runtime('sim-1')!;
    await eventually(async () => (await runtime.listContainers({ node: 'sim-1' })).some((c) => c.state === 'running'), 'the pod running on sim-1');
    expect(await ok('nodes:kill', { name: 'sim-1' })).toEqual({ name: 'sim-1', state: 'killed' });
    expect((await env.cluster.client.get(NODES, undefined, 'sim-1')).metadata.annotations?.['pilothouse.dev/fault-injection']).toBe('killed');
    expect((await runtime.listContainers({ node: 'sim-1' })).filter((c) => c.state === 'running')).toEqual([]);
    await eventually(async () => (await ready('sim-1')) === 'Unknown', 'sim-1 marked Unknown by the node controller', 20_000);
    expect(await cockpit.call('nodes:stop', { name: 'sim-1' })).toMatchObject({ ok: false, error: { code: 'Conflict' } });
    expect(await ok('nodes:start', { name: 'sim-1' })).toEqual({ name: 'sim-1', state: 'running' });
    await eventually(async () => (await ready('sim-1')) === 'True', 'sim-1 Ready again', 20_000);
    expect((await env.cluster.client.get(NODES, undefined, 'sim-1')).metadata.annotations?.['pilothouse.dev/fault-injection']).toBeUndefined();
    // The new kubelet restarts the pod, and exec reaches it through the API server.
    await eventually(async () => (await runtime.listContainers({ node: 'sim-1' })).some((c) => c.state === 'running'), 'the pod running again');
    const rec = new Recorder<ExecEvent>();
    cockpit.subscribe('pods:exec', { namespace: 'default', pod: 'victim', command: ['hostname'], tty: false }, rec);
    await rec.waitForEnd();
    expect(rec.events).toContainEqual({ type: 'stdout', data: 'victim\n' });
  });

  it('stops a node: no more heartbeats, NotReady/Unknown, and Ready again on start', async () => {
    expect(await ok('nodes:stop', { name: 'sim-0' })).toEqual({ name: 'sim-0', state: 'stopped' });
    await eventually(async () => (await ready('sim-0')) === 'Unknown', 'sim-0 lost', 20_000);
    await ok('nodes:start', { name: 'sim-0' });
    await eventually(async () => (await ready('sim-0')) === 'True', 'sim-0 Ready again', 20_000);
  });

  it('refuses Docker nodes when the cluster has none', async () => {
    expect(await cockpit.call('nodes:add', { type: 'docker' })).toMatchObject({ ok: false, error: { code: 'Unsupported' } });
  });
});

/**
 * A kubelet over the simulated runtime against a real in-process cluster: registration, Lease,
 * the pod status sequence, restart policies with CrashLoopBackOff, graceful deletion, and
 * adoption after a restart.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Node } from '../apiserver/kinds/node.js';
import type { Lease } from '../apiserver/kinds/lease.js';
import { SimulatedRuntime } from '../runtime/simulated/simulated-runtime.js';
import type { ApiContainerStatus, Pod } from './api-types.js';
import { Kubelet } from './kubelet.js';
import { LEASES, NODE_LEASE_NAMESPACE } from './node-lease.js';
import { NODES } from './node-registration.js';
import { PODS } from './pod-source.js';
import { condition, createBoundPod, FAST_TIMINGS, getPod, startTestCluster, waitFor, type TestCluster } from './testing/harness.js';

let t: TestCluster;
const kubelets: Kubelet[] = [];
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(() => t.close());
afterEach(async () => {
  await Promise.all(kubelets.splice(0).map((k) => k.stop({ stopPods: true })));
});

async function startKubelet(nodeName: string, runtime = new SimulatedRuntime(), extra: Partial<ConstructorParameters<typeof Kubelet>[0]> = {}) {
  const kubelet = new Kubelet({ client: t.client, runtime, nodeName, capacity: { cpu: '4', memory: '8Gi' }, timings: FAST_TIMINGS, ...extra });
  kubelets.push(kubelet);
  await kubelet.start();
  return { kubelet, runtime };
}

function appStatus(pod: Pod | undefined): ApiContainerStatus | undefined {
  return pod?.status?.containerStatuses?.[0] as ApiContainerStatus | undefined;
}

describe('node registration and heartbeat', () => {
  it('registers the Node with capacity, labels, taints, nodeInfo and conditions, and renews its Lease', async () => {
    await startKubelet('node-a', new SimulatedRuntime(), {
      labels: { pool: 'blue' }, taints: [{ key: 'dedicated', value: 'blue', effect: 'NoSchedule' }], role: 'worker', address: '172.31.9.9',
    });
    const node = await t.client.get<Node>(NODES, undefined, 'node-a');
    expect(node.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'node-a', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
      'node.kubernetes.io/instance-type': 'pilothouse-simulated', 'node-role.kubernetes.io/worker': '', pool: 'blue',
    });
    expect(node.spec?.taints).toEqual([{ key: 'dedicated', value: 'blue', effect: 'NoSchedule' }]);
    expect(node.status?.capacity).toMatchObject({ cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' });
    expect(node.status?.allocatable).toMatchObject({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(node.status?.addresses).toEqual([{ type: 'InternalIP', address: '172.31.9.9' }, { type: 'Hostname', address: 'node-a' }]);
    expect(node.status?.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.0-pilothouse', containerRuntimeVersion: 'simulated://1.0', architecture: 'amd64' });
    expect((node.status as { daemonEndpoints?: unknown }).daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    const ready = (node.status?.conditions as { type: string; status: string; reason: string }[]).map((c) => [c.type, c.status, c.reason]);
    expect(ready).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
      ['Ready', 'True', 'KubeletReady'],
    ]);

    const lease = await t.client.get<Lease>(LEASES, NODE_LEASE_NAMESPACE, 'node-a');
    expect(lease.spec).toMatchObject({ holderIdentity: 'node-a', leaseDurationSeconds: 40 });
    expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'node-a', uid: node.metadata.uid }]);
    const renewed = await waitFor('a lease renewal', async () => {
      const l = await t.client.get<Lease>(LEASES, NODE_LEASE_NAMESPACE, 'node-a');
      return l.spec?.renewTime !== lease.spec?.renewTime && l;
    });
    expect(Date.parse(renewed.spec!.renewTime!)).toBeGreaterThan(Date.parse(lease.spec!.renewTime!));
  });

  it('writes node status only when it changes (heartbeat times aside)', async () => {
    const { kubelet } = await startKubelet('node-quiet');
    await new Promise((r) => setTimeout(r, 700)); // about three status periods
    expect(kubelet.stats().nodeStatusWrites).toBe(0);
    expect(kubelet.stats().leaseRenewals).toBeGreaterThanOrEqual(2);
  });
});

describe('pod lifecycle', () => {
  it('takes a bound pod through Pending/ContainerCreating, Running and Ready', async () => {
    await startKubelet('node-b');
    const seen: string[] = [];
    const stop = await t.client.watch<Pod>(PODS, 'default', { fieldSelector: 'metadata.name=web' }, (e) => {
      const s = appStatus(e.object);
      const waiting = s?.state.waiting?.reason;
      seen.push(`${e.object.status?.phase}/${waiting ?? (s?.state.running ? 'running' : '-')}/${condition(e.object, 'Ready')?.status ?? '-'}`);
    }, () => {});
    await createBoundPod(t.client, 'web', 'node-b', {
      containers: [{ name: 'app', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } }],
    });
    const pod = await waitFor('web Ready', async () => {
      const p = await getPod(t.client, 'web');
      return condition(p, 'Ready')?.status === 'True' && p;
    });
    // The watch may trail a GET: wait until it has delivered the Ready status too.
    await waitFor('the watch to see web Ready', async () => seen[seen.length - 1] === 'Running/running/True');
    stop();
    expect(seen).toContain('Pending/ContainerCreating/False');
    expect(seen).toContain('Running/running/False');
    expect(seen[seen.length - 1]).toBe('Running/running/True');
    expect(seen.indexOf('Pending/ContainerCreating/False')).toBeLessThan(seen.indexOf('Running/running/False'));

    const types = pod.status?.conditions?.map((c) => `${c.type}=${c.status}`);
    expect(types).toEqual(expect.arrayContaining(['PodReadyToStartContainers=True', 'Initialized=True', 'ContainersReady=True', 'Ready=True', 'PodScheduled=True']));
    const cs = appStatus(pod)!;
    expect(cs).toMatchObject({ name: 'app', ready: true, started: true, restartCount: 0, image: 'nginx:1.27' });
    expect(cs.containerID).toMatch(/^simulated:\/\/[0-9a-f]{64}$/);
    expect(cs.imageID).toMatch(/^sha256:/);
    expect(cs.state.running?.startedAt).toBeTruthy();
    expect(pod.status?.podIP).toMatch(/^10\.24[4-7]\./);
    expect(pod.status?.hostIP).toMatch(/^172\.31\./);
    expect(pod.status?.startTime).toBeTruthy();
  });

  it('restartPolicy Always: an exit code=1 container climbs restartCount through CrashLoopBackOff', async () => {
    await startKubelet('node-c');
    await createBoundPod(t.client, 'crash', 'node-c', { annotations: { 'pilothouse.dev/simulate-exit': 'code=1,after=0.05s' } });
    const looping = await waitFor('CrashLoopBackOff with restarts', async () => {
      const p = await getPod(t.client, 'crash');
      const s = appStatus(p);
      return s && s.restartCount >= 3 && s.state.waiting?.reason === 'CrashLoopBackOff' && p;
    }, 15_000);
    const s = appStatus(looping)!;
    expect(looping.status?.phase).toBe('Running');
    expect(s.state.waiting?.message).toMatch(/^back-off \d+(ms|s) restarting failed container=app pod=crash_default\(/);
    expect(s.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(condition(looping, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
  });

  it('restartPolicy OnFailure with exit 0 ends Succeeded; Never with exit 1 ends Failed', async () => {
    await startKubelet('node-d');
    await createBoundPod(t.client, 'ok', 'node-d', { restartPolicy: 'OnFailure', containers: [{ name: 'app', image: 'busybox:1.36', command: ['true'] }] });
    await createBoundPod(t.client, 'bad', 'node-d', { restartPolicy: 'Never', annotations: { 'pilothouse.dev/simulate-exit': 'code=1' } });
    const ok = await waitFor('ok Succeeded', async () => {
      const p = await getPod(t.client, 'ok');
      return p?.status?.phase === 'Succeeded' && p;
    });
    expect(appStatus(ok)?.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(appStatus(ok)?.restartCount).toBe(0);
    expect(condition(ok, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    const bad = await waitFor('bad Failed', async () => {
      const p = await getPod(t.client, 'bad');
      return p?.status?.phase === 'Failed' && p;
    });
    expect(appStatus(bad)?.state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(appStatus(bad)?.restartCount).toBe(0);
    expect(condition(bad, 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
  });

  it('a graceful delete stops the containers, deletes the pod for good and removes runtime objects', async () => {
    const { runtime } = await startKubelet('node-e');
    await createBoundPod(t.client, 'doomed', 'node-e', { terminationGracePeriodSeconds: 5 });
    const pod = await waitFor('doomed Running', async () => {
      const p = await getPod(t.client, 'doomed');
      return p?.status?.phase === 'Running' && p;
    });
    expect(runtime.counts()).toMatchObject({ sandboxes: 1, containers: 1, running: 1 });
    await t.client.delete(PODS, 'default', 'doomed');
    await waitFor('doomed gone', async () => (await getPod(t.client, 'doomed')) === undefined);
    await waitFor('runtime empty', () => runtime.counts().sandboxes === 0 && runtime.counts().containers === 0);
    expect(pod.metadata.uid).toBeTruthy();
  });

  it('waits for a slow container to stop within the grace period before the final delete', async () => {
    const { runtime } = await startKubelet('node-g');
    await createBoundPod(t.client, 'slow', 'node-g', { annotations: { 'pilothouse.dev/simulate-exit': 'term=0.4s' }, terminationGracePeriodSeconds: 5 });
    await waitFor('slow Running', async () => (await getPod(t.client, 'slow'))?.status?.phase === 'Running');
    const t0 = Date.now();
    await t.client.delete(PODS, 'default', 'slow');
    const terminating = await getPod(t.client, 'slow');
    expect(terminating?.metadata.deletionTimestamp).toBeTruthy();
    expect(terminating?.metadata.deletionGracePeriodSeconds).toBe(5);
    await waitFor('slow gone', async () => (await getPod(t.client, 'slow')) === undefined);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
    await waitFor('runtime empty', () => runtime.counts().containers === 0);
  });

  it('a restarted kubelet over the same runtime adopts its containers (same IDs, none extra) and removes orphans', async () => {
    const runtime = new SimulatedRuntime();
    const first = await startKubelet('node-f', runtime);
    await createBoundPod(t.client, 'keep', 'node-f');
    await createBoundPod(t.client, 'gone', 'node-f');
    const before = await waitFor('keep Running', async () => {
      const p = await getPod(t.client, 'keep');
      const g = await getPod(t.client, 'gone');
      return p?.status?.phase === 'Running' && g?.status?.phase === 'Running' && p;
    });
    const idsBefore = (await runtime.listContainers({ node: 'node-f' })).map((c) => c.id).sort();
    await first.kubelet.stop(); // containers stay, like a kubelet restart
    kubelets.splice(kubelets.indexOf(first.kubelet), 1);
    await t.client.delete(PODS, 'default', 'gone', { gracePeriodSeconds: 0 }); // vanishes while no kubelet runs
    const second = await startKubelet('node-f', runtime);
    const keepUid = before.metadata.uid!;
    const after = await runtime.listContainers({ node: 'node-f' });
    expect(after.map((c) => c.podUid)).toEqual([keepUid]);
    expect(idsBefore).toContain(after[0].id);
    await new Promise((r) => setTimeout(r, 300));
    const now = await runtime.listContainers({ node: 'node-f' });
    expect(now.map((c) => c.id)).toEqual([after[0].id]);
    expect((await runtime.listPodSandboxes({ node: 'node-f' })).length).toBe(1);
    const keep = await getPod(t.client, 'keep');
    expect(appStatus(keep)?.containerID).toBe(`simulated://${after[0].id}`);
    expect(second.kubelet.stats().pods).toBe(1);
  });
});

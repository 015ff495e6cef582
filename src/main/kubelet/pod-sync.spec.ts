/**
 * Pod sync details against a real in-process cluster: image pull policies and failures, init
 * container order, liveness kills, and the Events a kubelet records.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/api/object.js';
import { SimulatedRuntime } from '../runtime/simulated/simulated-runtime.js';
import type { ApiContainerStatus, Pod } from './api-types.js';
import { Kubelet } from './kubelet.js';
import { createBoundPod, FAST_TIMINGS, getPod, startTestCluster, waitFor, type TestCluster } from './testing/harness.js';

let t: TestCluster;
const kubelets: Kubelet[] = [];
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(() => t.close());
afterEach(async () => {
  await Promise.all(kubelets.splice(0).map((k) => k.stop({ stopPods: true })));
});

async function startKubelet(nodeName: string, runtime = new SimulatedRuntime()) {
  const kubelet = new Kubelet({ client: t.client, runtime, nodeName, capacity: { cpu: '2', memory: '4Gi' }, timings: FAST_TIMINGS });
  kubelets.push(kubelet);
  await kubelet.start();
  return runtime;
}

interface EventLike extends KubeObject {
  reason: string;
  message: string;
  type: string;
  count: number;
  source: { component: string; host?: string };
}

async function eventsFor(name: string): Promise<EventLike[]> {
  const list = await t.client.list<EventLike>({ apiVersion: 'v1', resource: 'events' }, 'default', { fieldSelector: `involvedObject.name=${name}` });
  return list.items;
}

function status(pod: Pod | undefined, init = false): ApiContainerStatus | undefined {
  return (init ? pod?.status?.initContainerStatuses?.[0] : pod?.status?.containerStatuses?.[0]) as ApiContainerStatus | undefined;
}

describe('images', () => {
  it('a failing pull shows ErrImagePull, then ImagePullBackOff, with upstream events', async () => {
    await startKubelet('img-a', new SimulatedRuntime({ failingImages: ['registry.example/missing:1.0'] }));
    await createBoundPod(t.client, 'nopull', 'img-a', { containers: [{ name: 'app', image: 'registry.example/missing:1.0' }] });
    const reasons = new Set<string>();
    await waitFor('both pull reasons', async () => {
      const s = status(await getPod(t.client, 'nopull'));
      if (s?.state.waiting?.reason) reasons.add(s.state.waiting.reason);
      return reasons.has('ErrImagePull') && reasons.has('ImagePullBackOff');
    });
    const pod = await getPod(t.client, 'nopull');
    expect(pod?.status?.phase).toBe('Pending');
    const events = await waitFor('events', async () => {
      const ev = await eventsFor('nopull');
      return ev.some((e) => e.reason === 'BackOff') && ev;
    });
    const byReason = (r: string) => events.filter((e) => e.reason === r).map((e) => e.message);
    expect(byReason('Pulling')).toContain('Pulling image "registry.example/missing:1.0"');
    expect(byReason('Failed').some((m) => m.startsWith('Failed to pull image "registry.example/missing:1.0": '))).toBe(true);
    expect(byReason('Failed')).toContain('Error: ErrImagePull');
    expect(byReason('BackOff')).toContain('Back-off pulling image "registry.example/missing:1.0"');
    expect(events[0].source).toEqual({ component: 'kubelet', host: 'img-a' });
  });

  it('imagePullPolicy Never without the image is ErrImageNeverPull; with it the pod runs', async () => {
    await startKubelet('img-b', new SimulatedRuntime({ preloadedImages: ['local/app:dev'] }));
    await createBoundPod(t.client, 'never-missing', 'img-b', { containers: [{ name: 'app', image: 'local/other:dev', imagePullPolicy: 'Never' }] });
    await createBoundPod(t.client, 'never-present', 'img-b', { containers: [{ name: 'app', image: 'local/app:dev', imagePullPolicy: 'Never' }] });
    await waitFor('ErrImageNeverPull', async () => status(await getPod(t.client, 'never-missing'))?.state.waiting?.reason === 'ErrImageNeverPull');
    await waitFor('never-present running', async () => (await getPod(t.client, 'never-present'))?.status?.phase === 'Running');
    const ev = await eventsFor('never-present');
    expect(ev.map((e) => e.message)).toContain('Container image "local/app:dev" already present on machine');
    expect(ev.some((e) => e.reason === 'Pulling')).toBe(false);
  });
});

describe('containers', () => {
  it('records Pulling, Pulled, Created and Started for a new pod', async () => {
    await startKubelet('ev-a');
    await createBoundPod(t.client, 'hello', 'ev-a', { containers: [{ name: 'app', image: 'nginx:1.27' }] });
    await waitFor('hello running', async () => (await getPod(t.client, 'hello'))?.status?.phase === 'Running');
    const events = await waitFor('four events', async () => {
      const ev = await eventsFor('hello');
      return ev.length >= 4 && ev;
    });
    const lines = events.map((e) => `${e.type} ${e.reason}: ${e.message}`);
    expect(lines).toContain('Normal Pulling: Pulling image "nginx:1.27"');
    expect(lines.some((l) => /^Normal Pulled: Successfully pulled image "nginx:1\.27" in \S+ \(\S+ including waiting\)\. Image size: \d+ bytes\.$/.test(l))).toBe(true);
    expect(lines).toContain('Normal Created: Created container: app');
    expect(lines).toContain('Normal Started: Started container app');
  });

  it('runs init containers in order, one at a time, before the app container', async () => {
    const runtime = await startKubelet('init-a');
    await createBoundPod(t.client, 'inits', 'init-a', {
      initContainers: [
        { name: 'first', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 0.2'] },
        { name: 'second', image: 'busybox:1.36' },
      ],
    });
    const firstSeen = await waitFor('Init 0/2 with first running', async () => {
      const p = await getPod(t.client, 'inits');
      const init = p?.status?.initContainerStatuses as unknown as ApiContainerStatus[] | undefined;
      return init?.[0]?.state.running && p;
    });
    expect((firstSeen.status?.initContainerStatuses as unknown as ApiContainerStatus[])[1].state.waiting?.reason).toBe('ContainerCreating');
    expect(status(firstSeen)?.state.waiting?.reason).toBe('PodInitializing');
    expect((await runtime.listContainers({ node: 'init-a' })).map((c) => c.name)).toEqual(['first']);
    const done = await waitFor('inits Running', async () => {
      const p = await getPod(t.client, 'inits');
      return p?.status?.phase === 'Running' && p;
    });
    const inits = done.status?.initContainerStatuses as unknown as ApiContainerStatus[];
    expect(inits.map((s) => [s.name, s.state.terminated?.reason, s.ready])).toEqual([['first', 'Completed', true], ['second', 'Completed', true]]);
    const started = (await runtime.listContainers({ node: 'init-a' })).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((c) => c.name);
    expect(started).toEqual(['first', 'second', 'app']);
  });

  it('starts a sidecar before the app, counts it for readiness, and stops it when the app is done', async () => {
    await startKubelet('side-a');
    await createBoundPod(t.client, 'with-sidecar', 'side-a', {
      restartPolicy: 'OnFailure',
      initContainers: [{ name: 'proxy', image: 'envoy:1.30', restartPolicy: 'Always' }],
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 0.3'] }],
    });
    const runningPod = await waitFor('both running', async () => {
      const p = await getPod(t.client, 'with-sidecar');
      return p?.status?.phase === 'Running' && status(p)?.state.running && p;
    });
    expect(status(runningPod, true)).toMatchObject({ name: 'proxy', started: true, ready: true });
    const done = await waitFor('Succeeded', async () => {
      const p = await getPod(t.client, 'with-sidecar');
      return p?.status?.phase === 'Succeeded' && p;
    });
    expect(status(done)?.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(status(done, true)?.state.terminated).toBeDefined();
  });

  it('a failing liveness probe kills and restarts the container with Unhealthy and Killing events', async () => {
    await startKubelet('live-a');
    await createBoundPod(t.client, 'sick', 'live-a', {
      annotations: { 'pilothouse.dev/simulate-probes': 'liveness=fail' },
      containers: [{ name: 'app', image: 'busybox:1.36', livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1, failureThreshold: 2 } }],
    });
    const restarted = await waitFor('a liveness restart', async () => {
      const p = await getPod(t.client, 'sick');
      return (status(p)?.restartCount ?? 0) >= 1 && p;
    }, 10_000);
    expect(restarted.status?.phase).toBe('Running');
    const events = await waitFor('kill events', async () => {
      const ev = await eventsFor('sick');
      return ev.some((e) => e.reason === 'Killing') && ev;
    });
    expect(events.find((e) => e.reason === 'Unhealthy')?.message).toMatch(/^Liveness probe failed: simulated liveness probe failure/);
    expect(events.find((e) => e.reason === 'Killing')?.message).toBe('Container app failed liveness probe, will be restarted');
  });

  it('a runtime crash of a running container is restarted (Always) and shows in lastState', async () => {
    const runtime = await startKubelet('crash-a');
    await createBoundPod(t.client, 'victim', 'crash-a');
    await waitFor('victim running', async () => (await getPod(t.client, 'victim'))?.status?.phase === 'Running');
    const [c] = await runtime.listContainers({ node: 'crash-a' });
    runtime.crash(c.id, 137, 'OOMKilled');
    const after = await waitFor('restarted', async () => {
      const p = await getPod(t.client, 'victim');
      return status(p)?.restartCount === 1 && status(p)?.state.running && p;
    });
    expect(status(after)?.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled', containerID: `simulated://${c.id}` });
  });
});

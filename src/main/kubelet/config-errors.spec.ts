/**
 * What a pod needs from ConfigMaps and Secrets, end to end through a kubelet on the simulated
 * runtime: env resolved into the container; a missing env source holds the container in
 * `CreateContainerConfigError` and a missing volume source holds the pod in `ContainerCreating`
 * (`FailedMount`), each with upstream's messages, until the object is created. With a volumes
 * directory, files follow ConfigMap updates on the periodic sync and go with the pod.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/api/object.js';
import { SimulatedRuntime } from '../runtime/simulated/simulated-runtime.js';
import type { ApiContainerStatus } from './api-types.js';
import { Kubelet } from './kubelet.js';
import { PODS } from './pod-source.js';
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

async function startKubelet(nodeName: string, volumesDir?: string): Promise<SimulatedRuntime> {
  const runtime = new SimulatedRuntime();
  const kubelet = new Kubelet({ client: t.client, runtime, nodeName, capacity: { cpu: '2', memory: '4Gi' }, timings: FAST_TIMINGS, volumesDir });
  kubelets.push(kubelet);
  await kubelet.start();
  return runtime;
}

const CONFIGMAPS = { apiVersion: 'v1', resource: 'configmaps' };
const createConfigMap = (name: string, data: Record<string, string>) =>
  t.client.create(CONFIGMAPS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

async function events(name: string): Promise<{ reason: string; message: string; type: string }[]> {
  const list = await t.client.list<KubeObject & { reason: string; message: string; type: string }>({ apiVersion: 'v1', resource: 'events' }, 'default', { fieldSelector: `involvedObject.name=${name}` });
  return list.items;
}

const waiting = async (name: string) => ((await getPod(t.client, name))?.status?.containerStatuses?.[0] as ApiContainerStatus | undefined)?.state.waiting;

describe('env and volume sources', () => {
  it('waits in CreateContainerConfigError for a missing ConfigMap, then runs with the resolved env', async () => {
    const runtime = await startKubelet('cfg-a');
    await createBoundPod(t.client, 'needs-config', 'cfg-a', {
      containers: [{
        name: 'app', image: 'busybox:1.36', command: ['echo', '$(GREETING)-$(POD)'],
        env: [
          { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'greetings', key: 'hello' } } },
          { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        ],
      }],
    });
    await waitFor('CreateContainerConfigError', async () => (await waiting('needs-config'))?.reason === 'CreateContainerConfigError');
    expect((await waiting('needs-config'))?.message).toBe('configmap "greetings" not found');
    await waitFor('Failed event', async () => (await events('needs-config')).some((e) => e.type === 'Warning' && e.reason === 'Failed' && e.message === 'Error: configmap "greetings" not found'));

    await createConfigMap('greetings', { hello: 'bonjour' });
    await waitFor('running', async () => (await getPod(t.client, 'needs-config'))?.status?.phase === 'Running');
    const [c] = await runtime.listContainers({ node: 'cfg-a' });
    expect(await runtime.execSync(c.id, ['printenv', 'GREETING'], 1)).toEqual({ exitCode: 0, output: 'bonjour\n' });
    expect(await runtime.execSync(c.id, ['printenv', 'POD'], 1)).toEqual({ exitCode: 0, output: 'needs-config\n' });
  });

  it('holds the pod in ContainerCreating with FailedMount for a missing volume source, then starts it', async () => {
    await startKubelet('cfg-b');
    await createBoundPod(t.client, 'needs-volume', 'cfg-b', {
      containers: [{ name: 'app', image: 'busybox:1.36', volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }] }],
      volumes: [{ name: 'cfg', configMap: { name: 'app-files' } }],
    });
    await waitFor('FailedMount', async () => (await events('needs-volume')).some((e) =>
      e.reason === 'FailedMount' && e.message === 'MountVolume.SetUp failed for volume "cfg" : configmap "app-files" not found'));
    expect((await waiting('needs-volume'))?.reason).toBe('ContainerCreating');
    await createConfigMap('app-files', { 'app.conf': 'x=1' });
    await waitFor('running', async () => (await getPod(t.client, 'needs-volume'))?.status?.phase === 'Running');
  });

  it('refreshes ConfigMap files on the periodic sync and removes them with the pod', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pilothouse-kubelet-volumes-'));
    try {
      await startKubelet('cfg-c', dir);
      await createConfigMap('live', { k: 'v1' });
      const pod = await createBoundPod(t.client, 'live-files', 'cfg-c', {
        containers: [{ name: 'app', image: 'busybox:1.36', volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }] }],
        volumes: [{ name: 'cfg', configMap: { name: 'live' } }],
      });
      const podDir = join(dir, 'cfg-c', 'pods', pod.metadata.uid!);
      const file = join(podDir, 'volumes', 'kubernetes.io~configmap', 'cfg', 'k');
      await waitFor('files', () => existsSync(file) && readFileSync(file, 'utf8') === 'v1');
      await t.client.patch(CONFIGMAPS, 'default', 'live', { data: { k: 'v2' } });
      await waitFor('refreshed files', () => readFileSync(file, 'utf8') === 'v2', 5_000);
      await t.client.delete(PODS, 'default', 'live-files', { gracePeriodSeconds: 0 });
      await waitFor('pod directory removed', () => !existsSync(podDir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

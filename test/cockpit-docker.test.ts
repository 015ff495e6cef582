/**
 * The cockpit's streams and node faults on a real Docker node (locally built busybox images):
 * logs followed across a Deployment's pods, previous-container logs, a TTY shell with input,
 * resize and exit code, and a Docker node killed, restarted and added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../src/shared/api/object.js';
import type { ExecEvent, LogsEvent } from '../src/shared/ipc/stream-types.js';
import { Cockpit } from '../src/main/cockpit/cockpit.js';
import { cockpitContext } from '../src/main/cockpit/context.js';
import { Recorder } from '../src/main/cockpit/testing/cockpit-fixture.js';
import { eventually, startInProcessCluster, type InProcessCluster } from './support/in-process-cluster.js';
import { buildTestImages, containersOf, removeClusterContainers, type TestImages } from './support/docker-images.js';

let images: TestImages;
let env: InProcessCluster;
let cockpit: Cockpit;
const PODS = { apiVersion: 'v1', resource: 'pods' };

async function ok<T>(channel: string, request: unknown): Promise<T> {
  const res = await cockpit.call(channel, request);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code}: ${res.error.message}`);
  return res.result as T;
}

async function running(selector: string, count: number): Promise<KubeObject[]> {
  return eventually(async () => {
    const pods = (await env.cluster.client.list(PODS, 'default', { labelSelector: selector })).items
      .filter((p) => !p.metadata.deletionTimestamp && (p.status as { phase?: string }).phase === 'Running');
    return pods.length === count ? pods : undefined;
  }, `${count} running pods (${selector})`, 90_000);
}

beforeAll(async () => {
  images = await buildTestImages('cockpit');
  env = await startInProcessCluster({ dockerNodes: { count: 1, sandboxImage: images.sandbox }, serviceNetworking: false });
  cockpit = new Cockpit(cockpitContext(env.cluster, { mode: 'dashboard', watchBatchMs: 20 }));
  await ok('resources:apply', {
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: talker }
spec:
  replicas: 2
  selector: { matchLabels: { app: talker } }
  template:
    metadata: { labels: { app: talker } }
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: ${images.busybox}
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c", "i=0; while true; do echo \\"$(hostname) says $i\\"; i=$((i+1)); sleep 0.2; done"]
`,
  });
  await running('app=talker', 2);
}, 180_000);

afterAll(async () => {
  await cockpit?.close();
  const clusterId = env?.cluster.credentials.clusterId;
  await env?.stop();
  if (clusterId) await removeClusterContainers(clusterId);
  await images?.remove();
}, 120_000);

describe('cockpit on Docker nodes', () => {
  it("follows a Deployment's pods, each line tagged with its pod", async () => {
    const pods = await running('app=talker', 2);
    const rec = new Recorder<LogsEvent>();
    const stop = cockpit.subscribe('pods:logs', { namespace: 'default', owner: { kind: 'Deployment', name: 'talker' }, follow: true, tailLines: 2 }, rec);
    for (const p of pods) {
      const name = p.metadata.name!;
      await rec.waitFor((e) => e.type === 'lines' && e.source.pod === name && e.lines.some((l) => l.startsWith(`${name} says `)), `lines of ${name}`);
    }
    stop();
  });

  it('shows the previous container\'s logs after a restart', async () => {
    await env.cluster.client.create(PODS, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'crasher', labels: { app: 'crasher' } },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: images.busybox, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo "boot at $(date +%s)"; sleep 1; exit 3'] }] },
    } as KubeObject);
    await eventually(async () => {
      const p = await env.cluster.client.get(PODS, 'default', 'crasher');
      return ((p.status as { containerStatuses?: { restartCount: number }[] }).containerStatuses?.[0]?.restartCount ?? 0) >= 1;
    }, 'a restart of crasher', 60_000);
    const rec = new Recorder<LogsEvent>();
    cockpit.subscribe('pods:logs', { namespace: 'default', pod: 'crasher', previous: true }, rec);
    expect((await rec.waitForEnd()).error).toBeUndefined();
    expect(rec.events.flatMap((e) => (e.type === 'lines' ? e.lines : []))).toEqual([expect.stringMatching(/^boot at \d+$/)]);
  });

  it('opens a TTY shell: input, resize, output and the exit code', async () => {
    const [pod] = await running('app=talker', 2);
    const rec = new Recorder<ExecEvent>();
    cockpit.subscribe('pods:exec', { namespace: 'default', pod: pod.metadata.name!, command: ['sh'], tty: true, cols: 100, rows: 30 }, rec);
    const started = await rec.waitFor<Extract<ExecEvent, { type: 'started' }>>((e) => e.type === 'started', 'the shell');
    const out = () => rec.events.map((e) => (e.type === 'stdout' ? e.data : '')).join('');
    await ok('exec:input', { sessionId: started.sessionId, data: 'hostname; stty size\r' });
    await eventually(async () => out().includes(pod.metadata.name!) && out().includes('30 100'), 'hostname and the terminal size', 15_000, 50);
    await ok('exec:resize', { sessionId: started.sessionId, cols: 132, rows: 43 });
    await ok('exec:input', { sessionId: started.sessionId, data: 'stty size\r' });
    await eventually(async () => out().includes('43 132'), 'the new terminal size', 15_000, 50);
    await ok('exec:input', { sessionId: started.sessionId, data: 'exit 7\r' });
    await rec.waitForEnd();
    expect(rec.events.at(-1)).toMatchObject({ type: 'exit', code: 7 });
  });

  it('kills a Docker node (its containers stop), starts it again, and adds another', async () => {
    const clusterId = env.cluster.credentials.clusterId;
    expect((await containersOf(clusterId, ['node-1'])).length).toBeGreaterThan(0);
    expect(await ok('nodes:kill', { name: 'node-1' })).toEqual({ name: 'node-1', state: 'killed' });
    expect(await containersOf(clusterId, ['node-1'])).toEqual([]);
    expect(await ok('nodes:start', { name: 'node-1' })).toEqual({ name: 'node-1', state: 'running' });
    await running('app=talker', 2);
    expect(await ok('nodes:add', { type: 'docker' })).toEqual({ name: 'node-2' });
    await eventually(async () => {
      const node = await env.cluster.client.tryGet({ apiVersion: 'v1', resource: 'nodes' }, undefined, 'node-2');
      return ((node?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    }, 'node-2 Ready', 60_000);
  });
});

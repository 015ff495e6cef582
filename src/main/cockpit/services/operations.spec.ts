import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object.js';
import type { ExecEvent, LogsEvent } from '../../../shared/ipc/stream-types.js';
import type { AddonState, DrainResponse, NodeUsage, OpenApiSchemaResponse, PodUsage, SchedulerDecision, ClusterInfo } from '../../../shared/ipc/operation-types.js';
import { eventually } from '../../../../test/support/in-process-cluster.js';
import { Recorder, startCockpit, type CockpitFixture } from '../testing/cockpit-fixture.js';

let f: CockpitFixture;
const DEPLOY = { apiVersion: 'apps/v1', resource: 'deployments' };
const PODS = { apiVersion: 'v1', resource: 'pods' };

async function ok<T>(channel: string, request: unknown): Promise<T> {
  const env = await f.cockpit.call(channel, request);
  if (!env.ok) throw new Error(`${channel} failed: ${env.error.code}: ${env.error.message}`);
  return env.result as T;
}

const manifest = (name: string, replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: app, image: "${image}" }]
`;

async function runningPods(app: string, count: number): Promise<KubeObject[]> {
  return eventually(async () => {
    const pods = (await f.env.cluster.client.list(PODS, 'default', { labelSelector: `app=${app}` })).items
      .filter((p) => !p.metadata.deletionTimestamp && (p.status as { phase?: string }).phase === 'Running');
    return pods.length === count ? pods : undefined;
  }, `${count} running pods of ${app}`);
}

beforeAll(async () => {
  f = await startCockpit(2);
  await ok('resources:apply', { yaml: manifest('web', 2, 'nginx:1') });
  await runningPods('web', 2);
}, 90_000);
afterAll(async () => f?.stop());

describe('pods:logs', () => {
  it('reads one pod once and ends', async () => {
    const [pod] = await runningPods('web', 2);
    const rec = new Recorder<LogsEvent>();
    f.cockpit.subscribe('pods:logs', { namespace: 'default', pod: pod.metadata.name, timestamps: true }, rec);
    expect(await rec.waitForEnd()).toEqual({ error: undefined });
    const lines = rec.events.flatMap((e) => (e.type === 'lines' ? e.lines : []));
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z simulated container app started$/);
    expect(rec.events[0]).toEqual({ type: 'stream', source: { pod: pod.metadata.name, container: 'app' }, state: 'started' });
  });

  it('follows every pod of a Deployment, each line tagged with its pod', async () => {
    const pods = await runningPods('web', 2);
    const rec = new Recorder<LogsEvent>();
    const stop = f.cockpit.subscribe('pods:logs', { namespace: 'default', owner: { kind: 'Deployment', name: 'web' }, follow: true, tailLines: 1 }, rec);
    const names = pods.map((p) => p.metadata.name!).sort();
    await rec.waitFor((e) => e.type === 'pods' && e.pods.join() === names.join(), 'the pod set');
    for (const name of names) {
      await rec.waitFor((e) => e.type === 'lines' && e.source.pod === name && e.lines.some((l) => l.includes('running')), `a followed line of ${name}`, 10_000);
    }
    stop();
    expect(rec.ended).toBeUndefined();
  });

  it('ends with the API server error for a missing pod', async () => {
    const rec = new Recorder<LogsEvent>();
    f.cockpit.subscribe('pods:logs', { namespace: 'default', pod: 'no-such-pod' }, rec);
    expect((await rec.waitForEnd()).error).toMatchObject({ code: 'NotFound', status: 404 });
  });
});

describe('pods:exec', () => {
  it('runs a command through the API server and reports its output and exit code', async () => {
    const [pod] = await runningPods('web', 2);
    const rec = new Recorder<ExecEvent>();
    f.cockpit.subscribe('pods:exec', { namespace: 'default', pod: pod.metadata.name, command: ['hostname'], tty: false }, rec);
    await rec.waitForEnd();
    expect(rec.events[0]).toMatchObject({ type: 'started', sessionId: expect.any(String) });
    expect(rec.events.filter((e) => e.type === 'stdout').map((e) => (e as { data: string }).data).join('')).toBe(`${pod.metadata.name}\n`);
    expect(rec.events.at(-1)).toEqual({ type: 'exit', code: 0 });

    const failing = new Recorder<ExecEvent>();
    f.cockpit.subscribe('pods:exec', { namespace: 'default', pod: pod.metadata.name, command: ['sh', '-c', 'exit 3'], tty: false }, failing);
    await failing.waitForEnd();
    expect(failing.events.at(-1)).toMatchObject({ type: 'exit', code: 3 });
  });

  it('sends input and resizes to an interactive session', async () => {
    const [pod] = await runningPods('web', 2);
    const rec = new Recorder<ExecEvent>();
    const stop = f.cockpit.subscribe('pods:exec', { namespace: 'default', pod: pod.metadata.name, command: ['cat'], tty: false, cols: 80, rows: 24 }, rec);
    const started = await rec.waitFor<Extract<ExecEvent, { type: 'started' }>>((e) => e.type === 'started', 'the session');
    expect(await f.cockpit.call('exec:resize', { sessionId: started.sessionId, cols: 120, rows: 40 })).toEqual({ ok: true, result: {} });
    expect(await f.cockpit.call('exec:input', { sessionId: started.sessionId, data: 'héllo\n' })).toEqual({ ok: true, result: {} });
    await rec.waitFor((e) => e.type === 'stdout' && e.data.includes('héllo'), 'the echoed input');
    stop();
    expect(await f.cockpit.call('exec:input', { sessionId: 'gone', data: 'x' })).toMatchObject({ ok: false, error: { code: 'NotFound' } });
  });

  it("refuses exec into a missing pod with the API server's reason", async () => {
    const rec = new Recorder<ExecEvent>();
    f.cockpit.subscribe('pods:exec', { namespace: 'default', pod: 'nope', command: ['sh'] }, rec);
    expect((await rec.waitForEnd()).error).toMatchObject({ code: 'NotFound', message: expect.stringContaining('nope') });
  });
});

describe('workloads', () => {
  it('scales, restarts and rolls back a Deployment', async () => {
    await ok('resources:apply', { yaml: manifest('roll', 1, 'img:v1') });
    await runningPods('roll', 1);
    expect(await ok('workloads:scale', { kind: 'Deployment', namespace: 'default', name: 'roll', replicas: 3 })).toEqual({ replicas: 3 });
    await runningPods('roll', 3);
    await ok('resources:apply', { yaml: manifest('roll', 3, 'img:v2') });
    await eventually(async () => {
      const d = await f.env.cluster.client.get(DEPLOY, 'default', 'roll');
      return d.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2';
    }, 'revision 2');
    expect(await ok('workloads:rollback', { kind: 'Deployment', namespace: 'default', name: 'roll' })).toEqual({ revision: 1 });
    const d = await f.env.cluster.client.get(DEPLOY, 'default', 'roll');
    expect((d.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image).toBe('img:v1');
    const { restartedAt } = await ok<{ restartedAt: string }>('workloads:restart', { kind: 'Deployment', namespace: 'default', name: 'roll' });
    const after = await f.env.cluster.client.get(DEPLOY, 'default', 'roll');
    expect((after.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe(restartedAt);
    expect(await f.cockpit.call('workloads:rollback', { kind: 'Deployment', namespace: 'default', name: 'roll', toRevision: 99 }))
      .toMatchObject({ ok: false, error: { code: 'NotFound', message: 'deployment default/roll has no revision 99' } });
  });
});

describe('nodes', () => {
  it('cordons, drains (pods leave the node) and uncordons', async () => {
    const pods = await runningPods('web', 2);
    const node = (pods[0].spec as { nodeName: string }).nodeName;
    const res = await ok<DrainResponse>('nodes:drain', { name: node, timeoutSeconds: 30 });
    expect(res.evicted.length).toBeGreaterThan(0);
    const left = await f.env.cluster.client.list(PODS, undefined, { fieldSelector: `spec.nodeName=${node}` });
    expect(left.items.filter((p) => !p.metadata.deletionTimestamp).filter((p) => p.metadata.namespace === 'default')).toEqual([]);
    expect((await f.env.cluster.client.get({ apiVersion: 'v1', resource: 'nodes' }, undefined, node)).spec).toMatchObject({ unschedulable: true });
    await ok('nodes:uncordon', { name: node });
    expect((await f.env.cluster.client.get({ apiVersion: 'v1', resource: 'nodes' }, undefined, node)).spec).not.toHaveProperty('unschedulable', true);
  });

  it('stops and starts a node (heartbeats) and refuses unknown nodes', async () => {
    const info = await ok<ClusterInfo>('cluster:info', {});
    expect(info.nodes).toMatchObject({ total: 2, simulated: 2, docker: 0, remote: 0 });
    expect(await ok('nodes:stop', { name: 'sim-0' })).toEqual({ name: 'sim-0', state: 'stopped' });
    expect(await ok('nodes:start', { name: 'sim-0' })).toEqual({ name: 'sim-0', state: 'running' });
    expect(await f.cockpit.call('nodes:stop', { name: 'elsewhere' })).toMatchObject({ ok: false, error: { code: 'NotFound' } });
  });
});

describe('cluster views', () => {
  it("shows the scheduler's verdict for every node", async () => {
    const [pod] = await runningPods('web', 2);
    const d = await ok<SchedulerDecision>('scheduler:decision', { namespace: 'default', name: pod.metadata.name });
    expect(d.decision.selectedNode).toBe((pod.spec as { nodeName: string }).nodeName);
    expect(d.decision.nodes.map((n) => n.name).sort()).toEqual(['sim-0', 'sim-1']);
  });

  it('reads and writes add-on state in the kube-system/pilothouse-addons ConfigMap', async () => {
    const list = await ok<{ addons: AddonState[] }>('addons:list', {});
    expect(list.addons.map((a) => a.name)).toEqual(['dns', 'ingress', 'dashboard', 'metrics']);
    const set = await ok<{ addons: AddonState[] }>('addons:set', { name: 'ingress', enabled: false });
    expect(set.addons.find((a) => a.name === 'ingress')?.enabled).toBe(false);
    const cm = await f.env.cluster.client.get({ apiVersion: 'v1', resource: 'configmaps' }, 'kube-system', 'pilothouse-addons');
    expect((cm as { data?: Record<string, string> }).data?.ingress).toBe('disabled');
    await ok('addons:set', { name: 'ingress', enabled: true });
    expect(((await f.env.cluster.client.get({ apiVersion: 'v1', resource: 'configmaps' }, 'kube-system', 'pilothouse-addons')) as { data?: Record<string, string> }).data?.ingress).toBe('enabled');
  });

  it('finds the OpenAPI schema of a kind', async () => {
    const s = await ok<OpenApiSchemaResponse>('openapi:schema', { apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(s.root).toMatch(/Deployment$/);
    expect(JSON.stringify(s.schemas[s.root])).toContain('spec');
    expect(await f.cockpit.call('openapi:schema', { apiVersion: 'apps/v1', kind: 'Gizmo' })).toMatchObject({ ok: false, error: { code: 'NotFound' } });
  });

  it('reads node and pod usage from metrics.k8s.io, with quantities parsed', async () => {
    const nodes = await eventually(async () => {
      const r = await f.cockpit.call('metrics:nodes', {});
      return r.ok && (r.result as { items: NodeUsage[] }).items.length === 2 ? (r.result as { items: NodeUsage[] }).items : undefined;
    }, 'metrics of both nodes');
    expect(nodes.map((n) => n.name).sort()).toEqual(['sim-0', 'sim-1']);
    for (const n of nodes) {
      expect(typeof n.cpuCores).toBe('number');
      expect(n.memoryBytes).toBeGreaterThanOrEqual(0);
      expect(n.memory).toMatch(/^\d+(Ki|Mi|Gi)?$/);
    }
    const pods = await ok<{ items: PodUsage[] }>('metrics:pods', { namespace: 'default' });
    for (const p of pods.items) {
      expect(p.namespace).toBe('default');
      expect(p.cpuCores).toBe(p.containers.reduce((s, c) => s + c.cpuCores, 0));
    }
  });

  it('lists served resource types', async () => {
    const { resources } = await ok<{ resources: { apiVersion: string; resource: string; kind: string }[] }>('resources:discover', {});
    expect(resources).toContainEqual(expect.objectContaining({ apiVersion: 'apps/v1', resource: 'deployments', kind: 'Deployment', namespaced: true }));
    expect(resources).toContainEqual(expect.objectContaining({ apiVersion: 'v1', resource: 'nodes', namespaced: false }));
  });
});

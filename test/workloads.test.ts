/**
 * Scheduler and controllers as a user meets them (issue: scheduler and controller manager,
 * "What must be shown"): `pilothouse serve --simulated-nodes 5` driven by the real kubectl.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { startServe, type ServeProcess } from './support/serve-process.js';
import { eventually } from './support/in-process-cluster.js';

let serve: ServeProcess;
const k = (...args: string[]) => kubectlOk(serve.kubeconfig, args);
const kIn = (input: string, ...args: string[]) => kubectlOk(serve.kubeconfig, args, input);

interface Pod {
  metadata: { name: string; deletionTimestamp?: string; ownerReferences?: { name: string }[]; labels?: Record<string, string> };
  spec: { nodeName?: string; containers: { image: string }[] };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
}

async function pods(ns: string, selector: string): Promise<Pod[]> {
  return JSON.parse(await k('get', 'pods', '-n', ns, '-l', selector, '-o', 'json')).items as Pod[];
}

const ready = (p: Pod) => !p.metadata.deletionTimestamp && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

function deployment(name: string, ns: string, replicas: number, image: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns },
    spec: {
      replicas, selector: { matchLabels: { app: name } }, ...extra,
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image, resources: { requests: { cpu: '100m', memory: '64Mi' } }, readinessProbe: { exec: { command: ['true'] }, periodSeconds: 1 } }] },
      },
    },
  });
}

beforeAll(async () => {
  serve = await startServe({ args: ['--simulated-nodes', '5'] });
  await k('create', 'namespace', 'work');
});

afterAll(async () => {
  await serve?.stop();
  serve?.cleanup();
});

describe('workloads on simulated nodes', () => {
  it('spreads a 10-replica Deployment over 5 nodes and rollout status returns', async () => {
    await kIn(deployment('web', 'work', 10, 'busybox:1.36'), 'apply', '-f', '-');
    const out = await k('rollout', 'status', 'deployment/web', '-n', 'work', '--timeout=90s');
    expect(out).toContain('deployment "web" successfully rolled out');
    const list = await pods('work', 'app=web');
    expect(list.filter(ready)).toHaveLength(10);
    const perNode = new Map<string, number>();
    for (const p of list) perNode.set(p.spec.nodeName!, (perNode.get(p.spec.nodeName!) ?? 0) + 1);
    expect(perNode.size).toBe(5);
    expect(Math.max(...perNode.values())).toBeLessThanOrEqual(3);
  });

  it('rolls a new image without dropping below replicas - maxUnavailable, and undoes it', async () => {
    let minReady = Infinity;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const list = await pods('work', 'app=web');
        minReady = Math.min(minReady, list.filter(ready).length);
      }
    })();
    await k('set', 'image', 'deployment/web', '-n', 'work', 'web=busybox:1.37');
    await k('rollout', 'status', 'deployment/web', '-n', 'work', '--timeout=120s');
    sampling = false;
    await sampler;
    expect(minReady).toBeGreaterThanOrEqual(10 - 2); // maxUnavailable 25% of 10, rounded down
    const rolled = await pods('work', 'app=web');
    expect(rolled.filter(ready).every((p) => p.spec.containers[0].image === 'busybox:1.37')).toBe(true);
    const rs = JSON.parse(await k('get', 'rs', '-n', 'work', '-l', 'app=web', '-o', 'json')).items;
    expect(rs).toHaveLength(2);

    expect(await k('rollout', 'undo', 'deployment/web', '-n', 'work')).toContain('rolled back');
    await k('rollout', 'status', 'deployment/web', '-n', 'work', '--timeout=120s');
    const back = JSON.parse(await k('get', 'deploy', 'web', '-n', 'work', '-o', 'json'));
    expect(back.spec.template.spec.containers[0].image).toBe('busybox:1.36');
    expect(back.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    const history = await k('rollout', 'history', 'deployment/web', '-n', 'work');
    expect(history).toMatch(/^2\s/m);
    expect(history).toMatch(/^3\s/m);
  });

  it('scales down by removing not-ready pods first', async () => {
    for (const name of ['slow-a', 'slow-b']) {
      await kIn(JSON.stringify({
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name, namespace: 'work', labels: { app: 'rs-demo' }, annotations: { 'pilothouse.dev/simulate-probes': 'readiness=fail' } },
        spec: { containers: [{ name: 'web', image: 'busybox', readinessProbe: { exec: { command: ['true'] }, periodSeconds: 1 } }] },
      }), 'create', '-f', '-');
    }
    await kIn(JSON.stringify({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs-demo', namespace: 'work' },
      spec: { replicas: 6, selector: { matchLabels: { app: 'rs-demo' } }, template: { metadata: { labels: { app: 'rs-demo' } }, spec: { containers: [{ name: 'web', image: 'busybox', readinessProbe: { exec: { command: ['true'] }, periodSeconds: 1 } }] } } },
    }), 'create', '-f', '-');
    await eventually(async () => (await pods('work', 'app=rs-demo')).filter(ready).length === 4, '4 ready pods and 2 adopted not-ready ones');
    const adopted = await pods('work', 'app=rs-demo');
    expect(adopted.find((p) => p.metadata.name === 'slow-a')?.metadata.ownerReferences?.[0].name).toBe('rs-demo');
    await k('scale', 'rs', 'rs-demo', '-n', 'work', '--replicas=4');
    const left = await eventually(async () => {
      const list = (await pods('work', 'app=rs-demo')).filter((p) => !p.metadata.deletionTimestamp);
      return list.length === 4 ? list : undefined;
    }, 'the ReplicaSet to scale down to 4');
    expect(left.map((p) => p.metadata.name)).not.toContain('slow-a');
    expect(left.map((p) => p.metadata.name)).not.toContain('slow-b');
    expect(left.every(ready)).toBe(true);
  });

  it('explains a pod that fits nowhere like upstream', async () => {
    await kIn(JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'huge', namespace: 'work' },
      spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '64' } } }] },
    }), 'create', '-f', '-');
    const describe = await eventually(async () => {
      const out = await k('describe', 'pod', 'huge', '-n', 'work');
      return out.includes('FailedScheduling') ? out : undefined;
    }, 'a FailedScheduling event');
    expect(describe).toMatch(/0\/5 nodes are available: 5 Insufficient cpu\./);
    const pod = JSON.parse(await k('get', 'pod', 'huge', '-n', 'work', '-o', 'json'));
    expect(pod.status.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' })]));
    await k('delete', 'pod', 'huge', '-n', 'work');
  });

  it('puts no new pods on a cordoned node, and drains one', async () => {
    await k('cordon', 'sim-0');
    expect(await k('get', 'node', 'sim-0')).toMatch(/Ready,SchedulingDisabled/);
    await k('scale', 'deployment/web', '-n', 'work', '--replicas=20');
    await k('rollout', 'status', 'deployment/web', '-n', 'work', '--timeout=120s');
    const before = await pods('work', 'app=web');
    const onCordoned = before.filter((p) => p.spec.nodeName === 'sim-0').length;
    expect(onCordoned).toBeLessThanOrEqual(3); // only the pods that were there before the cordon
    const drain = await kubectl(serve.kubeconfig, ['drain', 'sim-1', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=90s']);
    expect(drain.code, drain.stderr).toBe(0);
    expect(drain.stdout).toContain('node/sim-1 drained');
    await k('rollout', 'status', 'deployment/web', '-n', 'work', '--timeout=120s');
    const after = await pods('work', 'app=web');
    expect(after.filter((p) => p.spec.nodeName === 'sim-1' && !p.metadata.deletionTimestamp)).toHaveLength(0);
    expect(after.filter(ready)).toHaveLength(20);
    await k('uncordon', 'sim-0');
    await k('uncordon', 'sim-1');
  });

  it("lists exactly a Service's ready pods in its EndpointSlice", async () => {
    await kIn(JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'rs-demo', namespace: 'work' }, spec: { selector: { app: 'rs-demo' }, ports: [{ port: 80 }] } }), 'create', '-f', '-');
    const readyIps = (await pods('work', 'app=rs-demo')).filter(ready).map((p) => (p.status as { podIP?: string }).podIP).sort();
    const slice = await eventually(async () => {
      const slices = JSON.parse(await k('get', 'endpointslices', '-n', 'work', '-l', 'kubernetes.io/service-name=rs-demo', '-o', 'json')).items;
      return slices.length === 1 && slices[0].endpoints?.length === readyIps.length ? slices[0] : undefined;
    }, 'the EndpointSlice');
    const sliceReady = slice.endpoints.filter((e: { conditions: { ready: boolean } }) => e.conditions.ready).flatMap((e: { addresses: string[] }) => e.addresses).sort();
    expect(sliceReady).toEqual(readyIps);
    expect(await k('describe', 'svc', 'rs-demo', '-n', 'work')).toMatch(/Endpoints:\s+\d+\.\d+\.\d+\.\d+:80/);
  });

  it('removes ReplicaSets and pods with their Deployment, and gives new namespaces a default service account', async () => {
    await k('delete', 'deployment', 'web', '-n', 'work');
    await eventually(async () => (await pods('work', 'app=web')).length === 0 && JSON.parse(await k('get', 'rs', '-n', 'work', '-l', 'app=web', '-o', 'json')).items.length === 0, 'garbage collection of the ReplicaSets and pods');
    await k('create', 'namespace', 'fresh');
    await eventually(async () => (await k('get', 'serviceaccount', 'default', '-n', 'fresh', '-o', 'name')).trim() === 'serviceaccount/default', 'the default service account');
  });
});

/**
 * Real pods on the local Docker engine (issue: kubelet on Docker, "What must be shown"):
 * `pilothouse serve --nodes 2` with locally built busybox images, driven by the real kubectl.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlOk, kubectlStream } from './support/kubectl.js';
import { startServe, type ServeProcess } from './support/serve-process.js';
import { eventually } from './support/in-process-cluster.js';
import { buildTestImages, clusterIdOf, containersOf as clusterContainers, removeClusterContainers, type TestImages } from './support/docker-images.js';

const NODES = ['node-1', 'node-2'];
let images: TestImages;
let serve: ServeProcess;
const k = (...args: string[]) => kubectlOk(serve.kubeconfig, args);
const kIn = (input: string, ...args: string[]) => kubectlOk(serve.kubeconfig, args, input);

interface Pod {
  metadata: { name: string; uid: string };
  spec: { nodeName?: string };
  status: { phase?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { restartCount: number; ready: boolean; lastState?: { terminated?: { reason?: string } } }[] };
}
const podsOf = async (selector: string): Promise<Pod[]> => JSON.parse(await k('get', 'pods', '-l', selector, '-o', 'json')).items;
const getPod = async (name: string): Promise<Pod> => JSON.parse(await k('get', 'pod', name, '-o', 'json'));

function pod(name: string, container: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { test: name } },
    spec: { terminationGracePeriodSeconds: 5, ...extra, containers: [{ name: 'main', image: images.busybox, imagePullPolicy: 'IfNotPresent', ...container }] },
  });
}

/** This cluster's containers on its nodes (other clusters on the same engine are ignored). */
const containersOf = (nodes: string[], all = false) => clusterContainers(clusterIdOf(serve.dataDir), nodes, all);

beforeAll(async () => {
  images = await buildTestImages('docker-nodes');
  serve = await startServe({ args: ['--nodes', '2', '--sandbox-image', images.sandbox, '--addon-image', images.node] });
}, 120_000);

afterAll(async () => {
  await serve?.stop();
  if (serve) await removeClusterContainers(clusterIdOf(serve.dataDir));
  serve?.cleanup();
  await images?.remove();
});

describe('pods on Docker nodes', () => {
  it('runs a 3-replica httpd Deployment on both nodes, visible in docker ps', async () => {
    await kIn(JSON.stringify({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: {
        replicas: 3, selector: { matchLabels: { app: 'web' } },
        strategy: { rollingUpdate: { maxUnavailable: 0 } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            topologySpreadConstraints: [],
            containers: [{ name: 'httpd', image: images.busybox, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www'], readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } }],
          },
        },
      },
    }), 'apply', '-f', '-');
    await k('rollout', 'status', 'deployment/web', '--timeout=90s');
    const wide = await k('get', 'pods', '-l', 'app=web', '-o', 'wide');
    const rows = wide.trim().split('\n').slice(1);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/\s1\/1\s+Running\s/);
    expect(new Set(rows.map((r) => r.split(/\s+/)[6]))).toEqual(new Set(NODES));
    const running = await containersOf(NODES);
    for (const p of await podsOf('app=web')) {
      expect(running.filter((c) => c.name.includes(p.metadata.name) && c.role === 'container')).toHaveLength(1);
      expect(running.filter((c) => c.name.includes(p.metadata.name) && c.role === 'sandbox')).toHaveLength(1);
    }
  });

  it('streams logs with kubectl logs -f and runs commands with kubectl exec', async () => {
    await kIn(pod('ticker', { command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 1; done'] }), 'create', '-f', '-');
    await k('wait', '--for=condition=Ready', 'pod/ticker', '--timeout=60s');
    const follow = kubectlStream(serve.kubeconfig, ['logs', '-f', 'ticker']);
    try {
      await follow.waitFor(/tick 3/, 20_000);
    } finally {
      follow.stop();
    }
    expect((await k('exec', 'ticker', '--', 'hostname')).trim()).toBe('ticker');
    const failing = await kubectl(serve.kubeconfig, ['exec', 'ticker', '--', 'sh', '-c', 'exit 3']);
    expect(failing.code).toBe(3);
  });

  it('gives an interactive shell with kubectl exec -it', async () => {
    // `script` provides the terminal kubectl needs for -t.
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qec', `kubectl --kubeconfig ${serve.kubeconfig} exec -it ticker -- sh`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('exit', () => resolve(text));
      child.on('error', reject);
      setTimeout(() => child.stdin.write('echo "in-$(hostname)-$((6*7))"\n'), 1500);
      setTimeout(() => child.stdin.write('exit\n'), 3000);
      setTimeout(() => child.kill('SIGKILL'), 15_000);
    });
    expect(out).toContain('in-ticker-42');
  });

  it('restarts a container whose liveness probe fails, with growing back-off', async () => {
    await kIn(pod('unhealthy', {
      command: ['sleep', '3600'],
      livenessProbe: { exec: { command: ['false'] }, periodSeconds: 1, failureThreshold: 1 },
    }), 'create', '-f', '-');
    const p = await eventually(async () => {
      const x = await getPod('unhealthy');
      return (x.status.containerStatuses?.[0]?.restartCount ?? 0) >= 2 ? x : undefined;
    }, 'two liveness restarts', 60_000, 500);
    expect(p.status.containerStatuses![0].restartCount).toBeGreaterThanOrEqual(2);
    const events = await k('get', 'events', '--field-selector', 'involvedObject.name=unhealthy', '-o', 'jsonpath={range .items[*]}{.reason}:{.message}{"\\n"}{end}');
    expect(events).toContain('Unhealthy:Liveness probe failed');
    expect(events).toMatch(/Killing:Container main failed liveness probe, will be restarted/);
    expect(events).toContain('BackOff:Back-off restarting failed container main');
  });

  it('marks a pod not Ready when its readiness probe fails, without restarting it', async () => {
    await kIn(pod('not-ready', { command: ['sleep', '3600'], readinessProbe: { exec: { command: ['false'] }, periodSeconds: 1 } }), 'create', '-f', '-');
    await eventually(async () => (await getPod('not-ready')).status.phase === 'Running', 'not-ready to run');
    await new Promise((r) => setTimeout(r, 4000));
    const p = await getPod('not-ready');
    expect(p.status.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    expect(p.status.containerStatuses?.[0].restartCount).toBe(0);
  });

  it('stops the containers of a deleted pod within its grace period', async () => {
    const before = (await containersOf(NODES)).filter((c) => c.name.includes('_ticker_'));
    expect(before.length).toBe(2);
    const started = Date.now();
    await k('delete', 'pod', 'ticker', '--wait=true', '--timeout=30s');
    expect(Date.now() - started).toBeLessThan(5000 + 4000);
    await eventually(async () => (await containersOf(NODES, true)).filter((c) => c.name.includes('_ticker_')).length === 0, "ticker's containers to be removed", 20_000);
  });

  it('keeps the same containers across kill -9 and a restart of pilothouse', async () => {
    const before = (await containersOf(NODES)).map((c) => c.id).sort();
    expect(before.length).toBeGreaterThan(0);
    await serve.stop('SIGKILL');
    serve = await startServe({ dataDir: serve.dataDir, args: ['--nodes', '2', '--sandbox-image', images.sandbox, '--addon-image', images.node] });
    await k('rollout', 'status', 'deployment/web', '--timeout=90s');
    await new Promise((r) => setTimeout(r, 3000)); // let the kubelets finish adopting
    const after = (await containersOf(NODES)).map((c) => c.id).sort();
    // The liveness test's pod may have restarted its container meanwhile: compare the others.
    const unhealthy = new Set((await containersOf(NODES, true)).filter((c) => c.name.includes('_unhealthy_')).map((c) => c.id));
    expect(after.filter((id) => !unhealthy.has(id))).toEqual(before.filter((id) => !unhealthy.has(id)));
  });
});

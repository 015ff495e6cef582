/**
 * Docker going away and coming back (issue: kubelet on Docker, "Docker unreachable or
 * restarted"): the node goes NotReady with a reason a person understands, the cluster keeps
 * answering kubectl, and when Docker is back the node is Ready again by itself, a pod created
 * meanwhile starts, and containers that died with a restarted engine are started again. A hung
 * engine (it takes connections but never answers) counts as down too. The real engine is never
 * touched: the Docker node talks to it through a `SocketProxy` that the test cuts and restores.
 */
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_SOCKET, dockerAvailable } from '../src/main/runtime/testing/docker-test-env.js';
import { SocketProxy } from '../src/main/runtime/testing/socket-proxy.js';
import { buildTestImages, containersOf, docker, removeClusterContainers, type TestImages } from './support/docker-images.js';
import { eventually, startInProcessCluster, type InProcessCluster } from './support/in-process-cluster.js';
import { kubectlOk } from './support/kubectl.js';

const available = await dockerAvailable();
const NODE = 'node-1';

interface Condition { type: string; status: string; reason?: string; message?: string }
interface Pod {
  spec: { nodeName?: string };
  status: { phase?: string; containerStatuses?: { restartCount: number; containerID?: string; state: { running?: unknown } }[] };
}

/** A socket at `path` that takes connections and never answers (a hung engine); `close()` cuts them. */
async function hangAt(path: string): Promise<{ close(): Promise<void> }> {
  const held = new Set<Socket>();
  const server = createServer((s) => {
    held.add(s);
    s.on('error', () => {});
    s.on('close', () => held.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return {
    close: () => {
      for (const s of held) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.skipIf(!available)('a Docker node when Docker goes away and comes back', () => {
  let images: TestImages;
  let proxy: SocketProxy;
  let proxyUp = false;
  let c: InProcessCluster;
  const cut = async () => {
    await proxy.down();
    proxyUp = false;
  };
  const restore = async () => {
    await proxy.up();
    proxyUp = true;
  };
  const k = (...args: string[]) => kubectlOk(c.kubeconfig, args);
  const ready = async (): Promise<Condition> => {
    const node = JSON.parse(await k('get', 'node', NODE, '-o', 'json')) as { status: { conditions: Condition[] } };
    return node.status.conditions.find((x) => x.type === 'Ready')!;
  };
  const getPod = async (name: string): Promise<Pod> => JSON.parse(await k('get', 'pod', name, '-o', 'json')) as Pod;
  const running = async (name: string) => {
    const p = await getPod(name);
    return p.status.phase === 'Running' && p.status.containerStatuses?.[0]?.state.running !== undefined ? p : undefined;
  };
  /** This cluster's running containers (other suites may run clusters with the same node names on this engine). */
  // The test's own pods (the DNS add-on's pod runs on the node too).
  const ours = async () => (await containersOf(c.cluster.credentials.clusterId, [NODE])).filter((x) => x.namespace === 'default');
  const createPod = (name: string) => kubectlOk(c.kubeconfig, ['create', '-f', '-'], JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: images.busybox, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
  }));

  beforeAll(async () => {
    images = await buildTestImages('docker-outage');
    proxy = new SocketProxy(DOCKER_SOCKET);
    await restore();
    c = await startInProcessCluster({
      stopPodsOnExit: true,
      dockerNodes: { count: 1, socketPath: proxy.path, sandboxImage: images.sandbox, timings: { nodeStatusUpdateFrequencyMs: 1000 } },
      serviceNetworking: { addonImage: images.node },
    });
  });

  afterAll(async () => {
    if (proxy && !proxyUp) await restore().catch(() => {}); // let the kubelet remove its pods on the way out
    await c?.stop();
    await proxy?.dispose();
    if (c) await removeClusterContainers(c.cluster.credentials.clusterId);
    await images?.remove();
  });

  it('runs a pod while Docker is reachable', async () => {
    await createPod('before');
    await eventually(() => running('before'), 'pod before Running', 30_000);
    expect((await ready()).status).toBe('True');
  });

  it('reports the node NotReady, saying Docker is not reachable, and keeps answering kubectl', async () => {
    await cut();
    const cond = await eventually(async () => {
      const r = await ready();
      return r.status === 'False' ? r : undefined;
    }, 'node NotReady', 20_000);
    expect(cond.reason).toBe('KubeletNotReady');
    expect(cond.message).toMatch(/^container runtime is down: Docker is not running or not reachable at /);
    expect(cond.message).toContain(proxy.path);
    expect(cond.message).toMatch(/start Docker Desktop \/ dockerd/);
    expect(await k('get', 'nodes')).toMatch(new RegExp(`${NODE}\\s+NotReady`));
    await createPod('during');
    expect(await k('get', 'pods', 'before', 'during')).toMatch(/during/);
    // Nothing runs on a node whose runtime is down.
    await new Promise((r) => setTimeout(r, 2000));
    expect((await getPod('during')).status.phase).toBe('Pending');
  });

  it('is Ready again by itself once Docker is back, and the pod created meanwhile starts', async () => {
    const before = (await getPod('before')).status.containerStatuses![0];
    await restore();
    await eventually(async () => (await ready()).status === 'True', 'node Ready again', 20_000);
    const during = await eventually(() => running('during'), 'pod during Running', 60_000);
    expect(during.spec.nodeName).toBe(NODE);
    // The pod that ran through the outage was neither restarted nor replaced.
    const after = (await running('before'))!.status.containerStatuses![0];
    expect(after.restartCount).toBe(0);
    expect(after.containerID).toBe(before.containerID);
    const roles = (await ours()).map((x) => x.role).sort();
    expect(roles).toEqual(['container', 'container', 'sandbox', 'sandbox']);
  });

  it('reports a hung engine (connections taken, no answers) as down too, and recovers when it answers again', async () => {
    await cut();
    const hung = await hangAt(proxy.path);
    try {
      // Requests cut by the switch may report "not reachable" first; the hang is what must show.
      const cond = await eventually(async () => {
        const r = await ready();
        return r.status === 'False' && r.message?.includes('did not answer') ? r : undefined;
      }, 'node NotReady while Docker hangs', 30_000, 500);
      expect(cond.message).toMatch(/^container runtime is down: Docker at \S+ did not answer within 10s: it may be hung or overloaded; restart Docker Desktop \/ dockerd$/);
      expect(await k('get', 'nodes')).toMatch(new RegExp(`${NODE}\\s+NotReady`));
    } finally {
      await hung.close();
    }
    await restore();
    await eventually(async () => (await ready()).status === 'True', 'node Ready again', 20_000);
    expect(await running('before')).toBeDefined();
  }, 60_000);

  it('starts again what died with the engine when Docker was restarted', async () => {
    await cut();
    await eventually(async () => (await ready()).status === 'False', 'node NotReady', 20_000);
    // A restarted engine (without live-restore) has stopped every container: stop the pod's here.
    const pod = (await ours()).filter((x) => x.name.includes('_before_'));
    expect(pod).toHaveLength(2);
    await Promise.all(pod.map((x) => docker.getContainer(x.id).stop({ t: 0 })));
    await restore();
    await eventually(async () => (await ready()).status === 'True', 'node Ready again', 20_000);
    const p = await eventually(async () => {
      const x = await running('before');
      return x && x.status.containerStatuses![0].restartCount >= 1 ? x : undefined;
    }, 'pod before running again', 60_000);
    expect(p.status.containerStatuses![0].restartCount).toBe(1);
    expect(await running('during')).toBeDefined();
  });
});

/**
 * Port-forwarding (for the UI): a 127.0.0.1 port forwarded to a pod's port and to a Service port,
 * through the service proxy's tunnel, on a cluster with one Docker node in this process. Plus the
 * proxy's own resilience: when its container is removed behind Pilothouse's back, kube-proxy
 * starts a new one and services answer again.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlOk, kubectlStream } from './support/kubectl.js';
import { eventually, startInProcessCluster, type InProcessCluster } from './support/in-process-cluster.js';
import { buildTestImages, docker, removeClusterContainers, type TestImages } from './support/docker-images.js';
import { PortForwardError, startPortForward } from '../src/main/proxy/port-forward.js';
import { Cockpit } from '../src/main/cockpit/cockpit.js';
import { cockpitContext } from '../src/main/cockpit/context.js';

let images: TestImages;
let c: InProcessCluster;
const k = (...args: string[]) => kubectlOk(c.kubeconfig, args);

/** GET `path` on 127.0.0.1:`port`, returning the body's bytes. */
function getBytes(port: number, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 15000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    }).on('error', reject);
  });
}

/** GET / on 127.0.0.1:`port`, as trimmed text. */
async function get(port: number): Promise<string> {
  return (await getBytes(port, '/')).toString().trim();
}

beforeAll(async () => {
  images = await buildTestImages('port-forward');
  c = await startInProcessCluster({
    dockerNodes: { count: 1, sandboxImage: images.sandbox }, serviceNetworking: { addonImage: images.node }, ingressPort: 0, stopPodsOnExit: true,
  });
  await kubectlOk(c.kubeconfig, ['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'echo', labels: { app: 'echo' } },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [{
        name: 'httpd', image: images.busybox, imagePullPolicy: 'Never',
        // 8000 is declared (published on 127.0.0.1, the short path); 8001 is not (the proxy's tunnel).
        command: ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && httpd -p 8001 -h /www && exec httpd -f -p 8000 -h /www'],
        ports: [{ name: 'web', containerPort: 8000 }], readinessProbe: { tcpSocket: { port: 8000 }, periodSeconds: 1 },
      }],
    },
  }));
  await kubectlOk(c.kubeconfig, ['create', 'service', 'clusterip', 'echo', '--tcp=80:8000']);
  await k('wait', '--for=condition=Ready', 'pod/echo', '--timeout=60s');
}, 180_000);

afterAll(async () => {
  const id = c?.cluster.credentials.clusterId;
  await c?.stop();
  if (id) await removeClusterContainers(id);
  await images?.remove();
});

describe('port-forward', () => {
  it('forwards a local port to a pod port (by number or name) and to a service port', async () => {
    const proxy = c.cluster.proxy!;
    const byName = await startPortForward(c.cluster.client, proxy, { kind: 'pod', namespace: 'default', name: 'echo', port: 'web' });
    const toService = await startPortForward(c.cluster.client, proxy, { kind: 'service', namespace: 'default', name: 'echo', port: 80 });
    try {
      expect(byName.target).toBe('pod/echo:web');
      expect(await get(byName.localPort)).toBe('echo');
      await eventually(async () => (await get(toService.localPort)) === 'echo', 'the service forward answering');
    } finally {
      byName.close();
      toService.close();
    }
  });

  it('reaches a port the pod did not declare, through the service proxy\'s tunnel', async () => {
    const undeclared = await startPortForward(c.cluster.client, c.cluster.proxy!, { kind: 'pod', namespace: 'default', name: 'echo', port: 8001 });
    try {
      expect(await get(undeclared.localPort)).toBe('echo');
    } finally {
      undeclared.close();
    }
  });

  it('serves a NodePort whose target port the pod did not declare (the tunnel, handshake overlapped with the request)', async () => {
    await kubectlOk(c.kubeconfig, ['create', 'service', 'nodeport', 'echo-undeclared', '--tcp=80:8001']);
    await k('label', 'service', 'echo-undeclared', 'test=tunnel');
    await k('set', 'selector', 'service', 'echo-undeclared', 'app=echo');
    const nodePort = Number(await k('get', 'service', 'echo-undeclared', '-o', 'jsonpath={.spec.ports[0].nodePort}'));
    const answers = await eventually(async () => {
      const got = await Promise.all([1, 2, 3, 4, 5].map(() => get(nodePort).catch(() => '')));
      return got.every((g) => g === 'echo') ? got : undefined;
    }, 'the NodePort answering through the tunnel', 20_000);
    expect(answers).toHaveLength(5);
  });

  it('says what is wrong with the target or the local port', async () => {
    const proxy = c.cluster.proxy!;
    await expect(startPortForward(c.cluster.client, proxy, { kind: 'pod', namespace: 'default', name: 'nope', port: 80 })).rejects.toThrow('pod default/nope not found');
    await expect(startPortForward(c.cluster.client, proxy, { kind: 'pod', namespace: 'default', name: 'echo', port: 'db' })).rejects.toThrow('pod echo has no container port named db');
    await expect(startPortForward(c.cluster.client, proxy, { kind: 'service', namespace: 'default', name: 'echo', port: 9 })).rejects.toThrow('service default/echo has no port 9');
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    try {
      const taken = (blocker.address() as net.AddressInfo).port;
      const attempt = startPortForward(c.cluster.client, proxy, { kind: 'pod', namespace: 'default', name: 'echo', port: 8000 }, taken);
      await expect(attempt).rejects.toThrow(PortForwardError);
      await expect(attempt).rejects.toThrow(`port ${taken} on 127.0.0.1 is in use by another program`);
    } finally {
      blocker.close();
    }
  });
});

describe('port-forward in the cockpit contract', () => {
  it('network:portForward listens while subscribed and closes when unsubscribed; bad requests are refused', async () => {
    const cockpit = new Cockpit(cockpitContext(c.cluster, { mode: 'dashboard' }));
    try {
      const events: { type: string; localPort?: number; url?: string }[] = [];
      let closed: unknown = 'open';
      const stop = cockpit.subscribe('network:portForward', { kind: 'service', namespace: 'default', name: 'echo', port: 80 }, {
        emit: (e) => events.push(e as { type: string }), close: (err) => (closed = err), closed: false,
      });
      const ready = await eventually(async () => events.find((e) => e.type === 'ready'), 'the ready event');
      expect(ready.url).toBe(`http://127.0.0.1:${ready.localPort}/`);
      expect(await get(ready.localPort!)).toBe('echo');
      stop();
      await eventually(async () => get(ready.localPort!).then(() => false, () => true), 'the forward closing');
      expect(closed).toBe('open');
      const refused: unknown[] = [];
      cockpit.subscribe('network:portForward', { kind: 'deployment', namespace: 'default', name: 'echo', port: 80 }, {
        emit: () => {}, close: (err) => refused.push(err), closed: false,
      });
      const err = await eventually(async () => refused[0] as { message: string } | undefined, 'the refusal');
      expect(err.message).toMatch(/kind/);
    } finally {
      await cockpit.close();
    }
  });
});

/** Runs `kubectl port-forward args` and returns the local ports it prints, in order. */
async function kubectlPortForward(args: string[], count: number, env?: Record<string, string>) {
  const run = kubectlStream(c.kubeconfig, ['port-forward', ...args], env);
  try {
    await run.waitFor(new RegExp(`(Forwarding from 127\\.0\\.0\\.1:\\d+ -> \\d+[\\s\\S]*){${count}}`), 30_000);
  } catch (e) {
    run.stop();
    throw e;
  }
  const ports = [...run.output().matchAll(/Forwarding from 127\.0\.0\.1:(\d+) -> \d+/g)].map((m) => Number(m[1]));
  return { ports, run };
}

describe('kubectl port-forward (pods/portforward)', () => {
  beforeAll(async () => {
    // 3 MB more than a window of SPDY data, to see flow control does not stall a transfer.
    await k('exec', 'echo', '--', 'sh', '-c', 'dd if=/dev/urandom of=/www/big bs=1024 count=3072 2>/dev/null');
  });

  const transports: [string, Record<string, string> | undefined][] = [
    ['over a WebSocket tunnel (kubectl 1.31+ default)', undefined],
    ['over a SPDY upgrade (the fallback)', { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }],
  ];
  for (const [how, env] of transports) {
    it(`forwards local ports to a declared and an undeclared pod port ${how}`, async () => {
      const { ports, run } = await kubectlPortForward(['-v=4', 'pod/echo', ':8000', ':8001'], 2, env);
      try {
        // kubectl logs the tunnel's negotiation at -v=4; without the tunnel it upgrades to SPDY.
        if (env) expect(run.output()).not.toMatch(/negotiated protocol/);
        else expect(run.output()).toMatch(/negotiated protocol: portforward\.k8s\.io/);
        expect(ports).toHaveLength(2);
        expect(await get(ports[0])).toBe('echo');
        expect(await get(ports[1])).toBe('echo');
        for (let i = 0; i < 10; i++) expect(await get(ports[i % 2])).toBe('echo'); // a stream pair per connection
        expect(await Promise.all([1, 2, 3, 4, 5].map(() => get(ports[0])))).toEqual(['echo', 'echo', 'echo', 'echo', 'echo']);
        const [big, again] = await Promise.all([getBytes(ports[0], '/big'), getBytes(ports[1], '/big')]);
        expect(big.length).toBe(3 * 1024 * 1024);
        expect(again.equals(big)).toBe(true);
      } finally {
        run.stop();
      }
    }, 90_000);
  }

  it('forwards to a Service (kubectl picks a pod behind it and its target port)', async () => {
    const { ports, run } = await kubectlPortForward(['service/echo', ':80'], 1);
    try {
      expect(await get(ports[0])).toBe('echo');
    } finally {
      run.stop();
    }
  }, 60_000);

  it('reports a port nothing listens on through kubectl, and a missing pod as kubectl does', async () => {
    const { ports, run } = await kubectlPortForward(['pod/echo', ':9'], 1);
    try {
      await expect(get(ports[0])).rejects.toThrow();
      await run.waitFor(/error forwarding port 9 to pod default\/echo, uid [0-9a-f-]+: .*(refused|ECONNREFUSED)/i, 20_000);
    } finally {
      run.stop();
    }
    const missing = await kubectl(c.kubeconfig, ['port-forward', 'pod/nope', ':80']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('pods "nope" not found');
  }, 60_000);
});

describe('the service proxy container', () => {
  it('comes back by itself when it is removed behind Pilothouse\'s back', async () => {
    const proxyContainers = async () => docker.listContainers({ filters: { label: ['pilothouse.role=service-proxy', `pilothouse.cluster=${c.cluster.credentials.clusterId}`] } });
    const [before] = await proxyContainers();
    expect(before).toBeDefined();
    await docker.getContainer(before.Id).remove({ force: true });
    const after = await eventually(async () => (await proxyContainers()).find((x) => x.Id !== before.Id && x.State === 'running'), 'a new service proxy container', 30_000);
    expect(after.Names[0]).toBe(before.Names[0]);
    const fwd = await startPortForward(c.cluster.client, c.cluster.proxy!, { kind: 'service', namespace: 'default', name: 'echo', port: 80 });
    try {
      await eventually(async () => (await get(fwd.localPort).catch(() => '')) === 'echo', 'the service answering through the new proxy', 30_000);
    } finally {
      fwd.close();
    }
  });
});

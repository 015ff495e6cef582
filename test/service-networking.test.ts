/**
 * Service networking on Docker nodes (issue: kube-proxy, DNS, ingress, LoadBalancer; "What must
 * be shown"): `pilothouse serve --nodes 2` with locally built images, the real kubectl, and HTTP
 * from the host to 127.0.0.1 only (NodePorts, LoadBalancers, ingress). In-cluster traffic is sent
 * from inside pods with `kubectl exec`.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { kubectlOk } from './support/kubectl.js';
import { CLI, startServe, type ServeProcess } from './support/serve-process.js';
import { eventually } from './support/in-process-cluster.js';
import { buildTestImages, clusterIdOf, removeClusterContainers, type TestImages } from './support/docker-images.js';

let images: TestImages;
let serve: ServeProcess;
const k = (...args: string[]) => kubectlOk(serve.kubeconfig, args);
const kIn = (input: unknown, ...args: string[]) => kubectlOk(serve.kubeconfig, args, typeof input === 'string' ? input : JSON.stringify(input));

/** One HTTP GET to 127.0.0.1:port; resolves with the status and body. */
function get(port: number, path = '/', headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function hostnames(port: number, count: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i++) seen.push((await get(port)).body.trim());
  return seen;
}

const webPods = async (): Promise<string[]> => JSON.parse(await k('get', 'pods', '-l', 'app=web', '-o', 'json')).items.map((p: { metadata: { name: string } }) => p.metadata.name);

function httpdDeployment(name: string, replicas: number) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 2,
          containers: [{
            name: 'httpd', image: images.busybox, imagePullPolicy: 'IfNotPresent',
            command: ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && touch /www/healthz && exec httpd -f -p 80 -h /www'],
            ports: [{ name: 'http', containerPort: 80 }],
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 1, failureThreshold: 1 },
          }],
        },
      },
    },
  };
}

beforeAll(async () => {
  images = await buildTestImages('service-networking');
  serve = await startServe({ args: ['--nodes', '2', '--sandbox-image', images.sandbox, '--addon-image', images.node, '--ingress-port', '0'], timeoutMs: 90_000 });
  await kIn(httpdDeployment('web', 3), 'apply', '-f', '-');
  await kIn({
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' },
    spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
  }, 'apply', '-f', '-');
  await k('rollout', 'status', 'deployment/web', '--timeout=90s');
  await kIn({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client' },
    spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: images.node, imagePullPolicy: 'Never', command: ['sleep', '100000'] }] },
  }, 'apply', '-f', '-');
  await k('wait', '--for=condition=Ready', 'pod/client', '--timeout=60s');
}, 240_000);

afterAll(async () => {
  await serve?.stop();
  if (serve) await removeClusterContainers(clusterIdOf(serve.dataDir));
  serve?.cleanup();
  await images?.remove();
});

describe('NodePort services from the host', () => {
  it('spreads 30 requests to 127.0.0.1:NODEPORT over all 3 pods, then only over the ready ones', async () => {
    const svc = JSON.parse(await k('get', 'service', 'web', '-o', 'json'));
    const nodePort: number = svc.spec.ports[0].nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    const pods = await webPods();
    expect(pods).toHaveLength(3);
    const first = await eventually(async () => {
      const seen = await hostnames(nodePort, 30);
      return new Set(seen).size === 3 ? seen : undefined;
    }, 'NodePort traffic reaching all 3 pods', 30_000);
    expect(new Set(first)).toEqual(new Set(pods));

    // One pod stops being ready: its readiness file goes away.
    const [unready] = pods;
    await k('exec', unready, '--', 'rm', '/www/healthz');
    await k('wait', '--for=condition=Ready=false', `pod/${unready}`, '--timeout=20s');
    // kube-proxy follows the EndpointSlice: new connections avoid the pod within 2 s.
    await new Promise((r) => setTimeout(r, 2000));
    const after = await hostnames(nodePort, 30);
    expect(new Set(after)).toEqual(new Set(pods.slice(1)));
    // Inside the cluster too: the service proxy got the new table, the ClusterIP avoids the pod.
    const ip = (await k('get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}')).trim();
    const inside = await k('exec', 'client', '--', 'sh', '-c', `for i in 1 2 3 4 5 6 7 8 9 10 11 12; do wget -qO- http://${ip}:8080/; done`);
    expect(new Set(inside.trim().split('\n').map((l) => l.trim()))).toEqual(new Set(pods.slice(1)));
    await k('exec', unready, '--', 'touch', '/www/healthz');
    await k('wait', '--for=condition=Ready', `pod/${unready}`, '--timeout=20s');
  });
});

describe('from inside a pod', () => {
  it('reaches the ClusterIP with port translation (8080 -> 80) and load balancing', async () => {
    const ip = (await k('get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}')).trim();
    const seen = new Set<string>();
    await eventually(async () => {
      const out = await k('exec', 'client', '--', 'sh', '-c', `for i in 1 2 3 4 5 6 7 8 9; do wget -qO- http://${ip}:8080/; done`);
      for (const line of out.trim().split('\n')) seen.add(line.trim());
      return seen.size === 3;
    }, 'ClusterIP traffic reaching all 3 pods', 30_000);
    expect(seen).toEqual(new Set(await webPods()));
  });

  it('gets the service-link variables and reaches the API server through the kubernetes Service with its token', async () => {
    const env = await k('exec', 'client', '--', 'env');
    expect(env).toMatch(/^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);
    expect(env).toMatch(/^WEB_SERVICE_PORT=8080$/m);
    const script = [
      "const fs=require('fs');const https=require('https');",
      "const dir='/var/run/secrets/kubernetes.io/serviceaccount/';",
      "const req=https.get({host:process.env.KUBERNETES_SERVICE_HOST,port:process.env.KUBERNETES_SERVICE_PORT,path:'/api/v1/namespaces/default/services/web',",
      "ca:fs.readFileSync(dir+'ca.crt'),servername:'kubernetes.default.svc',headers:{authorization:'Bearer '+fs.readFileSync(dir+'token','utf8')}},",
      "r=>{let b='';r.on('data',d=>b+=d);r.on('end',()=>{console.log(r.statusCode, JSON.parse(b).metadata.name)})});",
      "req.on('error',e=>{console.log('error',e.message);process.exit(1)});",
    ].join('');
    expect((await k('exec', 'client', '--', 'node', '-e', script)).trim()).toBe('200 web');
    // Its Endpoints name a real address: the service proxy relays it to the API server too.
    const ep = JSON.parse(await k('get', 'endpoints', 'kubernetes', '-o', 'json'));
    const { ip } = ep.subsets[0].addresses[0];
    const { port } = ep.subsets[0].ports[0];
    expect(ip).toMatch(/^10\.(10[0-3])\./);
    expect(await k('get', 'endpointslice', 'kubernetes', '-o', 'jsonpath={.endpoints[0].addresses[0]}')).toBe(ip);
    const direct = script.replace('host:process.env.KUBERNETES_SERVICE_HOST,port:process.env.KUBERNETES_SERVICE_PORT', `host:'${ip}',port:${port}`);
    expect((await k('exec', 'client', '--', 'node', '-e', direct)).trim()).toBe('200 web');
  });
});

const addonsCli = async (...args: string[]) => (await promisify(execFile)(process.execPath, [CLI, 'addons', ...args, '--kubeconfig', serve.kubeconfig])).stdout;

describe('cluster DNS add-on', () => {
  it('runs as a Deployment in kube-system behind the kube-dns Service', async () => {
    await k('rollout', 'status', '-n', 'kube-system', 'deployment/pilothouse-dns', '--timeout=60s');
    expect(await k('get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns')).toMatch(/pilothouse-dns-\S+\s+1\/1\s+Running/);
    expect(await k('get', 'service', '-n', 'kube-system', 'kube-dns')).toMatch(/kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP/);
  });

  it('resolves the full, namespaced and short service names from a pod, with port translation', async () => {
    const pods = new Set(await webPods());
    for (const host of ['web.default.svc.cluster.local', 'web.default', 'web']) {
      const body = await eventually(async () => {
        const out = await k('exec', 'client', '--', 'wget', '-qO-', `http://${host}:8080/`).catch(() => undefined);
        return out?.trim();
      }, `an answer from http://${host}:8080/`, 30_000);
      expect(pods.has(body)).toBe(true);
    }
    // Names outside the cluster go to the host's resolver; unknown cluster names fail fast.
    const missing = await k('exec', 'client', '--', 'sh', '-c', 'nslookup nothing-here.default.svc.cluster.local 10.96.0.10; echo rc=$?');
    expect(missing).toMatch(/NXDOMAIN/);
  });

  it('is listed, disabled and enabled again with pilothouse addons', async () => {
    expect(await addonsCli('list')).toMatch(/^dns\s+enabled\s+cluster DNS/m);
    expect(await addonsCli('disable', 'dns')).toMatch(/add-on dns disabled/);
    await eventually(async () => (await k('get', 'deployments', '-n', 'kube-system', '-o', 'name')).includes('pilothouse-dns') ? undefined : true, 'the DNS Deployment going away');
    expect(await addonsCli('list')).toMatch(/^dns\s+disabled/m);
    await addonsCli('enable', 'dns');
    await eventually(async () => (await k('get', 'deployments', '-n', 'kube-system', '-o', 'name')).includes('pilothouse-dns') || undefined, 'the DNS Deployment coming back');
    await k('rollout', 'status', '-n', 'kube-system', 'deployment/pilothouse-dns', '--timeout=60s');
    await expect(promisify(execFile)(process.execPath, [CLI, 'addons', 'enable', 'nope', '--kubeconfig', serve.kubeconfig])).rejects.toThrow(/unknown add-on "nope": choose one of dns, ingress, dashboard, metrics/);
  });
});

describe('ingress controller add-on', () => {
  it('routes a.localhost/ and b.localhost/api to two services, and answers unknown hosts with its 404', async () => {
    await kIn(httpdDeployment('api', 1), 'apply', '-f', '-');
    await kIn({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { selector: { app: 'api' }, ports: [{ port: 80, targetPort: 'http' }] } }, 'apply', '-f', '-');
    await k('rollout', 'status', 'deployment/api', '--timeout=60s');
    await kIn({
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'demo' },
      spec: {
        rules: [
          { host: 'a.localhost', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } }] } },
          { host: 'b.localhost', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } },
        ],
      },
    }, 'apply', '-f', '-');
    expect(await k('get', 'ingressclass')).toMatch(/pilothouse\s+pilothouse\.dev\/ingress-controller/);
    const lb = await eventually(async () => {
      const ing = JSON.parse(await k('get', 'ingress', 'demo', '-o', 'json'));
      return ing.status?.loadBalancer?.ingress?.[0] as { ip: string; ports: { port: number }[] } | undefined;
    }, 'the Ingress status', 20_000);
    expect(lb.ip).toBe('127.0.0.1');
    const port = lb.ports[0].port;
    const webPodsNow = new Set(await webPods());
    const a = await get(port, '/', { host: `a.localhost:${port}` });
    expect(a.status).toBe(200);
    expect(webPodsNow.has(a.body.trim())).toBe(true);
    // busybox httpd answers 404 for /api itself: the route reached the api pod when its 404 page is busybox's.
    await k('exec', 'deploy/api', '--', 'sh', '-c', 'mkdir -p /www/api && echo api-ok > /www/api/index.html');
    const b = await get(port, '/api/', { host: `b.localhost:${port}` });
    expect(b).toEqual({ status: 200, body: 'api-ok\n' });
    const unknown = await get(port, '/', { host: `nowhere.localhost:${port}`, accept: 'text/plain' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatch(/nowhere\.localhost/);
    const noRoute = await get(port, '/other', { host: `b.localhost:${port}`, accept: 'text/plain' });
    expect(noRoute.status).toBe(404);
  });
});

describe('LoadBalancer services (the local cloud provider)', () => {
  it('answers on 127.0.0.1 at the service port and reports that address', async () => {
    const port = await freePort();
    await kIn({
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-lb' },
      spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port, targetPort: 80 }] },
    }, 'apply', '-f', '-');
    const ingress = await eventually(async () => {
      const s = JSON.parse(await k('get', 'service', 'web-lb', '-o', 'json'));
      return s.status?.loadBalancer?.ingress?.[0]?.ip as string | undefined;
    }, 'the LoadBalancer address', 20_000);
    expect(ingress).toBe('127.0.0.1');
    expect(await k('get', 'service', 'web-lb')).toMatch(new RegExp(`web-lb\\s+LoadBalancer\\s+10\\.96\\.\\S+\\s+127\\.0\\.0\\.1\\s+${port}:3\\d{4}/TCP`));
    const pods = new Set(await webPods());
    expect(pods.has((await get(port)).body.trim())).toBe(true);
    await k('delete', 'service', 'web-lb');
    await eventually(async () => (await get(port).then(() => false, () => true)), 'the LoadBalancer port closing');
  });

  it('stays pending with a Warning event when the port is taken on the host', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await kIn({
        apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-blocked' },
        spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port, targetPort: 80 }] },
      }, 'apply', '-f', '-');
      const event = await eventually(async () => {
        const events = await k('get', 'events', '--field-selector', 'involvedObject.name=web-blocked,reason=SyncLoadBalancerFailed', '-o', 'jsonpath={.items[*].message}');
        return events.includes(`port ${port} on 127.0.0.1 is in use`) ? events : undefined;
      }, 'the SyncLoadBalancerFailed event', 20_000);
      expect(event).toContain('stays pending');
      expect(await k('get', 'service', 'web-blocked')).toMatch(/web-blocked\s+LoadBalancer\s+\S+\s+<pending>/);
    } finally {
      blocker.close();
    }
    // Once the port is free the service gets its address.
    await eventually(async () => {
      const s = JSON.parse(await k('get', 'service', 'web-blocked', '-o', 'json'));
      return s.status?.loadBalancer?.ingress?.[0]?.ip === '127.0.0.1';
    }, 'the LoadBalancer address after the port was freed', 20_000);
    await k('delete', 'service', 'web-blocked');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

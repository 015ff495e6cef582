/**
 * The ingress controller against a real in-process API server, with real HTTP on 127.0.0.1:
 * host and path routing, default backends, error pages, endpoints and named ports, live
 * changes, faithful proxying (headers, streamed bodies, keep-alive) and WebSocket upgrades.
 * Pods are echo servers behind fake pod IPs reached through `FakePodNetwork.dial`.
 */
import { Agent, createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestServer } from '../../apiserver/testing/in-process-server.js';
import { INGRESSES } from './ingress-status.js';
import { IngressController } from './ingress-controller.js';
import { echo, httpRequest } from './testing/http-client.js';
import { backend, createIngress, createService, ingressSpec, putSlice } from './testing/ingress-fixtures.js';
import { startIngressHarness, until, type IngressHarness } from './testing/ingress-harness.js';
import type { FakePodNetwork } from './testing/pod-network.js';

const NS = 'shop';
let h: IngressHarness;
let api: TestServer;
let pods: FakePodNetwork;
let port: number;

beforeAll(async () => {
  h = await startIngressHarness({
    namespace: NS,
    pods: [['10.100.0.5', 'a-1'], ['10.100.0.6', 'a-2'], ['10.100.0.7', 'b-1'], ['10.100.0.8', 'c-1'], ['10.100.0.9', 'metrics-1', 9091]],
    async prepare({ client: c }) {
      await createService(c, NS, 'web-a');
      await createService(c, NS, 'api-b', [{ name: 'http', port: 8000, targetPort: 8080 }]);
      await createService(c, NS, 'web-c');
      await putSlice(c, NS, 'web-a', [{ ip: '10.100.0.5' }, { ip: '10.100.0.6' }]);
      await putSlice(c, NS, 'api-b', [{ ip: '10.100.0.7' }]);
      await putSlice(c, NS, 'web-c', [{ ip: '10.100.0.8' }]);
    },
  });
  ({ api, pods, port } = h);
  await createIngress(api.client, NS, 'sites', ingressSpec({
    'a.localhost': [['/', 'Prefix', backend('web-a', 80)]],
    'b.localhost': [['/api', 'Prefix', backend('api-b', 'http')]],
    'exact.localhost': [['/exact', 'Exact', backend('web-a')], ['/', 'Prefix', backend('web-c')]],
    '*.apps.localhost': [['/', 'ImplementationSpecific', backend('web-c')]],
  }));
  await until(async () => (await httpRequest(port, 'a.localhost', '/')).status === 200, 'the first Ingress to be served');
});

afterAll(() => h?.close());

describe('IngressController routing', () => {
  it('routes a.localhost/ and b.localhost/api to two services', async () => {
    const a = await echo(port, `a.localhost:${port}`, '/hello?x=1');
    expect(a.status).toBe(200);
    expect(['a-1', 'a-2']).toContain(a.pod);
    expect(a.reply.url).toBe('/hello?x=1');
    const b = await echo(port, `B.LocalHost:${port}`, '/api/users');
    expect(b.pod).toBe('b-1');
    expect(b.reply.url).toBe('/api/users');
    expect((await httpRequest(port, 'b.localhost', '/apis')).status).toBe(404);
    expect((await httpRequest(port, 'b.localhost', '/')).status).toBe(404);
  });

  it('prefers an Exact path and matches Prefix by path element', async () => {
    expect((await echo(port, 'exact.localhost', '/exact')).pod).toMatch(/^a-/);
    expect((await echo(port, 'exact.localhost', '/exact/')).pod).toBe('c-1');
    expect((await echo(port, 'exact.localhost', '/exactly')).pod).toBe('c-1');
    expect((await echo(port, 'exact.localhost', '/exact?q=1')).pod).toMatch(/^a-/);
  });

  it('routes a wildcard host for exactly one label', async () => {
    expect((await echo(port, 'shop.apps.localhost', '/x')).pod).toBe('c-1');
    expect((await httpRequest(port, 'apps.localhost', '/x')).status).toBe(404);
    expect((await httpRequest(port, 'a.b.apps.localhost', '/x')).status).toBe(404);
  });

  it('answers an unknown host with a 404 page that lists the served hosts', async () => {
    const html = await httpRequest(port, 'nobody.localhost:9', '/x/y?z=1', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(html.status).toBe(404);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toContain('no Ingress rule matches host nobody.localhost path /x/y');
    expect(html.body).toContain('a.localhost');
    expect(html.body).toContain('*.apps.localhost');
    const text = await httpRequest(port, 'nobody.localhost', '/x', { headers: { accept: '*/*' } });
    expect(text.status).toBe(404);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.body).toMatch(/^404 Not Found: No Ingress rule matches\n/);
    expect(text.body).toContain('Hosts served: *.apps.localhost, a.localhost, b.localhost, exact.localhost');
    const head = await httpRequest(port, 'nobody.localhost', '/x', { method: 'HEAD' });
    expect(head.status).toBe(404);
    expect(head.body).toBe('');
  });

  it('sends what no rule matches to a default backend, and stops when that Ingress goes', async () => {
    await createIngress(api.client, NS, 'fallback', { defaultBackend: backend('web-c') });
    expect((await until(async () => (await echo(port, 'nobody.localhost', '/x').catch(() => undefined))?.pod, 'the default backend')))
      .toBe('c-1');
    expect((await echo(port, 'a.localhost', '/')).pod).toMatch(/^a-/); // rules still win
    await api.client.delete(INGRESSES, NS, 'fallback');
    await until(async () => (await httpRequest(port, 'nobody.localhost', '/x')).status === 404, 'the 404 page again');
  });

  it('answers 503 for a missing service, a port it does not have, and no ready endpoints', async () => {
    await createService(api.client, NS, 'empty');
    await putSlice(api.client, NS, 'empty', [{ ip: '10.100.0.5', ready: false }]);
    await createIngress(api.client, NS, 'broken', ingressSpec({
      'broken.localhost': [
        ['/missing', 'Prefix', backend('nope')],
        ['/port', 'Prefix', backend('web-a', 9999)],
        ['/empty', 'Prefix', backend('empty')],
        ['/named', 'Prefix', backend('web-a', 'grpc')],
      ],
    }));
    const missing = await until(async () => {
      const r = await httpRequest(port, 'broken.localhost', '/missing');
      return r.status === 503 && r;
    }, 'the broken Ingress');
    expect(missing.body).toContain('service shop/nope does not exist');
    const wrongPort = await httpRequest(port, 'broken.localhost', '/port');
    expect(wrongPort.status).toBe(503);
    expect(wrongPort.body).toContain('port 9999 is not a port of service shop/web-a; its ports are: http (80)');
    expect((await httpRequest(port, 'broken.localhost', '/named')).body).toContain('port grpc is not a port of service shop/web-a');
    const empty = await httpRequest(port, 'broken.localhost', '/empty', { headers: { accept: 'text/html' } });
    expect(empty.status).toBe(503);
    expect(empty.body).toContain('service shop/empty has no ready endpoints');
    expect(empty.body).toContain('Matched broken.localhost/empty (Prefix) of Ingress shop/broken.');
  });

  it('answers 501 for a resource backend', async () => {
    await createIngress(api.client, NS, 'resource', ingressSpec({
      'resource.localhost': [['/', 'Prefix', { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'assets' } }]],
    }));
    const r = await until(async () => {
      const a = await httpRequest(port, 'resource.localhost', '/');
      return a.status === 501 && a;
    }, 'the resource backend answer');
    expect(r.body).toContain('StorageBucket.k8s.example.com shop/assets');
  });

  it('dials the target port of a named service port', async () => {
    await createService(api.client, NS, 'multi', [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9090, targetPort: 9091 }]);
    await putSlice(api.client, NS, 'multi', [{ ip: '10.100.0.9' }], [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9091 }]);
    await createIngress(api.client, NS, 'multi', ingressSpec({
      'metrics.localhost': [['/by-name', 'Prefix', backend('multi', 'metrics')], ['/by-number', 'Prefix', backend('multi', 9090)]],
    }));
    const byName = await until(() => echo(port, 'metrics.localhost', '/by-name').catch(() => undefined), 'the named port');
    expect(byName.pod).toBe('metrics-1');
    expect((await echo(port, 'metrics.localhost', '/by-number')).pod).toBe('metrics-1');
    expect(pods.dials).toContain('10.100.0.9:9091');
    expect(pods.dials).not.toContain('10.100.0.9:8080');
  });

  it('balances round robin and follows endpoints as they change', async () => {
    await createService(api.client, NS, 'live');
    await putSlice(api.client, NS, 'live', [{ ip: '10.100.0.5' }, { ip: '10.100.0.6' }]);
    await createIngress(api.client, NS, 'live', ingressSpec({ 'live.localhost': [['/', 'Prefix', backend('live')]] }));
    await until(() => echo(port, 'live.localhost', '/').catch(() => undefined), 'the live Ingress');
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push((await echo(port, 'live.localhost', '/')).pod);
    expect(seen[0]).not.toBe(seen[1]);
    expect(seen[0]).toBe(seen[2]);
    expect(new Set(seen)).toEqual(new Set(['a-1', 'a-2']));

    await putSlice(api.client, NS, 'live', [{ ip: '10.100.0.7' }]);
    await until(async () => (await echo(port, 'live.localhost', '/')).pod === 'b-1', 'the new endpoint');
    await putSlice(api.client, NS, 'live', [{ ip: '10.100.0.7', ready: false }]);
    await until(async () => (await httpRequest(port, 'live.localhost', '/')).status === 503, 'no ready endpoints');
  });

  it('answers 502 naming the pod when it cannot be reached, and tries the next pod first', async () => {
    await createService(api.client, NS, 'dead');
    await putSlice(api.client, NS, 'dead', [{ ip: '10.100.0.99' }]);
    await createIngress(api.client, NS, 'dead', ingressSpec({ 'dead.localhost': [['/', 'Prefix', backend('dead')]] }));
    const r = await until(async () => {
      const a = await httpRequest(port, 'dead.localhost', '/');
      return a.status === 502 && a;
    }, 'a 502');
    expect(r.body).toContain('Could not connect to service shop/dead:80');
    expect(r.body).toContain('10.100.0.99:8080: connect ECONNREFUSED 10.100.0.99:8080');

    await putSlice(api.client, NS, 'dead', [{ ip: '10.100.0.99' }, { ip: '10.100.0.8' }]);
    await until(async () => (await httpRequest(port, 'dead.localhost', '/')).status === 200, 'the reachable pod');
    for (let i = 0; i < 4; i++) expect((await echo(port, 'dead.localhost', '/')).pod).toBe('c-1');
  });
});

describe('IngressController proxying', () => {
  it('passes method, target, headers and bodies, and adds X-Forwarded-*', async () => {
    const r = await echo(port, `a.localhost:${port}`, '/submit?x=1&y=2', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-custom': 'kept', 'x-forwarded-for': '203.0.113.9', connection: 'keep-alive, x-drop-me', 'x-drop-me': 'hop' },
      body: ['first ', 'second ', 'third'],
    });
    expect(r.reply.method).toBe('POST');
    expect(r.reply.url).toBe('/submit?x=1&y=2');
    expect(r.reply.body).toBe('first second third');
    expect(r.reply.headers['transfer-encoding']).toBe('chunked');
    expect(r.reply.headers).toMatchObject({
      host: `a.localhost:${port}`,
      'x-custom': 'kept',
      'x-forwarded-for': '203.0.113.9, 127.0.0.1',
      'x-real-ip': '127.0.0.1',
      'x-forwarded-host': `a.localhost:${port}`,
      'x-forwarded-port': String(port),
      'x-forwarded-proto': 'http',
    });
    expect(r.reply.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(r.reply.headers['x-drop-me']).toBeUndefined();
    expect(r.answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(r.answer.headers['x-pod']).toBe(r.pod);

    const absolute = await echo(port, 'a.localhost', 'http://a.localhost/abs?x=1');
    expect(absolute.reply.url).toBe('/abs?x=1');
    const withId = await echo(port, 'a.localhost', '/', { headers: { 'x-request-id': 'mine' } });
    expect(withId.reply.headers['x-request-id']).toBe('mine');
    const bodiless = await echo(port, 'a.localhost', '/', { method: 'POST' });
    expect(bodiless.reply.headers['content-length']).toBe('0');
    expect(bodiless.reply.headers['transfer-encoding']).toBeUndefined();
    const sized = await echo(port, 'a.localhost', '/', { method: 'PUT', body: 'x'.repeat(100_000) });
    expect(sized.reply.body.length).toBe(100_000);
    expect(sized.reply.headers['content-length']).toBe('100000');
  });

  it('streams a chunked response and keeps the client connection alive', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await httpRequest(port, 'a.localhost', '/stream?chunks=5', { agent });
      expect(first.status).toBe(200);
      expect(first.headers['transfer-encoding']).toBe('chunked');
      expect(first.body.split('\n').filter(Boolean)).toHaveLength(5);
      expect(first.body).toMatch(/^part 0 from a-\d\npart 1 from/);
      const second = await httpRequest(port, 'b.localhost', '/api', { agent });
      expect(second.status).toBe(200);
      expect(second.reusedSocket).toBe(true);
      const third = await httpRequest(port, 'nobody.localhost', '/', { agent });
      expect(third.status).toBe(404);
      expect(third.reusedSocket).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('passes WebSocket upgrades through to the pod', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/socket`, { headers: { host: `b.localhost:${port}` } });
    const replies: string[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => ws.send('hello'));
      ws.on('message', (m) => {
        replies.push(String(m));
        if (replies.length === 1) ws.send('again');
        else resolve();
      });
      ws.on('error', reject);
    });
    ws.close();
    expect(replies).toEqual(['b-1: hello', 'b-1: again']);
  });

  it('answers 502 when the pod hangs up before answering', async () => {
    const r = await httpRequest(port, 'b.localhost', '/api/hangup', { headers: { accept: 'text/plain' } });
    expect(r.status).toBe(502);
    expect(r.body).toContain('The connection to pod 10.100.0.7:8080 of service shop/api-b:8000 failed before it answered');
    expect((await echo(port, 'b.localhost', '/api')).pod).toBe('b-1'); // and the next request is fine
  });

  it('answers 504 when the pod does not answer a request or an upgrade in time', async () => {
    const impatient = new IngressController({ client: api.client, dial: pods.dial, port: 0, responseTimeoutMs: 300 });
    try {
      const { port: p } = await impatient.start();
      await until(async () => (await httpRequest(p, 'a.localhost', '/')).status === 200, 'the impatient controller');
      const started = Date.now();
      const r = await httpRequest(p, 'a.localhost', '/silent');
      expect(r.status).toBe(504);
      expect(r.body).toMatch(/Pod 10\.100\.0\.[56]:8080 of service shop\/web-a:80 accepted the connection but sent no response within 0\.3 s/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      const slowUpload = await echo(p, 'a.localhost', '/upload', { method: 'POST', body: ['a', 'b', 'c', 'd'], chunkDelayMs: 150 });
      expect(slowUpload.reply.body).toBe('abcd'); // the clock starts once the request is sent
      const ws = new WebSocket(`ws://127.0.0.1:${p}/silent`, { headers: { host: 'a.localhost' } });
      const status = await new Promise<number>((resolve, reject) => {
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => reject(new Error('the upgrade should have timed out')));
        ws.on('error', () => {});
      });
      ws.terminate();
      expect(status).toBe(504);
    } finally {
      await impatient.stop();
    }
  });

  it('works as well with a dialer that hands out net.Socket', async () => {
    const other = new IngressController({ client: api.client, dial: pods.dialSocket, port: 0 });
    try {
      const { port: otherPort } = await other.start();
      const r = await until(() => echo(otherPort, 'b.localhost', '/api/x', { method: 'POST', body: 'over a socket' }).catch(() => undefined), 'the second controller');
      expect(r.pod).toBe('b-1');
      expect(r.reply.body).toBe('over a socket');
    } finally {
      await other.stop();
    }
  });

  it('relays a pod\'s refusal of an upgrade and closes the connection', async () => {
    const socket = connect(port, '127.0.0.1');
    socket.write('GET /api/x HTTP/1.1\r\nHost: b.localhost\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n');
    const raw = await new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/\r\nConnection: close\r\n/);
  });

  it('refuses an upgrade that no rule matches with the 404 page', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/x`, { headers: { host: 'nobody.localhost' } });
    const status = await new Promise<number>((resolve, reject) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('the upgrade should have been refused')));
      ws.on('error', () => {});
    });
    ws.terminate();
    expect(status).toBe(404);
  });
});

describe('IngressController listening', () => {
  it('rejects a port in use with an error that names it', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    const second = new IngressController({ client: api.client, dial: pods.dial, port: taken });
    try {
      await expect(second.start()).rejects.toThrow(new RegExp(`port ${taken} on 127\\.0\\.0\\.1 is already in use.*another port`));
    } finally {
      await second.stop();
      await new Promise((r) => blocker.close(r));
    }
  });

  it('gives up starting when stopped meanwhile, and closes its port', async () => {
    const early = new IngressController({ client: api.client, dial: pods.dial, port: 0 });
    const starting = early.start();
    await early.stop();
    await expect(starting).rejects.toThrow(/stopped before it finished starting/);
  });

  it('rejects options it cannot use', () => {
    expect(() => new IngressController({ client: api.client, dial: pods.dial, port: 70000 })).toThrow(/port must be an integer/);
  });
});

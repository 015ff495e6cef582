import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApplyResponse, WatchEvent } from '../../shared/ipc/resource-types.js';
import type { ClusterInfo } from '../../shared/ipc/operation-types.js';
import { unwrap } from '../../shared/ipc/envelope.js';
import { createWsClient, type WsClient } from '../../shared/ipc/ws-client.js';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../shared/ipc/wire.js';
import { eventually } from '../../../test/support/in-process-cluster.js';
import { startCockpit, type CockpitFixture } from '../cockpit/testing/cockpit-fixture.js';
import { startDashboard, type DashboardHandle } from './dashboard-server.js';
import { loadOrCreateDashboardToken } from './dashboard-token.js';

let f: CockpitFixture;
let dash: DashboardHandle;
let dir: string;
let token: string;
let origin: string;

beforeAll(async () => {
  f = await startCockpit(1);
  dir = mkdtempSync(join(tmpdir(), 'pilothouse-dashboard-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Pilothouse</title>');
  token = loadOrCreateDashboardToken(dir);
  dash = await startDashboard({ cockpit: f.cockpit, token, staticRoot: dir, port: 0 });
  origin = `http://127.0.0.1:${dash.port}`;
}, 60_000);
afterAll(async () => {
  await dash?.close();
  await f?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Tries a WebSocket upgrade; resolves with the HTTP status of a refusal, or 101. */
function upgradeStatus(protocols: string[], headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${dash.port}/ws`, protocols, { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', () => {});
  });
}

function get(path: string, host?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: dash.port, path, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function client(): WsClient {
  return createWsClient({
    url: `ws://127.0.0.1:${dash.port}/ws`,
    token,
    socket: (url, protocols) => new WebSocket(url, protocols, { origin }) as never,
  });
}

describe('dashboard server', () => {
  it('prints a signed-in URL and keeps the token in a 0600 file', () => {
    expect(dash.url).toBe(`http://127.0.0.1:${dash.port}/#token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(join(dir, 'dashboard-token')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateDashboardToken(dir)).toBe(token);
  });

  it('serves the renderer with a strict CSP, and refuses foreign Host headers', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Pilothouse</title>');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await get('/pods/default/web')).body).toContain('<title>Pilothouse</title>');
    expect((await get('/missing.js')).status).toBe(404);
    expect((await get('/../../etc/passwd')).body).not.toContain('root:');
    expect((await get('/', `evil.example:${dash.port}`)).status).toBe(421);
  });

  it('refuses WebSockets without the token, with a wrong token, or from a foreign Origin', async () => {
    expect(await upgradeStatus([WS_PROTOCOL], { origin })).toMatchObject({ status: 401, body: expect.stringContaining('token required') });
    expect(await upgradeStatus([WS_PROTOCOL, `${WS_TOKEN_PREFIX}${token.slice(1)}x`], { origin })).toMatchObject({ status: 401, body: expect.stringContaining('wrong dashboard token') });
    expect(await upgradeStatus([WS_PROTOCOL, WS_TOKEN_PREFIX + token], { origin: 'http://evil.example' })).toMatchObject({ status: 403 });
    expect(await upgradeStatus([WS_PROTOCOL, WS_TOKEN_PREFIX + token], { origin })).toMatchObject({ status: 101 });
  });

  it('answers calls over the WebSocket client, including unknown channels and bad requests', async () => {
    const api = client();
    try {
      const info = unwrap(await api.call('cluster:info', {})) as ClusterInfo;
      expect(info).toMatchObject({ mode: 'dashboard', apiUrl: f.env.cluster.url, nodes: { total: 1, simulated: 1 } });
      expect(await api.call('nodes:frobnicate' as 'cluster:info', {})).toMatchObject({ ok: false, error: { code: 'UnknownChannel' } });
      expect(await api.call('workloads:scale', { kind: 'Deployment', namespace: 'default', name: 'x', replicas: -1 }))
        .toEqual({ ok: false, error: { code: 'BadRequest', message: 'workloads:scale: request.replicas: must be >= 0, got -1' } });
    } finally {
      api.close();
    }
  });

  it('delivers watch events, and apply reports the server error with its field', async () => {
    const api = client();
    try {
      const events: WatchEvent[] = [];
      let wake = () => {};
      const until = async (match: () => boolean, what: string) => {
        const deadline = Date.now() + 15_000;
        while (!match()) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(events).slice(0, 300)}`);
          await new Promise<void>((r) => { wake = r; setTimeout(r, 500); });
        }
      };
      const stop = api.subscribe('resources:watch', { apiVersion: 'v1', resource: 'configmaps', namespace: 'default' }, (e) => { events.push(e); wake(); });
      await until(() => events.some((e) => e.type === 'sync'), 'sync');
      const applied = unwrap(await api.call('resources:apply', { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: over-ws\ndata:\n  k: v\n' })) as ApplyResponse;
      expect(applied.results[0].action).toBe('created');
      await until(() => events.some((e) => e.type === 'changes' && e.changes.some((c) => c.type === 'ADDED' && (c.object as { metadata?: { name?: string } }).metadata?.name === 'over-ws')), 'ADDED over-ws');
      stop();

      const bad = unwrap(await api.call('resources:apply', {
        yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: bad-svc\nspec:\n  ports:\n  - port: 99999\n',
      })) as ApplyResponse;
      expect(bad.ok).toBe(false);
      const error = bad.results[0].error!;
      expect(error.reason).toBe('Invalid');
      expect(error.causes.map((c) => c.field)).toContain('spec.ports[0].port');
      expect(error.causes.find((c) => c.field === 'spec.ports[0].port')?.line).toBe(7);
    } finally {
      api.close();
    }
  });

  it('closes a connection that does not speak the protocol (1008)', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${dash.port}/ws`, [WS_PROTOCOL, WS_TOKEN_PREFIX + token], { origin });
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<[number, string]>((r) => ws.once('close', (code, reason) => r([code, reason.toString()])));
    ws.send('this is not JSON');
    expect(await closed).toEqual([1008, 'messages must be JSON']);
  });

  it('ends every stream of a connection when the browser goes away', async () => {
    const api = client();
    let closedWith: unknown = 'open';
    const before = f.cockpit.activeSubscriptions;
    api.subscribe('resources:watch', { apiVersion: 'v1', resource: 'pods' }, () => {}, (e) => (closedWith = e));
    api.subscribe('resources:watch', { apiVersion: 'v1', resource: 'nodes' }, () => {});
    unwrap(await api.call('cluster:info', {})); // answered after both subscriptions reached the server
    expect(f.cockpit.activeSubscriptions).toBe(before + 2);
    api.close();
    await eventually(async () => f.cockpit.activeSubscriptions === before, 'the server to stop the closed connection\'s watches', 5000, 20);
    expect(closedWith).toBe('open'); // closing on purpose is not reported to the view as an error
  });
});

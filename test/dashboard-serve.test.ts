/**
 * `pilothouse serve` as a user runs it: one `Dashboard: ` line with a signed-in 127.0.0.1 URL,
 * the built renderer behind it, the contract over the token-protected WebSocket, a stable token
 * in the data directory (0600), `--dashboard-port` and `--no-dashboard`.
 */
import { statSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWsClient } from '../src/shared/ipc/ws-client.js';
import { unwrap } from '../src/shared/ipc/envelope.js';
import type { ClusterInfo } from '../src/shared/ipc/operation-types.js';
import { WS_PROTOCOL } from '../src/shared/ipc/wire.js';
import { eventually } from './support/in-process-cluster.js';
import { startServe, type ServeProcess } from './support/serve-process.js';
import { kubectlOk } from './support/kubectl.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function dashboardLine(serve: ServeProcess): Promise<string> {
  return eventually(async () => /^Dashboard: .*$/m.exec(serve.output())?.[0], 'the Dashboard line', 30_000, 50);
}

describe('pilothouse serve: dashboard', () => {
  let serve: ServeProcess;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    serve = await startServe({ args: ['--simulated-nodes', '1', '--store', 'memory', '--dashboard-port', String(port)] });
  });
  afterAll(async () => {
    await serve?.stop();
    serve?.cleanup();
  });

  it('prints exactly one Dashboard line with a signed-in URL on 127.0.0.1', async () => {
    const line = await dashboardLine(serve);
    const token = readFileSync(join(serve.dataDir, 'dashboard-token'), 'utf8').trim();
    expect(line).toBe(`Dashboard: http://127.0.0.1:${port}/#token=${token}`);
    expect(serve.output().match(/^Dashboard: /gm)).toHaveLength(1);
    expect(serve.output()).not.toContain('No dashboard');
    expect(statSync(join(serve.dataDir, 'dashboard-token')).mode & 0o777).toBe(0o600);
  });

  it('serves the built renderer', async () => {
    await dashboardLine(serve);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<div id="app">');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? /src="\.?(\/?assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, html).toBeDefined();
    const asset = await fetch(`http://127.0.0.1:${port}/${script!.replace(/^\//, '')}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
  });

  it('speaks the contract over the WebSocket with the token, and refuses it without', async () => {
    const line = await dashboardLine(serve);
    const token = new URL(line.slice('Dashboard: '.length)).hash.replace('#token=', '');
    const origin = `http://127.0.0.1:${port}`;
    const api = createWsClient({ url: `ws://127.0.0.1:${port}/ws`, token, socket: (url, protocols) => new WebSocket(url, protocols, { origin }) as never });
    try {
      const info = unwrap(await api.call('cluster:info', {})) as ClusterInfo;
      expect(info).toMatchObject({ mode: 'dashboard', apiUrl: serve.url, dataDir: serve.dataDir, kubeconfigPath: serve.kubeconfig });
      expect(info.kubectlCommand).toBe(`kubectl --kubeconfig ${serve.kubeconfig} get nodes`);
    } finally {
      api.close();
    }
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, [WS_PROTOCOL], { origin });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => {});
    });
    expect(status).toBe(401);
  });

  it('follows the dashboard add-on: stopped when disabled, served again on the same port when enabled', async () => {
    const line = await dashboardLine(serve);
    const token = new URL(line.slice('Dashboard: '.length)).hash.replace('#token=', '');
    const origin = `http://127.0.0.1:${port}`;
    const api = createWsClient({ url: `ws://127.0.0.1:${port}/ws`, token, socket: (url, protocols) => new WebSocket(url, protocols, { origin }) as never });
    const set = unwrap(await api.call('addons:set', { name: 'dashboard', enabled: false })) as { addons: { name: string; enabled: boolean }[] };
    api.close();
    expect(set.addons.find((a) => a.name === 'dashboard')?.enabled).toBe(false);
    await eventually(async () => serve.output().includes('Dashboard stopped: the dashboard add-on was disabled'), 'the dashboard to stop', 15_000, 50);
    await expect(fetch(`${origin}/`)).rejects.toThrow();
    await kubectlOk(serve.kubeconfig, ['-n', 'kube-system', 'patch', 'configmap', 'pilothouse-addons', '--type', 'merge', '-p', '{"data":{"dashboard":"enabled"}}']);
    await eventually(async () => (serve.output().match(/^Dashboard: /gm) ?? []).length === 2, 'a second Dashboard line', 15_000, 50);
    expect(serve.output().match(/^Dashboard: .*$/gm)![1]).toBe(line);
    expect((await fetch(`${origin}/`)).status).toBe(200);
  });

  it('keeps the same token across a restart on the same data directory, and --no-dashboard serves none', async () => {
    const first = await dashboardLine(serve);
    await serve.stop();
    const again = await startServe({ dataDir: serve.dataDir, args: ['--store', 'memory', '--dashboard-port', '0'] });
    try {
      const line = await dashboardLine(again);
      expect(new URL(line.slice(11)).hash).toBe(new URL(first.slice(11)).hash);
    } finally {
      await again.stop();
    }
    const none = await startServe({ dataDir: serve.dataDir, args: ['--store', 'memory', '--no-dashboard'] });
    try {
      await eventually(async () => none.output().includes('Try: kubectl'), 'serve to be up');
      expect(none.output()).not.toContain('Dashboard:');
    } finally {
      await none.stop();
    }
  });
});

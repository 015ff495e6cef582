/**
 * The kubelet HTTPS server reached through `RemoteNodeConnection` (the API server's side): logs,
 * follow, exec over WebSocket with exit codes and stdin, stats summary, errors carried as Status,
 * and mutual TLS refusing strangers both ways.
 */
import { get, type RequestOptions } from 'node:https';
import { get as plainGet } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueCertificate, type PemPair } from '../../pki/certificates.js';
import { SimulatedRuntime } from '../../runtime/simulated/simulated-runtime.js';
import type { ExecSession } from '../../runtime/types.js';
import { issueKubeletClientCredentials, issueKubeletServingCertificate, type KubeletClientCredentials } from '../../apiserver/node-proxy/kubelet-certificates.js';
import { RemoteNodeConnection } from '../../apiserver/node-proxy/remote-node.js';
import { ManualClock } from '../clock.js';
import { KubeletStreaming } from './kubelet-streaming.js';
import { startKubeletServer, type KubeletServerHandle } from './kubelet-server.js';
import type { ContainerLogOptions } from './streaming.js';
import { FakeStreamingNode } from './testing/fake-node.js';

const LOGS: ContainerLogOptions = { follow: false, previous: false, timestamps: false };
const EXEC = { tty: false, stdin: false, stdout: true, stderr: true };

let ca: PemPair;
let credentials: KubeletClientCredentials;
let server: KubeletServerHandle;
let clock: ManualClock;
let node: FakeStreamingNode;
let remote: RemoteNodeConnection;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

async function run(session: ExecSession, input?: string): Promise<{ out: string; code: number }> {
  if (input !== undefined) session.stdin!.end(input);
  const [out, code] = await Promise.all([readAll(session.stdout), session.exitCode]);
  return { out, code };
}

beforeAll(async () => {
  ca = await createCertificateAuthority('test-ca');
  credentials = await issueKubeletClientCredentials(ca);
  clock = new ManualClock();
  node = new FakeStreamingNode('node-a', new SimulatedRuntime({ clock }));
  await node.runPod('web', ['app', 'side']);
  node.addPendingPod('pending', ['app']);
  await clock.advance(2_000);
  server = await startKubeletServer({
    streaming: new KubeletStreaming(node, clock),
    port: 0,
    tls: await issueKubeletServingCertificate(ca, 'node-a', ['127.0.0.1']),
    clientCa: ca.cert,
  });
  remote = new RemoteNodeConnection('node-a', { host: '127.0.0.1', port: server.port }, credentials);
});

afterAll(async () => {
  remote?.close();
  await server?.close();
});

describe('kubelet server through a remote node connection', () => {
  it('binds to 127.0.0.1 by default', () => {
    expect(server.host).toBe('127.0.0.1');
  });

  it('serves container logs with their options', async () => {
    expect(await readAll(await remote.logs('default', 'web', 'side', LOGS))).toBe(
      'simulated container side started\n' + 'simulated container side running\n'.repeat(2),
    );
    expect(await readAll(await remote.logs('default', 'web', 'app', { ...LOGS, tailLines: 1, timestamps: true }))).toMatch(
      /^2026-01-01T00:00:02\.000000000Z simulated container app running\n$/,
    );
  });

  it('streams a followed log as the container writes it', async () => {
    const stream = await remote.logs('default', 'web', 'app', { ...LOGS, follow: true, tailLines: 0 });
    let got = '';
    stream.on('data', (c) => (got += String(c)));
    await clock.advance(1_000);
    await expect.poll(() => got).toBe('simulated container app running\n');
    (stream as unknown as { destroy(): void }).destroy();
  });

  it('carries the kubelet errors as Status', async () => {
    await expect(remote.logs('default', 'pending', 'app', LOGS)).rejects.toMatchObject({
      code: 400, status: { reason: 'BadRequest', message: 'container "app" in pod "pending" is waiting to start: ContainerCreating' },
    });
    await expect(remote.logs('default', 'web', 'app', { ...LOGS, previous: true })).rejects.toMatchObject({
      code: 400, message: 'previous terminated container "app" in pod "web" not found',
    });
    await expect(remote.exec('default', 'pending', 'app', ['true'], EXEC)).rejects.toMatchObject({ code: 400, message: 'container not found ("app")' });
    await expect(remote.exec('default', 'gone', 'app', ['true'], EXEC)).rejects.toMatchObject({ code: 404, message: 'pod does not exist' });
  });

  it('execs over WebSocket: output, exit codes and stdin', async () => {
    expect(await run(await remote.exec('default', 'web', 'app', ['hostname'], EXEC))).toEqual({ out: 'web\n', code: 0 });
    expect(await run(await remote.exec('default', 'web', 'app', ['false'], EXEC))).toEqual({ out: '', code: 1 });
    const echo = await remote.exec('default', 'web', 'app', ['cat'], { ...EXEC, stdin: true });
    expect(await run(echo, 'one\ntwo\n')).toEqual({ out: 'one\ntwo\n', code: 0 });
  });

  it('serves the stats summary', async () => {
    const summary = await remote.summary();
    expect(summary.node.nodeName).toBe('node-a');
    expect(summary.pods.map((p) => p.podRef.name)).toEqual(['web']);
    expect(summary.pods[0].containers.map((c) => c.name).sort()).toEqual(['app', 'side']);
  });
});

describe('kubelet server authentication', () => {
  const status = (options: RequestOptions) =>
    new Promise<number>((resolve, reject) => get(options, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject));

  it('refuses clients without a certificate from the cluster CA', async () => {
    await expect(status({ host: '127.0.0.1', port: server.port, path: '/healthz', ca: ca.cert })).rejects.toThrow();
    const other = await createCertificateAuthority('other-ca');
    const stranger = await issueCertificate({ ca: other, commonName: 'pilothouse:apiserver-kubelet-client', dnsNames: [], ips: [], client: true });
    await expect(status({ host: '127.0.0.1', port: server.port, path: '/healthz', ca: ca.cert, ...stranger })).rejects.toThrow();
  });

  it('answers 403 to a cluster certificate that is not the API server', async () => {
    const user = await issueCertificate({ ca, commonName: 'someone', dnsNames: [], ips: [], client: true });
    const checkServerIdentity = () => undefined;
    expect(await status({ host: '127.0.0.1', port: server.port, path: '/stats/summary', ca: ca.cert, ...user, checkServerIdentity })).toBe(403);
    expect(await status({ host: '127.0.0.1', port: server.port, path: '/healthz', ca: ca.cert, cert: credentials.cert, key: credentials.key, checkServerIdentity })).toBe(200);
  });

  it('has no plaintext listener', async () => {
    await expect(new Promise((resolve, reject) => plainGet({ host: '127.0.0.1', port: server.port, path: '/healthz' }, resolve).on('error', reject))).rejects.toThrow();
  });

  it('is not trusted by the API server as another node', async () => {
    const impostor = new RemoteNodeConnection('node-b', { host: '127.0.0.1', port: server.port }, credentials);
    try {
      await expect(impostor.summary()).rejects.toMatchObject({ code: 503, message: expect.stringContaining('not "system:node:node-b"') });
      await expect(impostor.exec('default', 'web', 'app', ['true'], EXEC)).rejects.toMatchObject({ code: 503 });
    } finally {
      impostor.close();
    }
  });
});

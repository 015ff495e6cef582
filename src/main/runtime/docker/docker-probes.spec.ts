/** DockerRuntime probes against the real engine: exec in the container, httpGet and tcpSocket from inside the pod's sandbox. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerTestEnv, dockerAvailable, type DockerTestEnv } from '../testing/docker-test-env.js';
import { buildToollessSandboxImage } from '../testing/images.js';
import { eventually, testContainerConfig, testSandboxConfig } from '../testing/pod-configs.js';
import { canRunProbes, type RuntimeProbeRequest } from '../types.js';
import type { DockerRuntime } from './docker-runtime.js';

const available = await dockerAvailable();

const SERVE = 'mkdir -p /www && echo ok > /www/healthz && (nc -l -p 9090 -e sleep 100 &) && exec httpd -f -p 8080 -h /www';

function http(port: number, path = '/healthz', timeoutSeconds = 1): RuntimeProbeRequest {
  return { kind: 'readiness', httpGet: { port, path, scheme: 'HTTP', headers: [{ name: 'X-Probe', value: 'yes' }] }, timeoutSeconds };
}
function tcp(port: number): RuntimeProbeRequest {
  return { kind: 'liveness', tcpSocket: { port }, timeoutSeconds: 1 };
}
function exec(command: string[], timeoutSeconds = 2): RuntimeProbeRequest {
  return { kind: 'startup', exec: { command }, timeoutSeconds };
}

describe.skipIf(!available)('DockerRuntime: probes', { timeout: 30_000 }, () => {
  let env: DockerTestEnv;
  let rt: DockerRuntime;
  let app: string;

  async function startServer(runtime: DockerRuntime, podName: string): Promise<string> {
    const pod = testSandboxConfig(env.node, podName);
    const sandbox = await runtime.runPodSandbox(pod);
    const id = await runtime.createContainer(sandbox.id, testContainerConfig(pod, 'app', env.images.busybox, { command: ['sh', '-c', SERVE] }));
    await runtime.startContainer(id);
    return id;
  }

  beforeAll(async () => {
    env = await createDockerTestEnv('probes');
    rt = env.runtime();
    expect(canRunProbes(rt)).toBe(true);
    app = await startServer(rt, 'probed');
    await eventually(async () => ((await rt.runProbe(app, http(8080))).result === 'success' ? true : undefined), 5000, 'httpd up');
  }, 60_000);
  afterAll(async () => env?.cleanup(), 60_000);

  it('runs httpGet probes inside the pod network', async () => {
    expect(await rt.runProbe(app, http(8080))).toEqual({ result: 'success', output: 'ok' });
    const missing = await rt.runProbe(app, http(8080, '/nope'));
    expect(missing.result).toBe('failure');
    expect(missing.output).toMatch(/^Get "http:\/\/127\.0\.0\.1:8080\/nope": .*404 Not Found/);
    const refused = await rt.runProbe(app, http(8081));
    expect(refused).toMatchObject({ result: 'failure' });
    expect(refused.output).toMatch(/8081.*(refused|can't connect)/i);
  });

  it('fails an httpGet probe whose server does not answer within the timeout', async () => {
    const t = Date.now();
    const r = await rt.runProbe(app, http(9090, '/', 1)); // nc accepts and never answers
    expect(Date.now() - t).toBeLessThan(4000);
    expect(r).toEqual({ result: 'failure', output: 'Get "http://127.0.0.1:9090/": timed out after 1s' });
  });

  it('runs tcpSocket probes inside the pod network', async () => {
    expect(await rt.runProbe(app, tcp(8080))).toMatchObject({ result: 'success' });
    const r = await rt.runProbe(app, tcp(8081));
    expect(r.result).toBe('failure');
    expect(r.output).toMatch(/^dial tcp 127\.0\.0\.1:8081: .*refused/);
  });

  it('runs exec probes in the container, with their timeout', async () => {
    expect(await rt.runProbe(app, exec(['cat', '/www/healthz']))).toEqual({ result: 'success', output: 'ok\n' });
    expect(await rt.runProbe(app, exec(['sh', '-c', 'echo sick; exit 1']))).toEqual({ result: 'failure', output: 'command "sh -c echo sick; exit 1" exited with 1: sick\n' });
    const slow = await rt.runProbe(app, exec(['sleep', '10'], 1));
    expect(slow.result).toBe('failure');
    expect(slow.output).toMatch(/timed out after 1s/);
  });

  it('answers unknown for gRPC probes and for containers that are not running', async () => {
    expect((await rt.runProbe(app, { kind: 'liveness', grpc: { port: 9000 }, timeoutSeconds: 1 })).result).toBe('unknown');
    expect(await rt.runProbe('0'.repeat(64), tcp(8080))).toMatchObject({ result: 'unknown', output: expect.stringMatching(/not found/) });
  });

  it('says clearly when the sandbox image cannot run network probes (a bare pause image)', async () => {
    const image = `pilothouse-test/toolless:${env.runId}`;
    await buildToollessSandboxImage(env.docker, image, env.labels);
    const bare = env.runtime({ sandboxImage: image });
    const id = await startServer(bare, 'bare');
    const r = await bare.runProbe(id, http(8080));
    expect(r.result).toBe('unknown');
    expect(r.output).toMatch(new RegExp(`^probe not supported by this sandbox image \\(${image.replace(/[/.]/g, '\\$&')}\\)`));
    expect(r.output).toMatch(/sandboxImage/);
    expect((await bare.runProbe(id, tcp(8080))).result).toBe('unknown');
    expect((await bare.runProbe(id, exec(['true']))).result).toBe('success'); // exec probes run in the container itself
  });
});

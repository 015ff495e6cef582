/** DockerRuntime and the engine itself: info, images, pull failures and timeouts, and every call's error when there is no engine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerTestEnv, DOCKER_SOCKET, dockerAvailable, type DockerTestEnv } from '../testing/docker-test-env.js';
import { testContainerConfig, testSandboxConfig } from '../testing/pod-configs.js';
import { SocketProxy } from '../testing/socket-proxy.js';
import { ImagePullError, RuntimeUnavailableError, type RuntimeEvent } from '../types.js';
import { DockerRuntime } from './docker-runtime.js';

const available = await dockerAvailable();
const MISSING = 'pilothouse-test/does-not-exist:1';

describe.skipIf(!available)('DockerRuntime: engine and images', { timeout: 30_000 }, () => {
  let env: DockerTestEnv;
  let rt: DockerRuntime;

  beforeAll(async () => {
    env = await createDockerTestEnv('engine');
    rt = env.runtime();
  }, 60_000);
  afterAll(async () => env?.cleanup(), 60_000);

  it('describes the machine', async () => {
    const info = await rt.info();
    expect(info).toMatchObject({ name: 'docker', os: 'linux', architecture: process.arch === 'x64' ? 'amd64' : process.arch });
    expect(info.cpus).toBeGreaterThan(0);
    expect(info.memoryBytes).toBeGreaterThan(100 * 1024 * 1024);
    expect(info.version).toMatch(/^\d+\.\d+/);
    expect(info.kernelVersion).not.toBe('');
  });

  it('lists images and reports the status of present and missing ones', async () => {
    const busybox = await rt.imageStatus(env.images.busybox);
    expect(busybox).toMatchObject({ id: expect.stringMatching(/^sha256:/), tags: [env.images.busybox] });
    expect(busybox!.sizeBytes).toBeGreaterThan(1_000_000);
    expect((await rt.listImages()).find((i) => i.id === busybox!.id)?.tags).toContain(env.images.busybox);
    expect(await rt.imageStatus(MISSING)).toBeUndefined();
    expect(await rt.imageStatus('pilothouse-test/untagged-and-missing')).toBeUndefined();
  });

  it('fails the pull of an unreachable image quickly with the daemon\'s reason', async () => {
    const t = Date.now();
    const err = await rt.pullImage(MISSING).catch((e: unknown) => e);
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(err).toBeInstanceOf(ImagePullError);
    expect((err as ImagePullError).image).toBe(MISSING);
    // No registry is reachable here: "no such host"; with a registry it would be "manifest unknown" or "pull access denied".
    expect((err as Error).message).toMatch(/^Failed to pull image "pilothouse-test\/does-not-exist:1": .*(no such host|manifest unknown|pull access denied|not found)/);
  });

  it('bounds a pull that gets no answer by the pull timeout', async () => {
    const proxy = new SocketProxy(DOCKER_SOCKET, { stall: true });
    await proxy.up();
    try {
      const stalled = env.runtime({ socketPath: proxy.path, pullTimeoutMs: 300 });
      const t = Date.now();
      const err = await stalled.pullImage(MISSING).catch((e: unknown) => e);
      expect(Date.now() - t).toBeLessThan(2000);
      expect(err).toBeInstanceOf(ImagePullError);
      expect((err as Error).message).toMatch(/timed out after 0\.3s; check that the registry is reachable/);
    } finally {
      await proxy.dispose();
    }
  });

  it('reports an engine that takes connections but never answers as unavailable, within the info timeout', async () => {
    const proxy = new SocketProxy(DOCKER_SOCKET, { stall: true });
    await proxy.up();
    try {
      const hung = env.runtime({ socketPath: proxy.path, infoTimeoutMs: 300 });
      const t = Date.now();
      const err = await hung.info().catch((e: unknown) => e);
      expect(Date.now() - t).toBeLessThan(2000);
      expect(err).toBeInstanceOf(RuntimeUnavailableError);
      expect((err as Error).message).toBe(`Docker at ${proxy.path} did not answer within 0.3s: it may be hung or overloaded; restart Docker Desktop / dockerd`);
    } finally {
      await proxy.dispose();
    }
  });

  it('pulls the sandbox image when it is missing, and says so when that fails', async () => {
    const noImage = env.runtime({ sandboxImage: MISSING });
    await expect(noImage.runPodSandbox(testSandboxConfig(env.node, 'no-sandbox-image'))).rejects.toThrow(
      /pod sandbox image pilothouse-test\/does-not-exist:1 is not on the Docker engine and could not be pulled .*configure the Docker runtime with another sandboxImage/,
    );
  });

  it('creates the node network when it is missing, with loopback as its default host binding', async () => {
    const network = `${env.network}-extra`;
    const other = env.runtime({ network });
    const sandbox = await other.runPodSandbox(testSandboxConfig(env.node, 'own-network'));
    const n = await env.docker.getNetwork(network).inspect();
    expect(n).toMatchObject({ Driver: 'bridge', Options: { 'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1' }, Labels: env.labels });
    expect(sandbox.ip).toBe(n.Containers?.[sandbox.id]?.IPv4Address?.split('/')[0]);
    await other.removePodSandbox(sandbox.id);
    await env.docker.getNetwork(network).remove();
  });
});

describe('DockerRuntime without an engine', () => {
  const socketPath = '/tmp/pilothouse-no-such-dir/docker.sock';
  const rt = new DockerRuntime({ socketPath, sandboxImage: 'pilothouse-test/sandbox:none', eventBackoffMs: { min: 20, max: 50 } });
  const pod = testSandboxConfig('n1', 'p');

  it('maps every call to RuntimeUnavailableError with what to do', async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ['info', () => rt.info()],
      ['runPodSandbox', () => rt.runPodSandbox(pod)],
      ['stopPodSandbox', () => rt.stopPodSandbox('x')],
      ['removePodSandbox', () => rt.removePodSandbox('x')],
      ['listPodSandboxes', () => rt.listPodSandboxes({ node: 'n1' })],
      ['listImages', () => rt.listImages()],
      ['pullImage', () => rt.pullImage('busybox')],
      ['imageStatus', () => rt.imageStatus('busybox')],
      ['createContainer', () => rt.createContainer('x', testContainerConfig(pod, 'c', 'busybox'))],
      ['startContainer', () => rt.startContainer('x')],
      ['stopContainer', () => rt.stopContainer('x', 1)],
      ['removeContainer', () => rt.removeContainer('x')],
      ['listContainers', () => rt.listContainers({ node: 'n1' })],
      ['containerStatus', () => rt.containerStatus('x')],
      ['logs', () => rt.logs('x', { follow: false, timestamps: false })],
      ['exec', () => rt.exec('x', ['true'], { tty: false, stdin: false, stdout: true, stderr: true })],
      ['execSync', () => rt.execSync('x', ['true'], 1)],
      ['runProbe', () => rt.runProbe('x', { kind: 'liveness', tcpSocket: { port: 1 }, timeoutSeconds: 1 })],
      ['stats', () => rt.stats('x')],
    ];
    for (const [name, call] of calls) {
      const err = await call().then(() => undefined, (e: unknown) => e);
      expect(err, name).toBeInstanceOf(RuntimeUnavailableError);
      expect((err as Error).message, name).toMatch(
        /^Docker is not running or not reachable at \/tmp\/pilothouse-no-such-dir\/docker\.sock: start Docker Desktop \/ dockerd/,
      );
    }
  });

  it('reports runtime-down once from the event stream', async () => {
    const seen: RuntimeEvent[] = [];
    const stop = rt.events((e) => seen.push(e));
    await new Promise((r) => setTimeout(r, 300)); // several reconnect attempts
    stop();
    expect(seen.map((e) => e.type)).toEqual(['runtime-down']);
  });
});

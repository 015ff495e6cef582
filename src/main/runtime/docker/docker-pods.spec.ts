/**
 * DockerRuntime against the real engine: pod sandboxes and their containers (shared localhost
 * and hostname, host ports on 127.0.0.1, labels found by a fresh instance, limits and mounts,
 * stop timing). Host traffic goes only to 127.0.0.1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerTestEnv, dockerAvailable, type DockerTestEnv } from '../testing/docker-test-env.js';
import { eventually, readAll, testContainerConfig, testSandboxConfig } from '../testing/pod-configs.js';
import { LABELS } from '../types.js';
import type { DockerRuntime } from './docker-runtime.js';

const available = await dockerAvailable();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/', timeout: 1000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

const SERVE = 'mkdir -p /www && echo "hello from $(hostname)" > /www/index.html && exec httpd -f -p 8080 -h /www';

describe.skipIf(!available)('DockerRuntime: pods', { timeout: 30_000 }, () => {
  let env: DockerTestEnv;
  let rt: DockerRuntime;

  beforeAll(async () => {
    env = await createDockerTestEnv('pods');
    rt = env.runtime();
  }, 60_000);
  afterAll(async () => env?.cleanup(), 60_000);

  async function exited(id: string) {
    return eventually(async () => {
      const s = await rt.containerStatus(id);
      return s?.state === 'exited' ? s : undefined;
    }, 10_000, `container ${id} exited`);
  }

  it('runs containers of one pod that share localhost and the pod hostname', async () => {
    const pod = testSandboxConfig(env.node, 'web-1');
    const sandbox = await rt.runPodSandbox(pod);
    expect(sandbox).toMatchObject({ podUid: pod.podUid, podName: 'web-1', podNamespace: 'default', state: 'ready' });
    expect(sandbox.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/); // data only: never dialled from the host

    const server = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'server', env.images.busybox, { command: ['sh', '-c', SERVE] }));
    await rt.startContainer(server);
    const script = 'for i in $(seq 1 50); do wget -qO- 127.0.0.1:8080 && break; sleep 0.1; done; echo "client on $(hostname)"';
    const client = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'client', env.images.busybox, { command: ['sh', '-c', script] }));
    await rt.startContainer(client);

    const status = await exited(client);
    expect(status).toMatchObject({ exitCode: 0, reason: 'Completed', name: 'client' });
    const out = await readAll(await rt.logs(client, { follow: false, timestamps: false }));
    expect(out).toBe('hello from web-1\nclient on web-1\n');
  });

  it('publishes host ports on 127.0.0.1 only, reachable from the host there', async () => {
    const port = await freePort();
    const pod = testSandboxConfig(env.node, 'ported', { portMappings: [{ containerPort: 8080, hostPort: port, protocol: 'TCP', hostIp: '0.0.0.0' }] });
    const sandbox = await rt.runPodSandbox(pod);
    const inspect = await env.docker.getContainer(sandbox.id).inspect();
    expect(inspect.HostConfig.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] });
    expect(inspect.HostConfig.Init).toBe(true);
    expect(inspect.Config.Hostname).toBe('ported');

    const server = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'server', env.images.busybox, { command: ['sh', '-c', SERVE] }));
    await rt.startContainer(server);
    const body = await eventually(() => httpGet(port).catch(() => undefined), 5000, `http://127.0.0.1:${port} answering`);
    expect(body).toBe('hello from ported\n');
  });

  it('removes a sandbox that cannot start (host port taken) and says why', async () => {
    const port = await freePort();
    const first = testSandboxConfig(env.node, 'first', { portMappings: [{ containerPort: 80, hostPort: port, protocol: 'TCP' }] });
    await rt.runPodSandbox(first);
    const second = testSandboxConfig(env.node, 'second', { portMappings: [{ containerPort: 80, hostPort: port, protocol: 'TCP' }] });
    await expect(rt.runPodSandbox(second)).rejects.toThrow(new RegExp(`pod sandbox for default/second could not start: .*127\\.0\\.0\\.1:${port}.*already allocated`));
    expect(await rt.listPodSandboxes({ node: env.node, podUid: second.podUid })).toEqual([]);
  });

  it('gives the pod the DNS search list and options it asks for', async () => {
    const dns = { servers: ['10.96.0.10'], searches: ['default.svc.cluster.local', 'svc.cluster.local'], options: ['ndots:5'] };
    const pod = testSandboxConfig(env.node, 'dns', { dns });
    const sandbox = await rt.runPodSandbox(pod);
    expect((await env.docker.getContainer(sandbox.id).inspect()).HostConfig).toMatchObject({ Dns: dns.servers, DnsSearch: dns.searches, DnsOptions: dns.options });
    const id = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'app', env.images.busybox, { command: ['cat', '/etc/resolv.conf'] }));
    await rt.startContainer(id);
    await exited(id);
    const conf = await readAll(await rt.logs(id, { follow: false, timestamps: false }));
    expect(conf).toMatch(/^search default\.svc\.cluster\.local svc\.cluster\.local$/m);
    expect(conf).toMatch(/^options ndots:5$/m);
  });

  it('labels everything so that a fresh runtime instance finds it again', async () => {
    const pod = testSandboxConfig(env.node, 'adopt-me');
    const sandbox = await rt.runPodSandbox(pod);
    const id = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'app', env.images.busybox, { command: ['sleep', '300'], restartCount: 2 }));
    await rt.startContainer(id);

    const fresh = env.runtime();
    const sandboxes = await fresh.listPodSandboxes({ node: env.node, podUid: pod.podUid });
    expect(sandboxes).toEqual([expect.objectContaining({ id: sandbox.id, state: 'ready', ip: sandbox.ip })]);
    expect(sandboxes[0].labels).toMatchObject({ [LABELS.role]: 'sandbox', [LABELS.node]: env.node, [LABELS.podName]: 'adopt-me', ...env.labels });
    const [c] = await fresh.listContainers({ node: env.node, podUid: pod.podUid });
    expect(c).toMatchObject({ id, podUid: pod.podUid, name: 'app', image: env.images.busybox, state: 'running', restartCount: 2 });
    expect(c.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(c.startedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(c.labels).toMatchObject({
      [LABELS.node]: env.node, [LABELS.podUid]: pod.podUid, [LABELS.podName]: 'adopt-me', [LABELS.podNamespace]: 'default',
      [LABELS.containerName]: 'app', [LABELS.role]: 'container', [LABELS.restartCount]: '2',
    });
    const name = (await env.docker.getContainer(id).inspect()).Name;
    expect(name).toBe(`/pilothouse_${env.node}_adopt-me_default_app_2_${pod.podUid.replace(/-/g, '').slice(0, 8)}`);
    expect(await fresh.listContainers({ node: 'some-other-node' })).toEqual([]);
  });

  it('applies command/args, env, working dir, limits and mounts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pilothouse-mount-'));
    writeFileSync(join(dir, 'file'), 'from the host\n');
    const volume = `pilothouse-test-vol-${env.runId}`;
    await env.docker.createVolume({ Name: volume, Labels: env.labels });
    const pod = testSandboxConfig(env.node, 'configured');
    const sandbox = await rt.runPodSandbox(pod);
    try {
      const id = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'app', env.images.busybox, {
        command: ['sh', '-c'], args: ['echo "$GREETING"; pwd; cat /host/file; echo saved > /vol/x; cat /vol/x; touch /host/nope 2>/dev/null || echo read-only'],
        env: { GREETING: 'hi there' }, workingDir: '/work', cpuLimit: 0.5, memoryLimit: 64 * 1024 * 1024,
        mounts: [{ hostPath: dir, containerPath: '/host', readOnly: true }, { volumeName: volume, containerPath: '/vol' }],
      }));
      const inspect = await env.docker.getContainer(id).inspect();
      expect(inspect.HostConfig).toMatchObject({ NanoCpus: 500_000_000, Memory: 64 * 1024 * 1024, NetworkMode: `container:${sandbox.id}`, Init: false });
      expect(inspect.Config).toMatchObject({ Entrypoint: ['sh', '-c'], WorkingDir: '/work' });
      await rt.startContainer(id);
      await exited(id);
      const out = await readAll(await rt.logs(id, { follow: false, timestamps: false }));
      expect(out).toBe('hi there\n/work\nfrom the host\nsaved\nread-only\n');

      // `command` alone drops the image's CMD; `args` alone replaces it.
      const cmdOnly = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'cmd', env.images.busybox, { command: ['echo', 'command only'] }));
      const argsOnly = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'args', env.images.busybox, { args: ['echo', 'args only'] }));
      await Promise.all([rt.startContainer(cmdOnly), rt.startContainer(argsOnly)]);
      await Promise.all([exited(cmdOnly), exited(argsOnly)]);
      expect(await readAll(await rt.logs(cmdOnly, { follow: false, timestamps: false }))).toBe('command only\n');
      expect(await readAll(await rt.logs(argsOnly, { follow: false, timestamps: false }))).toBe('args only\n');
    } finally {
      await rt.removePodSandbox(sandbox.id); // its containers first, so the volume is free
      await env.docker.getVolume(volume).remove().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops with SIGTERM, then SIGKILL after the grace period', async () => {
    const pod = testSandboxConfig(env.node, 'stopping');
    const sandbox = await rt.runPodSandbox(pod);
    const polite = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'polite', env.images.busybox, {
      command: ['sh', '-c', 'trap "echo bye; exit 0" TERM; echo ready; while true; do sleep 0.1; done'],
    }));
    const stubborn = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'stubborn', env.images.busybox, { command: ['sleep', '300'] }));
    await Promise.all([rt.startContainer(polite), rt.startContainer(stubborn)]);
    await eventually(async () => ((await readAll(await rt.logs(polite, { follow: false, timestamps: false }))).includes('ready') ? true : undefined));

    let t = Date.now();
    await rt.stopContainer(polite, 10);
    expect(Date.now() - t).toBeLessThan(3000);
    expect(await rt.containerStatus(polite)).toMatchObject({ state: 'exited', exitCode: 0, reason: 'Completed' });

    t = Date.now();
    await rt.stopContainer(stubborn, 1); // PID 1 without a TERM handler ignores SIGTERM
    const took = Date.now() - t;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(5000);
    const s = await rt.containerStatus(stubborn);
    expect(s).toMatchObject({ state: 'exited', exitCode: 137, reason: 'Error' });
    expect(s!.finishedAt!.getTime()).toBeGreaterThanOrEqual(s!.startedAt!.getTime());
    await rt.stopContainer(stubborn, 1); // stopping again is a no-op
  });

  it('stops a sandbox with its containers, refuses new containers in it, and removes it all', async () => {
    const pod = testSandboxConfig(env.node, 'teardown');
    const sandbox = await rt.runPodSandbox(pod);
    const id = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'app', env.images.busybox, { command: ['sleep', '300'] }));
    await rt.startContainer(id);
    const t = Date.now();
    await rt.stopPodSandbox(sandbox.id);
    expect(Date.now() - t).toBeLessThan(4000);
    expect((await rt.listPodSandboxes({ node: env.node, podUid: pod.podUid }))[0]).toMatchObject({ state: 'notready' });
    expect(await rt.containerStatus(id)).toMatchObject({ state: 'exited' });
    await expect(rt.createContainer(sandbox.id, testContainerConfig(pod, 'late', env.images.busybox))).rejects.toThrow(/sandbox .* is not running/);

    const again = await rt.runPodSandbox(pod); // a second sandbox of the same pod gets the next attempt number
    expect((await env.docker.getContainer(again.id).inspect()).Name).toMatch(/_POD_1_/);
    await rt.removePodSandbox(sandbox.id);
    await rt.removePodSandbox(sandbox.id); // idempotent
    expect(await rt.containerStatus(id)).toBeUndefined();
    expect((await rt.listPodSandboxes({ node: env.node, podUid: pod.podUid })).map((s) => s.id)).toEqual([again.id]);
  });

  it('reports a clear error when the image of a container is missing', async () => {
    const pod = testSandboxConfig(env.node, 'no-image');
    const sandbox = await rt.runPodSandbox(pod);
    await expect(rt.createContainer(sandbox.id, testContainerConfig(pod, 'app', 'pilothouse-test/does-not-exist:1'))).rejects.toThrow(
      /image "pilothouse-test\/does-not-exist:1" is not on the Docker engine: pull it/,
    );
  });
});

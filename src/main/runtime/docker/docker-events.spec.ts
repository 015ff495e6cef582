/** DockerRuntime events against the real engine: start / die with exit code / OOM, label filtering, and runtime-down / runtime-up through a socket proxy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerTestEnv, DOCKER_SOCKET, dockerAvailable, type DockerTestEnv } from '../testing/docker-test-env.js';
import { eventually, testContainerConfig, testSandboxConfig } from '../testing/pod-configs.js';
import { SocketProxy } from '../testing/socket-proxy.js';
import { RuntimeUnavailableError, type RuntimeEvent } from '../types.js';
import type { DockerRuntime } from './docker-runtime.js';

const available = await dockerAvailable();

describe.skipIf(!available)('DockerRuntime: events', { timeout: 30_000 }, () => {
  let env: DockerTestEnv;
  let rt: DockerRuntime;
  const stops: (() => void)[] = [];

  beforeAll(async () => {
    env = await createDockerTestEnv('events');
    rt = env.runtime();
  }, 60_000);
  afterAll(async () => {
    for (const stop of stops) stop();
    await env?.cleanup();
  }, 60_000);

  function collect(runtime: DockerRuntime): RuntimeEvent[] {
    const seen: RuntimeEvent[] = [];
    stops.push(runtime.events((e) => seen.push(e)));
    return seen;
  }

  function find(seen: RuntimeEvent[], type: RuntimeEvent['type'], containerId?: string) {
    return eventually(async () => seen.find((e) => e.type === type && (containerId === undefined || e.containerId === containerId)), 8000, `${type} event`);
  }

  it('reports start and die (with the exit code) of pod containers only', async () => {
    const seen = collect(rt);
    await new Promise((r) => setTimeout(r, 200)); // the event stream is open
    const pod = testSandboxConfig(env.node, 'dying');
    const sandbox = await rt.runPodSandbox(pod);
    const id = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'app', env.images.busybox, { command: ['sh', '-c', 'sleep 0.2; exit 3'] }));
    // A container without pod labels (not ours) makes no event.
    const stranger = await env.docker.createContainer({ Image: env.images.busybox, Cmd: ['true'], Labels: env.labels });
    await stranger.start();
    await rt.startContainer(id);

    expect(await find(seen, 'container-started', id)).toMatchObject({ podUid: pod.podUid });
    const died = await find(seen, 'container-died', id);
    expect(died).toMatchObject({ podUid: pod.podUid, exitCode: 3 });
    expect(died.at.getTime()).toBeGreaterThan(Date.now() - 30_000);
    expect(seen.some((e) => e.containerId === stranger.id)).toBe(false);
    expect(seen.some((e) => e.type === 'container-started' && e.containerId === sandbox.id)).toBe(true);
  });

  it('reports an OOM kill as an event and as the OOMKilled reason', async () => {
    const seen = collect(rt);
    await new Promise((r) => setTimeout(r, 200));
    const pod = testSandboxConfig(env.node, 'hungry');
    const sandbox = await rt.runPodSandbox(pod);
    const id = await rt.createContainer(sandbox.id, testContainerConfig(pod, 'app', env.images.busybox, {
      command: ['sh', '-c', 'a=xxxxxxxx; while true; do a="$a$a"; done'], memoryLimit: 8 * 1024 * 1024,
    }));
    await rt.startContainer(id);
    await find(seen, 'container-oom', id);
    expect(await find(seen, 'container-died', id)).toMatchObject({ exitCode: 137 });
    expect(await rt.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 137, reason: 'OOMKilled' });
  });

  it('reports runtime-down when the engine goes away and runtime-up when it is back', async () => {
    const proxy = new SocketProxy(DOCKER_SOCKET);
    await proxy.up();
    try {
      const viaProxy = env.runtime({ socketPath: proxy.path, eventBackoffMs: { min: 50, max: 200 } });
      const seen = collect(viaProxy);
      await new Promise((r) => setTimeout(r, 300));
      expect(seen.filter((e) => e.type.startsWith('runtime-'))).toEqual([]);

      await proxy.down();
      await find(seen, 'runtime-down');
      await expect(viaProxy.info()).rejects.toBeInstanceOf(RuntimeUnavailableError);

      await proxy.up();
      await find(seen, 'runtime-up');
      expect(seen.filter((e) => e.type.startsWith('runtime-')).map((e) => e.type)).toEqual(['runtime-down', 'runtime-up']);

      // The reopened stream delivers container events again.
      const pod = testSandboxConfig(env.node, 'after-outage');
      const sandbox = await viaProxy.runPodSandbox(pod);
      const id = await viaProxy.createContainer(sandbox.id, testContainerConfig(pod, 'app', env.images.busybox, { command: ['sh', '-c', 'exit 5'] }));
      await viaProxy.startContainer(id);
      expect(await find(seen, 'container-died', id)).toMatchObject({ exitCode: 5 });
    } finally {
      await proxy.dispose();
    }
  });
});

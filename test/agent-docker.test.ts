/**
 * `pilothouse agent --runtime docker`: a joined node runs a pod as real containers, keeps them
 * running when the agent stops (like a kubelet restart), adopts them when it comes back, and
 * removes them when told to with `--stop-pods-on-exit`. Images are built locally (no registry);
 * every container of the node, the network and the images are removed at the end.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../src/main/runtime/types.js';
import { createDockerTestEnv, dockerAvailable, type DockerTestEnv } from '../src/main/runtime/testing/docker-test-env.js';
import { createJoinToken, startAgentProcess, stopAgents } from './support/agent-process.js';
import { eventually } from './support/in-process-cluster.js';
import { kubectlOk } from './support/kubectl.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

const available = await dockerAvailable();

describe.skipIf(!available)('pilothouse agent --runtime docker', () => {
  let serve: ServeProcess;
  let env: DockerTestEnv;
  const k = (...args: string[]) => kubectlOk(serve.kubeconfig, args);
  const nodeContainers = async () =>
    env.docker.listContainers({ all: true, filters: { label: [`${LABELS.node}=${env.node}`] } });

  beforeAll(async () => {
    env = await createDockerTestEnv('agent');
    serve = await startServe();
  });

  afterAll(async () => {
    await stopAgents();
    await serve?.stop();
    serve?.cleanup();
    if (env) {
      for (const c of await nodeContainers()) await env.docker.getContainer(c.Id).remove({ force: true }).catch(() => {});
      await env.cleanup();
    }
  });

  it('runs a pod in Docker, leaves it running across an agent restart, and removes it on request', async () => {
    const { token } = await createJoinToken(serve.kubeconfig);
    // The node's pod volumes go under the control plane's temp data dir, removed with it.
    const volumesDir = join(serve.dataDir, 'agent-volumes');
    const args = [
      '--server', serve.url, '--token', token, '--name', env.node, '--ca-file', join(serve.dataDir, 'pki', 'ca.crt'),
      '--runtime', 'docker', '--sandbox-image', env.images.sandbox, '--docker-network', env.network, '--kubelet-port', '0',
      '--volumes-dir', volumesDir,
    ];
    const first = startAgentProcess(args);
    await first.waitFor(new RegExp(`node ${env.node} joined .* \\(runtime docker`), 60_000);
    await kubectlOk(serve.kubeconfig, ['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'in-docker', namespace: 'default' },
      spec: {
        nodeSelector: { 'kubernetes.io/hostname': env.node },
        containers: [{ name: 'app', image: env.images.busybox, imagePullPolicy: 'Never', command: ['sh', '-c', 'echo started; exec sleep 3600'] }],
      },
    }));
    await k('wait', '--for=condition=Ready', 'pod/in-docker', '--timeout=60s');
    expect(await k('get', 'pod', 'in-docker', '-o', 'wide')).toMatch(new RegExp(`in-docker\\s+1/1\\s+Running\\s+0\\s+.*${env.node}`));
    const running = (await nodeContainers()).filter((c) => c.State === 'running');
    expect(running.map((c) => c.Labels[LABELS.role]).sort()).toEqual(['container', 'sandbox']);

    expect(await first.stop('SIGTERM')).toBe(0);
    expect((await nodeContainers()).filter((c) => c.State === 'running').map((c) => c.Id).sort()).toEqual(running.map((c) => c.Id).sort());

    const second = startAgentProcess([...args, '--stop-pods-on-exit']);
    await second.waitFor(new RegExp(`node ${env.node} joined`), 60_000);
    // Adopted, not restarted: same containers, no restart.
    await eventually(async () => {
      const pod = JSON.parse(await k('get', 'pod', 'in-docker', '-o', 'json'));
      return pod.status.containerStatuses?.[0]?.ready === true ? pod : undefined;
    }, 'the pod to stay ready after the agent restart');
    expect(JSON.parse(await k('get', 'pod', 'in-docker', '-o', 'json')).status.containerStatuses[0].restartCount).toBe(0);
    expect((await nodeContainers()).filter((c) => c.State === 'running').map((c) => c.Id).sort()).toEqual(running.map((c) => c.Id).sort());

    expect(await second.stop('SIGTERM')).toBe(0);
    expect(second.output()).toMatch(/stopping the kubelet of node \S+ and its pods/);
    expect(await nodeContainers()).toEqual([]);
    await k('delete', 'pod', 'in-docker', '--grace-period=0', '--force');
  });
});

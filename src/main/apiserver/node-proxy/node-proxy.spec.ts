/**
 * `kubectl logs`, `kubectl exec` and `kubectl top` (the real kubectl 1.32) against an in-process
 * cluster: everything goes through the API server, which forwards to the kubelet of the pod's
 * node — in-process for the simulated nodes, over mutual-TLS HTTPS for the "remote" node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlOk, kubectlStream } from '../../../../test/support/kubectl.js';
import { eventually } from '../../controllers/testing/test-cluster.js';
import type { Pod } from '../kinds/pod-types.js';
import { KubeletStreaming } from '../../kubelet/server/kubelet-streaming.js';
import { FakeStreamingNode } from '../../kubelet/server/testing/fake-node.js';
import { SimulatedRuntime } from '../../runtime/simulated/simulated-runtime.js';
import { REMOTE_NODE, startStreamingCluster, type StreamingCluster } from './testing/streaming-cluster.js';
import { AGENT_NODE_LABEL } from './node-connections.js';

const PODS = { apiVersion: 'v1', resource: 'pods' } as const;
const NODES = { apiVersion: 'v1', resource: 'nodes' } as const;

let t: StreamingCluster;
const k = (...args: string[]) => kubectlOk(t.kubeconfig, args);
const kr = (args: string[], input?: string) => kubectl(t.kubeconfig, args, input);

async function createPod(name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): Promise<void> {
  await t.cluster.client.create(PODS, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name, annotations }, spec });
}

async function running(name: string): Promise<Pod> {
  return eventually(async () => {
    const pod = await t.cluster.client.get<Pod>(PODS, 'default', name);
    const statuses = pod.status?.containerStatuses ?? [];
    return pod.status?.phase === 'Running' && statuses.length > 0 && statuses.every((s) => s.state?.running) && pod;
  }, `pod ${name} running`, 15_000);
}

beforeAll(async () => {
  t = await startStreamingCluster();
  await createPod('web', { containers: [{ name: 'app', image: 'busybox:1.36' }] });
  await createPod('duo', { containers: [{ name: 'a', image: 'busybox:1.36' }, { name: 'b', image: 'busybox:1.36' }] });
  await createPod('far', { nodeName: REMOTE_NODE, containers: [{ name: 'app', image: 'busybox:1.36' }] });
  await createPod('crashy', { containers: [{ name: 'app', image: 'busybox:1.36' }] }, { 'pilothouse.dev/simulate-exit': 'code=3,after=1s' });
  await Promise.all(['web', 'duo', 'far'].map(running));
  // Give the containers a few seconds of (simulated) log lines.
  await new Promise((r) => setTimeout(r, 2_100));
}, 60_000);

afterAll(async () => {
  await t?.stop();
}, 30_000);

describe('kubectl logs', { timeout: 30_000 }, () => {
  it('prints the logs of the only container, with --tail and --timestamps', async () => {
    const all = await k('logs', 'web');
    expect(all).toMatch(/^simulated container app started\nsimulated container app running\n/);
    expect(await k('logs', 'web', '--tail=1')).toBe('simulated container app running\n');
    expect(await k('logs', 'web', '--tail=1', '--timestamps')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z simulated container app running\n$/);
    expect(await k('logs', 'web', '--limit-bytes=9')).toBe('simulated');
  });

  it('follows with -f until stopped', async () => {
    const follow = kubectlStream(t.kubeconfig, ['logs', '-f', '--tail=0', 'web']);
    try {
      await follow.waitFor(/(simulated container app running\n){2}/, 10_000);
    } finally {
      follow.stop();
    }
  });

  it('picks a container with -c, and answers upstream\'s 400 when none is named', async () => {
    expect(await k('logs', 'duo', '-c', 'b')).toMatch(/^simulated container b started\n/);
    const raw = await kr(['get', '--raw', '/api/v1/namespaces/default/pods/duo/log']);
    expect(raw.code).not.toBe(0);
    expect(raw.stderr).toContain('Error from server (BadRequest): a container name must be specified for pod duo, choose one of: [a b]');
    const bad = await kr(['get', '--raw', '/api/v1/namespaces/default/pods/duo/log?container=c']);
    expect(bad.stderr).toContain('container c is not valid for pod duo');
    const invalid = await kr(['get', '--raw', '/api/v1/namespaces/default/pods/web/log?tailLines=-1']);
    expect(invalid.stderr).toContain('PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
  });

  it('shows the previous instance with --previous after a restart', async () => {
    await eventually(async () => {
      const pod = await t.cluster.client.get<Pod>(PODS, 'default', 'crashy');
      const s = pod.status?.containerStatuses?.[0] as { restartCount?: number; lastState?: { terminated?: { containerID?: string } } } | undefined;
      return (s?.restartCount ?? 0) >= 1 && !!s?.lastState?.terminated?.containerID;
    }, 'crashy restarted', 15_000);
    expect(await k('logs', 'crashy', '--previous')).toMatch(/simulated container app exited with code 3\n$/);
    const none = await kr(['logs', 'web', '--previous']);
    expect(none.stderr).toContain('previous terminated container "app" in pod "web" not found');
  });

  it('says why a container has no logs yet, and why a node cannot be reached', async () => {
    const fake = new FakeStreamingNode('fake-0', new SimulatedRuntime());
    await t.cluster.client.create(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'fake-0' } });
    await t.cluster.client.create(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'ghost', labels: { [AGENT_NODE_LABEL]: 'true' } } });
    await createPod('waiting', { nodeName: 'fake-0', containers: [{ name: 'app', image: 'busybox:1.36' }] });
    await createPod('lost', { nodeName: 'ghost', containers: [{ name: 'app', image: 'busybox:1.36' }] });
    fake.addPendingPod('waiting', ['app']);
    t.connections.register('fake-0', new KubeletStreaming(fake));
    const waiting = await kr(['logs', 'waiting']);
    expect(waiting.stderr).toContain('Error from server (BadRequest): container "app" in pod "waiting" is waiting to start: ContainerCreating');
    const lost = await kr(['logs', 'lost']);
    expect(lost.stderr).toContain('node "ghost" reports no kubelet address');
    // A WebSocket refused before the handshake makes kubectl retry with SPDY, which gets the same answer.
    const lostExec = await kr(['exec', 'lost', '--', 'true']);
    expect(lostExec.code).not.toBe(0);
    expect(lostExec.stderr).toContain('node "ghost" reports no kubelet address');
    const notRunning = await kr(['exec', 'waiting', '--', 'true']);
    expect(notRunning.code).not.toBe(0);
    expect(notRunning.stderr).toContain('container not found ("app")');
  });
});

describe('kubectl exec', { timeout: 30_000 }, () => {
  it('runs a command and prints its output', async () => {
    expect(await k('exec', 'web', '--', 'hostname')).toBe('web\n');
    expect(await k('exec', 'duo', '-c', 'b', '--', 'sh', '-c', 'echo from b')).toBe('from b\n');
  });

  it('exits with the command\'s exit code', async () => {
    const r = await kr(['exec', 'web', '--', 'false']);
    expect(r.code).toBe(1);
    const seven = await kr(['exec', 'web', '--', 'sh', '-c', 'exit 7']);
    expect(seven.code).toBe(7);
    expect(seven.stderr).toContain('command terminated with exit code 7');
  });

  it('passes stdin with -i', async () => {
    expect((await kr(['exec', '-i', 'web', '--', 'cat'], 'hello\nworld\n')).stdout).toBe('hello\nworld\n');
  });
});

describe('kubectl port-forward', { timeout: 30_000 }, () => {
  it('says why it cannot reach pods when the cluster has no pod network on this machine (simulated nodes)', async () => {
    const r = await kr(['port-forward', 'web', ':80']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('port-forward reaches pods on Docker nodes of this Pilothouse with service networking on');
    const missing = await kr(['port-forward', 'pod/nope', ':80']);
    expect(missing.stderr).toContain('pods "nope" not found');
  });
});

describe('a remote node (kubelet HTTPS server, mutual TLS)', { timeout: 30_000 }, () => {
  it('serves logs and exec through the API server', async () => {
    expect(await k('logs', 'far', '--tail=1')).toBe('simulated container app running\n');
    expect(await k('exec', 'far', '--', 'hostname')).toBe('far\n');
    expect((await kr(['exec', 'far', '--', 'sh', '-c', 'exit 3'])).code).toBe(3);
    expect((await kr(['exec', '-i', 'far', '--', 'cat'], 'over the wire\n')).stdout).toBe('over the wire\n');
    const follow = kubectlStream(t.kubeconfig, ['logs', '-f', '--tail=0', 'far']);
    try {
      await follow.waitFor(/simulated container app running\n/, 10_000);
    } finally {
      follow.stop();
    }
  });
});

describe('kubectl top', { timeout: 30_000 }, () => {
  it('lists the metrics API among the resources', async () => {
    const out = await k('api-resources', '--api-group=metrics.k8s.io');
    expect(out).toMatch(/^nodes\s+metrics\.k8s\.io\/v1beta1\s+false\s+NodeMetrics$/m);
    expect(out).toMatch(/^pods\s+metrics\.k8s\.io\/v1beta1\s+true\s+PodMetrics$/m);
  });

  it('prints a row per node', async () => {
    const out = await k('top', 'node');
    expect(out).toMatch(/^NAME\s+CPU\(cores\)\s+CPU(\(%\)|%)\s+MEMORY\(bytes\)\s+MEMORY(\(%\)|%)/);
    for (const node of ['sim-0', 'sim-1', REMOTE_NODE]) expect(out).toMatch(new RegExp(`^${node}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`, 'm'));
  });

  it('prints a row per pod, and per container with --containers', async () => {
    const out = await k('top', 'pod');
    expect(out).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    for (const pod of ['web', 'duo', 'far']) expect(out).toMatch(new RegExp(`^${pod}\\s+\\d+m\\s+\\d+Mi`, 'm'));
    const containers = await k('top', 'pod', 'duo', '--containers');
    expect(containers).toMatch(/^duo\s+a\s+\d+m\s+\d+Mi/m);
    expect(containers).toMatch(/^duo\s+b\s+\d+m\s+\d+Mi/m);
    const missing = await kr(['top', 'pod', 'nope']);
    expect(missing.stderr).toContain('podmetrics.metrics.k8s.io "default/nope" not found');
  });
});

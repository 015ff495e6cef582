/** SimulatedRuntime driven by a ManualClock: labels, pulls, fake processes, logs, exec, probes, stats, events. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../kubelet/clock.js';
import { ImagePullError, LABELS, canRunProbes, type ContainerConfig, type RuntimeEvent } from '../types.js';
import { normalizeImage, SimulatedRuntime } from './simulated-runtime.js';
import { simulatedLogLines } from './simulated-logs.js';

function sandboxConfig(podUid: string, node = 'n1') {
  return { podUid, podName: `pod-${podUid}`, podNamespace: 'default', node, hostname: `host-${podUid}`, labels: { [LABELS.podName]: `pod-${podUid}` } };
}

function containerConfig(podUid: string, name: string, extra: Partial<ContainerConfig> = {}): ContainerConfig {
  return { podUid, name, image: 'busybox:1.36', restartCount: 0, labels: { [LABELS.node]: 'n1', [LABELS.podUid]: podUid }, ...extra };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

describe('SimulatedRuntime', () => {
  it('finds sandboxes and containers again by node and pod labels', async () => {
    const rt = new SimulatedRuntime({ clock: new ManualClock() });
    const a = await rt.runPodSandbox(sandboxConfig('u1'));
    await rt.runPodSandbox(sandboxConfig('u2', 'n2'));
    const id = await rt.createContainer(a.id, containerConfig('u1', 'app'));
    expect((await rt.listPodSandboxes({ node: 'n1' })).map((s) => s.podUid)).toEqual(['u1']);
    expect((await rt.listPodSandboxes({ node: 'n2', podUid: 'u2' })).length).toBe(1);
    expect((await rt.listPodSandboxes({ node: 'n1', podUid: 'u2' })).length).toBe(0);
    const [c] = await rt.listContainers({ node: 'n1', podUid: 'u1' });
    expect(c).toMatchObject({ id, name: 'app', state: 'created', restartCount: 0 });
    expect(c.labels).toMatchObject({ [LABELS.node]: 'n1', [LABELS.podUid]: 'u1', [LABELS.containerName]: 'app', [LABELS.role]: 'container', [LABELS.restartCount]: '0' });
    expect(a.labels).toMatchObject({ [LABELS.node]: 'n1', [LABELS.role]: 'sandbox', [LABELS.podName]: 'pod-u1' });
    expect(a.ip).toMatch(/^10\.24[4-7]\.\d+\.\d+$/);
    await rt.removePodSandbox(a.id);
    expect(rt.counts()).toMatchObject({ sandboxes: 1, containers: 0 });
  });

  it('pulls instantly, fails for configured images, and normalizes references', async () => {
    const rt = new SimulatedRuntime({ failingImages: ['example.com/missing'] });
    expect(await rt.imageStatus('nginx')).toBeUndefined();
    const info = await rt.pullImage('nginx');
    expect(info.tags).toEqual(['nginx:latest']);
    expect(info.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await rt.imageStatus('nginx:latest'))?.id).toBe(info.id);
    await expect(rt.pullImage('example.com/missing:latest')).rejects.toBeInstanceOf(ImagePullError);
    expect(normalizeImage('registry:5000/app')).toBe('registry:5000/app:latest');
    expect(normalizeImage('app@sha256:abc')).toBe('app@sha256:abc');
  });

  it('runs a container until stopped, or exits after runSeconds with exitCode, emitting events', async () => {
    const clock = new ManualClock();
    const rt = new SimulatedRuntime({ clock });
    const events: RuntimeEvent[] = [];
    rt.events((e) => events.push(e));
    const sb = await rt.runPodSandbox(sandboxConfig('u1'));
    const forever = await rt.createContainer(sb.id, containerConfig('u1', 'web'));
    const crashy = await rt.createContainer(sb.id, containerConfig('u1', 'job', { simulation: { exitCode: 3, runSeconds: 2 } }));
    await rt.startContainer(forever);
    await rt.startContainer(crashy);
    await clock.advance(1999);
    expect((await rt.containerStatus(crashy))?.state).toBe('running');
    await clock.advance(1);
    expect(await rt.containerStatus(crashy)).toMatchObject({ state: 'exited', exitCode: 3, reason: 'Error' });
    await clock.advance(60_000);
    expect((await rt.containerStatus(forever))?.state).toBe('running');
    await rt.stopContainer(forever, 30);
    expect(await rt.containerStatus(forever)).toMatchObject({ state: 'exited', exitCode: 0, reason: 'Completed' });
    expect(events.map((e) => `${e.type}:${e.exitCode ?? ''}`)).toEqual(['container-started:', 'container-started:', 'container-died:3', 'container-died:0']);
  });

  it('honours the stop timeout: a slow-to-terminate process is killed with 137', async () => {
    const clock = new ManualClock();
    const rt = new SimulatedRuntime({ clock });
    const sb = await rt.runPodSandbox(sandboxConfig('u1'));
    const id = await rt.createContainer(sb.id, containerConfig('u1', 'slow', { simulation: { terminationSeconds: 10 } }));
    await rt.startContainer(id);
    const stopping = rt.stopContainer(id, 3);
    await clock.advance(2999);
    expect((await rt.containerStatus(id))?.state).toBe('running');
    await clock.advance(1);
    await stopping;
    expect(await rt.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 137 });
  });

  it('writes a log line per second and follows until the container exits', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 0));
    const rt = new SimulatedRuntime({ clock });
    const sb = await rt.runPodSandbox(sandboxConfig('u1'));
    const id = await rt.createContainer(sb.id, containerConfig('u1', 'app', { simulation: { exitCode: 0, runSeconds: 5 } }));
    await rt.startContainer(id);
    await clock.advance(2500);
    const text = await readAll(await rt.logs(id, { follow: false, timestamps: true }));
    expect(text.split('\n').filter(Boolean)).toEqual([
      '2026-01-01T00:00:00.000000000Z simulated container app started',
      '2026-01-01T00:00:01.000000000Z simulated container app running',
      '2026-01-01T00:00:02.000000000Z simulated container app running',
    ]);
    expect(await readAll(await rt.logs(id, { follow: false, timestamps: false, tailLines: 1 }))).toBe('simulated container app running\n');
    const following = readAll(await rt.logs(id, { follow: true, timestamps: false }));
    await clock.advance(4000);
    const lines = (await following).split('\n').filter(Boolean);
    expect(lines[lines.length - 1]).toBe('simulated container app exited with code 0');
    expect(lines.filter((l) => l.endsWith('running')).length).toBe(4);
    expect(await readAll(await rt.logs(id, { follow: false, timestamps: false, limitBytes: 10 }))).toBe('simulated ');
  });

  it('answers exec with canned results and runs probes from the simulation', async () => {
    const rt = new SimulatedRuntime({ clock: new ManualClock() });
    const sb = await rt.runPodSandbox(sandboxConfig('u1'));
    const id = await rt.createContainer(sb.id, containerConfig('u1', 'app', { env: { GREETING: 'hi' }, simulation: { failingProbes: ['liveness'] } }));
    await rt.startContainer(id);
    expect(await rt.execSync(id, ['hostname'], 1)).toEqual({ exitCode: 0, output: 'host-u1\n' });
    expect((await rt.execSync(id, ['true'], 1)).exitCode).toBe(0);
    expect((await rt.execSync(id, ['false'], 1)).exitCode).toBe(1);
    expect(await rt.execSync(id, ['sh', '-c', 'echo $x; exit 4'], 1)).toEqual({ exitCode: 4, output: '$x\n' });
    expect(await rt.execSync(id, ['printenv', 'GREETING'], 1)).toEqual({ exitCode: 0, output: 'hi\n' });
    const session = await rt.exec(id, ['hostname'], { tty: false, stdin: false, stdout: true, stderr: true });
    expect(await readAll(session.stdout)).toBe('host-u1\n');
    expect(await session.exitCode).toBe(0);
    expect(canRunProbes(rt)).toBe(true);
    expect((await rt.runProbe(id, { kind: 'readiness', httpGet: { port: 80, path: '/', scheme: 'HTTP', headers: [] }, timeoutSeconds: 1 })).result).toBe('success');
    expect((await rt.runProbe(id, { kind: 'liveness', tcpSocket: { port: 80 }, timeoutSeconds: 1 })).result).toBe('failure');
    expect((await rt.runProbe(id, { kind: 'readiness', exec: { command: ['false'] }, timeoutSeconds: 1 })).result).toBe('failure');
    const stats = await rt.stats(id);
    expect(stats!.cpuCoresUsed).toBeGreaterThan(0);
    expect(stats!.cpuCoresUsed).toBeLessThan(0.02);
    expect(stats!.memoryBytes).toBeGreaterThan(4 * 1024 * 1024);
    expect(stats!.memoryBytes).toBeLessThan(40 * 1024 * 1024);
    rt.crash(id, 137, 'OOMKilled');
    expect(await rt.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 137, reason: 'OOMKilled' });
    expect(await rt.stats(id)).toBeUndefined();
    await expect(rt.execSync(id, ['true'], 1)).rejects.toThrow(/not running/);
  });

  it('computes log history without storing it, capped for long runs', () => {
    const start = new Date(Date.UTC(2026, 0, 1));
    const lines = simulatedLogLines({ name: 'x', startedAt: start }, start.getTime() + 30 * 24 * 3600_000);
    expect(lines.length).toBe(10_000);
    expect(lines[lines.length - 1].text).toBe('simulated container x running');
  });
});

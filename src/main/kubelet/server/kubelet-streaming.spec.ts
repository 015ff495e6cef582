/** KubeletStreaming over a simulated runtime: logs (current, previous, options), exec, attach, summary, upstream errors. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { SimulatedRuntime } from '../../runtime/simulated/simulated-runtime.js';
import type { ExecSession } from '../../runtime/types.js';
import { KubeletStreaming } from './kubelet-streaming.js';
import type { ContainerLogOptions } from './streaming.js';
import { FakeStreamingNode } from './testing/fake-node.js';

const LOGS: ContainerLogOptions = { follow: false, previous: false, timestamps: false };

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

/** Lets stream events scheduled with nextTick / setImmediate run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function setup() {
  const clock = new ManualClock();
  const runtime = new SimulatedRuntime({ clock });
  const node = new FakeStreamingNode('node-a', runtime);
  const streaming = new KubeletStreaming(node, clock);
  return { clock, runtime, node, streaming };
}

async function run(session: ExecSession, input?: string): Promise<{ out: string; code: number }> {
  if (input !== undefined) session.stdin!.end(input);
  const [out, code] = await Promise.all([readAll(session.stdout), session.exitCode]);
  return { out, code };
}

describe('KubeletStreaming', () => {
  it('reads the current instance with tailLines, timestamps and limitBytes', async () => {
    const { clock, node, streaming } = await setup();
    await node.runPod('web', ['app']);
    await clock.advance(3_000);
    expect(await readAll(await streaming.logs('default', 'web', 'app', LOGS))).toBe(
      'simulated container app started\n' + 'simulated container app running\n'.repeat(3),
    );
    expect(await readAll(await streaming.logs('default', 'web', 'app', { ...LOGS, tailLines: 1 }))).toBe('simulated container app running\n');
    expect(await readAll(await streaming.logs('default', 'web', 'app', { ...LOGS, tailLines: 1, timestamps: true }))).toMatch(
      /^2026-01-01T00:00:03\.000000000Z simulated container app running\n$/,
    );
    expect(await readAll(await streaming.logs('default', 'web', 'app', { ...LOGS, limitBytes: 9 }))).toBe('simulated');
  });

  it('reads the previous instance after a restart, and says when there is none', async () => {
    const { clock, node, streaming } = await setup();
    await node.runPod('crashy', ['app']);
    await expect(streaming.logs('default', 'crashy', 'app', { ...LOGS, previous: true })).rejects.toMatchObject({
      code: 400, message: 'previous terminated container "app" in pod "crashy" not found',
    });
    await clock.advance(2_000);
    await node.restart('default', 'crashy', 'app', 3);
    expect(await readAll(await streaming.logs('default', 'crashy', 'app', { ...LOGS, previous: true }))).toContain('simulated container app exited with code 3\n');
    expect(await readAll(await streaming.logs('default', 'crashy', 'app', LOGS))).toBe('simulated container app started\n');
  });

  it('answers like upstream for a waiting container, an unknown pod and an unknown container', async () => {
    const { node, streaming } = await setup();
    node.addPendingPod('pending', ['app']);
    await expect(streaming.logs('default', 'pending', 'app', LOGS)).rejects.toMatchObject({
      code: 400, status: { reason: 'BadRequest', message: 'container "app" in pod "pending" is waiting to start: ContainerCreating' },
    });
    await expect(streaming.logs('default', 'nope', 'app', LOGS)).rejects.toMatchObject({ code: 404, message: 'pod "nope" does not exist' });
    await expect(streaming.logs('default', 'pending', 'db', LOGS)).rejects.toMatchObject({ code: 404, message: 'container "db" not found in pod "pending"' });
    await expect(streaming.exec('default', 'pending', 'app', ['true'], { tty: false, stdin: false, stdout: true, stderr: true })).rejects.toMatchObject({
      code: 400, message: 'container not found ("app")',
    });
  });

  it('follows until the reader goes away', async () => {
    const { clock, node, streaming } = await setup();
    await node.runPod('web', ['app']);
    const stream = (await streaming.logs('default', 'web', 'app', { ...LOGS, follow: true })) as PassThrough;
    const lines: string[] = [];
    stream.on('data', (c) => lines.push(String(c)));
    await clock.advance(2_000);
    await settle();
    expect(lines.join('')).toBe('simulated container app started\n' + 'simulated container app running\n'.repeat(2));
    stream.destroy();
    await settle();
    expect(clock.pending).toBe(0);
  });

  it('execs canned commands with their exit codes, and echoes stdin through cat', async () => {
    const { node, streaming } = await setup();
    await node.runPod('web', ['app']);
    const opts = { tty: false, stdin: false, stdout: true, stderr: true };
    expect(await run(await streaming.exec('default', 'web', 'app', ['hostname'], opts))).toEqual({ out: 'web\n', code: 0 });
    expect(await run(await streaming.exec('default', 'web', 'app', ['sh', '-c', 'exit 7'], opts))).toEqual({ out: '', code: 7 });
    expect(await run(await streaming.exec('default', 'web', 'app', ['cat'], { ...opts, stdin: true }), 'hello\nworld\n')).toEqual({ out: 'hello\nworld\n', code: 0 });
  });

  it('attaches to the output from now on, without stdin', async () => {
    const { clock, node, streaming } = await setup();
    await node.runPod('web', ['app']);
    await clock.advance(5_000);
    const session = await streaming.attach('default', 'web', 'app', { tty: false, stdin: false, stdout: true, stderr: true });
    const chunks: string[] = [];
    session.stdout.on('data', (c) => chunks.push(String(c)));
    await clock.advance(1_000);
    await settle();
    expect(chunks.join('')).toBe('simulated container app running\n');
    (session.stdout as PassThrough).destroy();
    expect(await session.exitCode).toBe(0);
    await expect(streaming.attach('default', 'web', 'app', { tty: true, stdin: true, stdout: true, stderr: false })).rejects.toMatchObject({ code: 400 });
  });

  it('sums running containers per pod and for the node', async () => {
    const { node, streaming } = await setup();
    await node.runPod('one', ['a', 'b']);
    await node.runPod('two', ['c'], 'kube-system');
    const summary = await streaming.summary();
    expect(summary.node.nodeName).toBe('node-a');
    expect(summary.pods.map((p) => `${p.podRef.namespace}/${p.podRef.name}:${p.containers.map((c) => c.name).join(',')}`).sort()).toEqual([
      'default/one:a,b', 'kube-system/two:c',
    ]);
    const pods = summary.pods.reduce((n, p) => n + p.cpu.usageNanoCores, 0);
    expect(summary.node.cpu.usageNanoCores).toBe(pods);
    expect(summary.node.memory.workingSetBytes).toBe(summary.pods.reduce((n, p) => n + p.memory.workingSetBytes, 0));
    expect(summary.node.cpu.usageNanoCores).toBeGreaterThan(0);
  });
});

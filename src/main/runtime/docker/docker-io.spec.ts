/** DockerRuntime against the real engine: logs (tail, timestamps, since, limit, follow, TTY), exec (non-TTY, stdin, TTY resize, execSync) and stats. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerTestEnv, dockerAvailable, type DockerTestEnv } from '../testing/docker-test-env.js';
import { eventually, readAll, testContainerConfig, testSandboxConfig, waitForOutput } from '../testing/pod-configs.js';
import type { ContainerConfig, PodSandbox, PodSandboxConfig } from '../types.js';
import type { DockerRuntime } from './docker-runtime.js';

const available = await dockerAvailable();
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /;

describe.skipIf(!available)('DockerRuntime: logs, exec, stats', { timeout: 30_000 }, () => {
  let env: DockerTestEnv;
  let rt: DockerRuntime;
  let pod: PodSandboxConfig;
  let sandbox: PodSandbox;

  beforeAll(async () => {
    env = await createDockerTestEnv('io');
    rt = env.runtime();
    pod = testSandboxConfig(env.node, 'io');
    sandbox = await rt.runPodSandbox(pod);
  }, 60_000);
  afterAll(async () => env?.cleanup(), 60_000);

  async function run(name: string, extra: Partial<ContainerConfig>): Promise<string> {
    const id = await rt.createContainer(sandbox.id, testContainerConfig(pod, name, env.images.busybox, extra));
    await rt.startContainer(id);
    return id;
  }

  async function finished(id: string): Promise<void> {
    await eventually(async () => ((await rt.containerStatus(id))?.state === 'exited' ? true : undefined), 10_000);
  }

  it('reads logs with tail, timestamps, since and a byte limit', async () => {
    const id = await run('history', { command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo "line $i"; done; sleep 0.1; echo "to stderr" >&2'] });
    await finished(id);
    const logs = (o: Partial<Parameters<DockerRuntime['logs']>[1]>) => rt.logs(id, { follow: false, timestamps: false, ...o }).then(readAll);

    expect(await logs({})).toBe('line 1\nline 2\nline 3\nline 4\nline 5\nto stderr\n');
    expect(await logs({ tailLines: 2 })).toBe('line 5\nto stderr\n');
    expect(await logs({ limitBytes: 10 })).toBe('line 1\nlin');
    const stamped = (await logs({ timestamps: true, tailLines: 3 })).split('\n').filter(Boolean);
    expect(stamped).toHaveLength(3);
    for (const line of stamped) expect(line).toMatch(STAMP);
    expect(stamped[2].replace(STAMP, '')).toBe('to stderr');
    expect(await logs({ sinceTime: new Date(Date.now() + 60_000) })).toBe('');
    expect(await logs({ sinceSeconds: 600 })).toContain('line 1\n');
  });

  it('follows logs until the reader stops, and ends by itself when the container exits', async () => {
    const ticking = await run('ticking', { command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'] });
    await eventually(async () => ((await rt.logs(ticking, { follow: false, timestamps: false }).then(readAll)).includes('tick 3') ? true : undefined));
    const stream = await rt.logs(ticking, { follow: true, timestamps: false, tailLines: 0 });
    const seen = await waitForOutput(stream, /tick \d+\n.*tick \d+\n.*tick \d+\n/s);
    expect(seen).not.toMatch(/tick 1\n/); // tailLines 0: only lines written after the request
    (stream as unknown as { destroy(): void }).destroy();

    const short = await run('short', { command: ['sh', '-c', 'sleep 0.3; echo first; sleep 0.3; echo last'] });
    const t = Date.now();
    expect(await readAll(await rt.logs(short, { follow: true, timestamps: false }))).toBe('first\nlast\n');
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('reads the raw output of a TTY container', async () => {
    const id = await run('tty', { command: ['sh', '-c', 'echo on a tty; [ -t 1 ] && echo stdout is a tty'], tty: true });
    await finished(id);
    expect(await readAll(await rt.logs(id, { follow: false, timestamps: false }))).toBe('on a tty\r\nstdout is a tty\r\n');
  });

  it('execs without a TTY: separate stdout and stderr, stdin, exit code', async () => {
    const id = await run('shell', { command: ['sleep', '300'] });
    const s = await rt.exec(id, ['sh', '-c', 'echo out; echo err >&2; exit 3'], { tty: false, stdin: false, stdout: true, stderr: true });
    const [out, err, code] = await Promise.all([readAll(s.stdout), readAll(s.stderr!), s.exitCode]);
    expect({ out, err, code }).toEqual({ out: 'out\n', err: 'err\n', code: 3 });

    const cat = await rt.exec(id, ['sh', '-c', 'cat; echo done'], { tty: false, stdin: true, stdout: true, stderr: true });
    cat.stdin!.write('hello\n');
    cat.stdin!.end();
    expect(await readAll(cat.stdout)).toBe('hello\ndone\n');
    expect(await cat.exitCode).toBe(0);
  });

  it('execs with a TTY and resizes it', async () => {
    const id = await run('tty-shell', { command: ['sleep', '300'] });
    const s = await rt.exec(id, ['sh', '-c', 'sleep 0.5; stty size; exit 7'], { tty: true, stdin: true, stdout: true, stderr: true });
    expect(s.stderr).toBeUndefined(); // a TTY has one output stream
    await s.resize(100, 40);
    const out = await readAll(s.stdout);
    expect(out.trim()).toBe('40 100');
    expect(await s.exitCode).toBe(7);
  });

  it('runs commands to completion with a timeout (execSync)', async () => {
    const id = await run('sync', { command: ['sleep', '300'] });
    // stdout and stderr are combined (their relative order is up to the daemon, so one stream here).
    expect(await rt.execSync(id, ['sh', '-c', 'echo hi; echo there; exit 2'], 5)).toEqual({ exitCode: 2, output: 'hi\nthere\n' });
    expect(await rt.execSync(id, ['sh', '-c', 'echo oops >&2'], 5)).toEqual({ exitCode: 0, output: 'oops\n' });
    const t = Date.now();
    const r = await rt.execSync(id, ['sleep', '30'], 1);
    expect(Date.now() - t).toBeLessThan(3000);
    expect(r.exitCode).toBe(124);
    expect(r.output).toMatch(/timed out after 1s/);
  });

  it('reports CPU cores used (within the limit) and memory from one-shot stats', async () => {
    const busy = await run('busy', { command: ['sh', '-c', 'while true; do :; done'], cpuLimit: 0.5 });
    await new Promise((r) => setTimeout(r, 300));
    const first = await rt.stats(busy); // the average since the start
    expect(first!.cpuCoresUsed).toBeGreaterThan(0.05);
    expect(first!.cpuCoresUsed).toBeLessThan(0.8);
    expect(first!.memoryBytes).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1200)); // Docker's collector answers one-shot calls at once when idle for 1 s
    const t = Date.now();
    const second = await rt.stats(busy);
    expect(Date.now() - t).toBeLessThan(500);
    expect(second!.cpuCoresUsed).toBeGreaterThan(0.05);
    expect(second!.cpuCoresUsed).toBeLessThan(0.8);

    await rt.stopContainer(busy, 0);
    expect(await rt.stats(busy)).toBeUndefined();
    expect(await rt.stats('0'.repeat(64))).toBeUndefined();
  });
});

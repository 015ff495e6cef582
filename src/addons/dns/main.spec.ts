import { spawn, type ChildProcess } from 'node:child_process';
import { promises as dnsPromises } from 'node:dns';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startInProcessCluster, type InProcessCluster } from '../../../test/support/in-process-cluster.js';

/** Bundles main.ts the way scripts/build-incluster.mjs does: one ES module, node builtins only. */
async function bundle(outDir: string): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: resolve(__dirname, 'main.ts'),
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'dns.mjs' } },
    },
  });
  return join(outDir, 'dns.mjs');
}

function run(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exited, get stdout() { return stdout; } };
}

describe('the bundled DNS program (node dns.mjs)', () => {
  let cluster: InProcessCluster;
  let dir: string;
  let script: string;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    cluster = await startInProcessCluster({ controllerManager: false, scheduler: false });
    dir = mkdtempSync(join(tmpdir(), 'pilothouse-dns-main-'));
    script = await bundle(join(dir, 'out'));
    writeFileSync(join(dir, 'token'), cluster.cluster.credentials.adminToken);
    writeFileSync(join(dir, 'ca.crt'), cluster.cluster.credentials.ca.cert);
    writeFileSync(join(dir, 'resolv.conf'), 'nameserver 127.0.0.1\n');
    env = {
      KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(cluster.cluster.port),
      DNS_PORT: '0', DNS_HEALTH_PORT: '0', DNS_BIND_ADDRESS: '127.0.0.1',
      DNS_RESOLV_CONF: join(dir, 'resolv.conf'), DNS_TOKEN_FILE: join(dir, 'token'), DNS_CA_FILE: join(dir, 'ca.crt'),
    };
  }, 60_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports nothing but node builtins', () => {
    const imports = [...readFileSync(script, 'utf8').matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((m) => !m.startsWith('node:'))).toEqual([]);
  });

  it('serves DNS and readiness, logs to stdout, and exits 0 on SIGTERM', async () => {
    const p = run(script, env);
    children.push(p.child);
    const started = await eventually(async () => /dns=127\.0\.0\.1:(\d+) health=127\.0\.0\.1:(\d+) .*upstreams=127\.0\.0\.1:53/.exec(p.stdout) ?? undefined, 'the start line', 10_000, 50);
    const [dnsPort, healthPort] = [Number(started[1]), Number(started[2])];
    await eventually(async () => (await fetch(`http://127.0.0.1:${healthPort}/ready`)).status === 200, '/ready', 10_000, 50);
    const resolver = new dnsPromises.Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`127.0.0.1:${dnsPort}`]);
    expect(await resolver.resolve4('kubernetes.default.svc.cluster.local')).toEqual(['10.96.0.1']);
    expect(p.stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z listed resource=services items=1 /m);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.stdout).toMatch(/received SIGTERM, stopping\n.*cluster DNS stopped\n$/);
  });

  it('exits 1 with the reason when its configuration is wrong', async () => {
    const p = run(script, { ...env, DNS_PORT: 'fifty-three' });
    children.push(p.child);
    expect(await p.exited).toBe(1);
    expect(p.stdout).toMatch(/configuration error: DNS_PORT="fifty-three" is not an integer in 0\.\.65535/);
  });
});

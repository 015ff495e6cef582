/**
 * `pilothouse serve` as a process: restarts keep objects and credentials, kubeconfigs are 0600,
 * the kind-style merge into the user's kubeconfig, and clear errors for common mistakes.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kubectlOk } from './support/kubectl.js';
import { CLI, startServe } from './support/serve-process.js';

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('pilothouse serve lifecycle', () => {
  it('comes back with every object and the same credentials after a restart', async () => {
    const first = await startServe();
    try {
      await kubectlOk(first.kubeconfig, ['create', 'namespace', 'keep']);
      await kubectlOk(first.kubeconfig, ['create', 'configmap', 'settings', '-n', 'keep', '--from-literal=color=blue']);
      expect(statSync(first.kubeconfig).mode & 0o777).toBe(0o600);
      expect(statSync(join(first.dataDir, 'tokens', 'admin.token')).mode & 0o777).toBe(0o600);
      expect(statSync(join(first.dataDir, 'pki', 'ca.key')).mode & 0o777).toBe(0o600);
      const kubeconfigBefore = parse(readFileSync(first.kubeconfig, 'utf8'));
      expect(await first.stop('SIGINT')).toBe(0);
      expect(first.output()).toContain('SIGINT received, shutting down');

      const second = await startServe({ dataDir: first.dataDir });
      try {
        const kubeconfigAfter = parse(readFileSync(second.kubeconfig, 'utf8'));
        expect(kubeconfigAfter.users[0].user.token).toBe(kubeconfigBefore.users[0].user.token);
        expect(kubeconfigAfter.clusters[0].cluster['certificate-authority-data']).toBe(kubeconfigBefore.clusters[0].cluster['certificate-authority-data']);
        expect(await kubectlOk(second.kubeconfig, ['get', 'cm', 'settings', '-n', 'keep', '-o', 'jsonpath={.data.color}'])).toBe('blue');
      } finally {
        await second.stop();
      }
    } finally {
      first.cleanup();
    }
  });

  it('merges a pilothouse context into the user kubeconfig when --kubeconfig is not given', async () => {
    const home = mkdtempSync(join(tmpdir(), 'pilothouse-home-'));
    const kubeDir = join(home, '.kube');
    mkdirSync(kubeDir);
    const existing = { apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'other', cluster: { server: 'https://example.invalid' } }], users: [{ name: 'other', user: {} }], contexts: [{ name: 'other', context: { cluster: 'other', user: 'other' } }], 'current-context': 'other' };
    writeFileSync(join(kubeDir, 'config'), JSON.stringify(existing));
    const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', join(home, 'data'), '--port', '0'], {
      env: { ...process.env, HOME: home, KUBECONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(out)), 30000);
        child.stdout.on('data', (d: Buffer) => {
          out += d;
          if (out.includes('API server:')) { clearTimeout(t); resolve(); }
        });
        child.on('exit', () => reject(new Error(out)));
      });
      const merged = parse(readFileSync(join(kubeDir, 'config'), 'utf8'));
      expect(merged['current-context']).toBe('pilothouse');
      expect(merged.contexts.map((c: { name: string }) => c.name).sort()).toEqual(['other', 'pilothouse']);
      expect(statSync(join(kubeDir, 'config')).mode & 0o777).toBe(0o600);
      const nsOut = await kubectlOk(join(kubeDir, 'config'), ['get', 'ns', 'default', '-o', 'name']);
      expect(nsOut.trim()).toBe('namespace/default');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('says clearly that the port is in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'pilothouse-test-'));
    try {
      const r = await runCli(['serve', '--data-dir', dir, '--port', String(port), '--kubeconfig', join(dir, 'kc')]);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`pilothouse: port ${port} on 127.0.0.1 is already in use: choose another with --port, or --port 0 for a free one`);
      expect(r.out).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says clearly that the data directory cannot be written', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'pilothouse-test-'));
    const locked = join(parent, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      // root ignores permission bits, so also try a path under a regular file, which nobody can create.
      const file = join(parent, 'file');
      writeFileSync(file, '');
      const r = await runCli(['serve', '--data-dir', join(file, 'data'), '--port', '0', '--kubeconfig', join(parent, 'kc')]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/pilothouse: cannot use data directory .*file\/data: (ENOTDIR|EACCES|EEXIST)\. Choose a directory you can write to with --data-dir, or fix its permissions\./);
      expect(r.out).not.toMatch(/\n\s+at /);
    } finally {
      chmodSync(locked, 0o700);
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('says clearly that etcd cannot be reached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pilothouse-test-'));
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r)); // a port with nothing listening
    try {
      const r = await runCli(['serve', '--data-dir', dir, '--port', '0', '--kubeconfig', join(dir, 'kc'), '--store', 'etcd', '--etcd-endpoints', `http://127.0.0.1:${port}`]);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`pilothouse: cannot reach etcd at http://127.0.0.1:${port}`);
      expect(r.out).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

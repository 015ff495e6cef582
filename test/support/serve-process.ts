/**
 * Runs `pilothouse serve` as a user would (the built CLI in a child process) and drives it with
 * the real kubectl. Each instance gets its own temp data dir and kubeconfig, removed on stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(REPO, 'bin/pilothouse.mjs');

export interface ServeProcess {
  dataDir: string;
  kubeconfig: string;
  url: string;
  output: () => string;
  child: ChildProcess;
  /** SIGTERM and wait for exit (the data dir stays until `cleanup`). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  cleanup(): void;
}

export async function startServe(options: { dataDir?: string; args?: string[]; timeoutMs?: number } = {}): Promise<ServeProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pilothouse-test-'));
  const kubeconfig = join(dataDir, 'kubeconfig');
  const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir, '--port', '0', '--kubeconfig', kubeconfig, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KUBECONFIG: kubeconfig },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      // Leave nothing behind: the serve that did not start is ended (by its PID, ours).
      child.kill('SIGKILL');
      reject(new Error(`pilothouse serve did not start within ${options.timeoutMs ?? 30000} ms:\n${out}`));
    }, options.timeoutMs ?? 30000);
    const check = () => {
      const m = /API server: (https:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pilothouse serve exited with ${code}:\n${out}`));
    });
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    dataDir,
    kubeconfig,
    url,
    child,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

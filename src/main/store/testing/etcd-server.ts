/**
 * Starts a real, throwaway etcd for tests and benchmarks: loopback-only, free ports, a temporary
 * data directory. `stop()` ends exactly the process it started (by PID) and removes the directory.
 *
 * The binary is `$ETCD_BIN` when set, else `/usr/bin/etcd`, else `etcd` on PATH. When none exists,
 * `startEtcdServer` throws (suites must fail, not skip): install it with
 * `apt-get install -y etcd-server`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface EtcdServer {
  /** Client URL, e.g. `http://127.0.0.1:40123`. */
  readonly endpoint: string;
  readonly pid: number;
  readonly dataDir: string;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and removes the data directory. */
  stop(): Promise<void>;
}

export interface EtcdServerOptions {
  /** How long to wait for `/health`, in ms. Default 15 000. */
  readyTimeoutMs?: number;
}

/** `$ETCD_BIN` alone when set (an explicit choice is never second-guessed), else /usr/bin and PATH. */
function defaultCandidates(): Array<string | undefined> {
  if (process.env.ETCD_BIN) return [process.env.ETCD_BIN];
  return ['/usr/bin/etcd', ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'etcd'))];
}

/** Finds the etcd binary among `candidates` or throws an error that says how to install it. */
export function findEtcdBinary(candidates: Array<string | undefined> = defaultCandidates()): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  const looked = candidates.filter(Boolean).slice(0, 3).join(', ') + (candidates.length > 3 ? ', ...' : '');
  throw new Error(
    `etcd binary not found (looked at ${looked}). The etcd store suite needs a real etcd: ` +
      'install it with `apt-get install -y etcd-server`, or set ETCD_BIN to its path.',
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`etcd exited early (code ${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: string };
      if (res.ok && body.health === 'true') return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`etcd did not become healthy at ${url} within ${timeoutMs} ms:\n${output()}`);
}

export async function startEtcdServer(options: EtcdServerOptions = {}): Promise<EtcdServer> {
  const binary = findEtcdBinary();
  const [clientPort, peerPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-etcd-'));
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const child = spawn(
    binary,
    [
      '--name', 'default',
      '--data-dir', dataDir,
      '--listen-client-urls', client,
      '--advertise-client-urls', client,
      '--listen-peer-urls', peer,
      '--initial-advertise-peer-urls', peer,
      '--initial-cluster', `default=${peer}`,
      '--listen-metrics-urls', `http://127.0.0.1:${metricsPort}`,
      '--log-level', 'error',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('error', (e) => keep(Buffer.from(`\n${String(e)}`)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;

  const stop = async (): Promise<void> => {
    if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      const killTimer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
      }, 5000);
      await exited;
      clearTimeout(killTimer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  if (pid === undefined) {
    await stop();
    throw new Error(`could not start etcd from ${binary}`);
  }
  try {
    await waitForHealth(`${client}/health`, child, () => log, options.readyTimeoutMs ?? 15_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { endpoint: client, pid, dataDir, stop };
}

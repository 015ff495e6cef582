/**
 * Test support for controller specs: a real in-process cluster (memory store, HTTPS on a free
 * port) in a temporary data directory, and `eventually` to wait for a condition the
 * controllers bring about.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type ClusterHandle } from '../../cluster/start-cluster.js';

export interface TestCluster extends ClusterHandle {
  /** Stops the cluster and removes its data directory. */
  dispose(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-controllers-'));
  const cluster = await startCluster({ dataDir, port: 0, store: { backend: 'memory' }, scheduler: false, controllerManager: false });
  return {
    ...cluster,
    async dispose() {
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Calls `check` until it returns a value other than undefined/false (or stops throwing), and
 * resolves to that value; rejects with the last problem after `timeoutMs`.
 */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
      last = undefined;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

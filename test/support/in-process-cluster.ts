/**
 * A cluster started in the test's own process (the same `startCluster` that `pilothouse serve`
 * runs), with a kubeconfig on disk so the real kubectl can drive it. Used where a test needs a
 * hand on the inside too, such as stopping one simulated node's heartbeats.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type ClusterConfig, type ClusterHandle } from '../../src/main/cluster/start-cluster.js';
import { writeKubeconfig } from '../../src/main/cluster/kubeconfig.js';

export interface InProcessCluster {
  cluster: ClusterHandle;
  kubeconfig: string;
  stop(): Promise<void>;
}

export async function startInProcessCluster(config: Partial<ClusterConfig> = {}): Promise<InProcessCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-inproc-'));
  const cluster = await startCluster({ dataDir, port: 0, store: { backend: 'memory' }, ...config });
  const kubeconfig = join(dataDir, 'kubeconfig');
  writeKubeconfig(kubeconfig, { name: 'pilothouse', server: cluster.url, caCert: cluster.credentials.ca.cert, token: cluster.credentials.adminToken });
  return {
    cluster,
    kubeconfig,
    async stop() {
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Test harness for kubelet specs: a real in-process cluster (memory store), pod helpers that
 * create and bind pods the way the scheduler would, a `waitFor` poller, and fast kubelet timings
 * (crash-loop windows of tens of milliseconds).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiClient } from '../../client/api-client.js';
import { startCluster, type ClusterHandle } from '../../cluster/start-cluster.js';
import type { Pod } from '../api-types.js';
import type { KubeletTimings } from '../config.js';
import { PODS } from '../pod-source.js';

export const FAST_TIMINGS: Partial<KubeletTimings> = {
  leaseRenewIntervalMs: 200,
  nodeStatusUpdateFrequencyMs: 200,
  backoffInitialMs: 100,
  backoffMaxMs: 400,
  imageBackoffInitialMs: 100,
  imageBackoffMaxMs: 400,
  syncFrequencyMs: 1_000,
  housekeepingIntervalMs: 200,
  probeSecondMs: 50,
};

export interface TestCluster {
  cluster: ClusterHandle;
  client: ApiClient;
  close(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-kubelet-'));
  const cluster = await startCluster({ dataDir, port: 0, store: { backend: 'memory' }, scheduler: false, controllerManager: false });
  return {
    cluster,
    client: cluster.client,
    close: async () => {
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface PodSpecInput {
  containers?: Record<string, unknown>[];
  initContainers?: Record<string, unknown>[];
  volumes?: Record<string, unknown>[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  annotations?: Record<string, string>;
  terminationGracePeriodSeconds?: number;
}

/** Creates a pod (one `busybox:1.36` container named `app` unless given) and binds it to `node`. */
export async function createBoundPod(client: ApiClient, name: string, node: string, input: PodSpecInput = {}, namespace = 'default'): Promise<Pod> {
  const pod = await client.create<Pod>(PODS, namespace, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, annotations: input.annotations },
    spec: {
      containers: input.containers ?? [{ name: 'app', image: 'busybox:1.36' }],
      initContainers: input.initContainers,
      volumes: input.volumes,
      restartPolicy: input.restartPolicy,
      terminationGracePeriodSeconds: input.terminationGracePeriodSeconds,
    },
  });
  await client.createSubresource(PODS, namespace, name, 'binding', {
    apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: node },
  });
  return pod;
}

export function getPod(client: ApiClient, name: string, namespace = 'default'): Promise<Pod | undefined> {
  return client.tryGet<Pod>(PODS, namespace, name);
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function condition(pod: Pod | undefined, type: string): { status: string; reason?: string; message?: string } | undefined {
  return (pod?.status?.conditions ?? []).find((c) => c.type === type) as { status: string; reason?: string; message?: string } | undefined;
}

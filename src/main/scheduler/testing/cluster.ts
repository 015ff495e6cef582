/**
 * A real in-process cluster (memory store) with a scheduler wired in the way the composition
 * root will wire it: started on the admin client, its decisions handler on the API server.
 * For the scheduler's end-to-end specs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../../shared/api/object.js';
import { startCluster, type ClusterHandle } from '../../cluster/start-cluster.js';
import { NODES, PODS, type Node, type Pod } from '../api-types.js';
import { createScheduler, type Scheduler, type SchedulerOptions } from '../scheduler.js';
import { makeNode, makePod, type NodeOptions, type PodOptions } from './fixtures.js';

export interface SchedulerTestCluster {
  cluster: ClusterHandle;
  scheduler: Scheduler;
  createNode(name: string, o?: NodeOptions): Promise<Node>;
  createPod(name: string, o?: PodOptions): Promise<Pod>;
  getPod(name: string, namespace?: string): Promise<Pod>;
  dispose(): Promise<void>;
}

export async function startSchedulerCluster(options: Partial<SchedulerOptions> = {}): Promise<SchedulerTestCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-scheduler-'));
  const cluster = await startCluster({ dataDir, port: 0, store: { backend: 'memory' }, scheduler: false, controllerManager: false });
  const scheduler = createScheduler({ client: cluster.client, apiServer: cluster.apiServer, ...options });
  scheduler.start();
  await scheduler.whenReady();
  const client = cluster.client;
  return {
    cluster,
    scheduler,
    createNode: (name, o) => client.create<Node>(NODES, undefined, manifest(makeNode(name, o))),
    createPod: (name, o) => client.create<Pod>(PODS, o?.namespace ?? 'default', manifest(makePod(name, o))),
    getPod: (name, namespace = 'default') => client.get<Pod>(PODS, namespace, name),
    async dispose() {
      await scheduler.stop();
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fixture as a client would send it: no uid, no status for pods. */
function manifest(obj: KubeObject): KubeObject {
  const { uid: _uid, ...metadata } = obj.metadata;
  return obj.kind === 'Pod' ? { ...obj, metadata, status: undefined } : { ...obj, metadata };
}

/** The shared test helper: polls `check` until it returns a value (see controllers/testing). */
export { eventually } from '../../controllers/testing/test-cluster.js';

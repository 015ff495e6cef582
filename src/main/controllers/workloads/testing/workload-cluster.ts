/**
 * Fixtures for the workload controller specs: a real in-process cluster (the project's
 * `startTestCluster`) with a `dev` namespace, workload objects, and small listing helpers.
 */
import type { KubeObject } from '../../../../shared/api/object.js';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.js';
import type { Deployment, Pod, ReplicaOwner } from '../types.js';

export const NS = 'dev';
export const PODS = { apiVersion: 'v1', resource: 'pods' };
export const REPLICASETS = { apiVersion: 'apps/v1', resource: 'replicasets' };
export const DEPLOYMENTS = { apiVersion: 'apps/v1', resource: 'deployments' };

export async function startWorkloadCluster(): Promise<TestCluster> {
  const cluster = await startTestCluster();
  await cluster.client.create({ apiVersion: 'v1', resource: 'namespaces' }, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  return cluster;
}

export function podTemplate(labels: Record<string, string>, image = 'busybox:1') {
  return { metadata: { labels }, spec: { containers: [{ name: 'main', image }] } };
}

export function replicaSetFixture(name: string, replicas: number, labels = { app: name }): ReplicaOwner {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: NS },
    spec: { replicas, selector: { matchLabels: labels }, template: podTemplate(labels) },
  } as ReplicaOwner;
}

export function deploymentFixture(name: string, replicas: number, extra: Partial<NonNullable<Deployment['spec']>> = {}): Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NS },
    spec: { replicas, selector: { matchLabels: labels }, template: podTemplate(labels), ...extra },
  };
}

/** Pods in the test namespace, optionally only those controlled by `ownerUid`. */
export async function listPods(t: TestCluster, ownerUid?: string): Promise<Pod[]> {
  const pods = (await t.client.list<Pod>(PODS, NS)).items;
  return ownerUid ? pods.filter((p) => p.metadata.ownerReferences?.some((r) => r.controller && r.uid === ownerUid)) : pods;
}

export function names(objects: KubeObject[]): string[] {
  return objects.map((o) => o.metadata.name!).sort();
}

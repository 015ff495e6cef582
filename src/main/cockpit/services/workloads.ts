/**
 * `workloads:scale|restart|rollback`, as `kubectl scale`, `kubectl rollout restart` (the
 * `restartedAt` template annotation) and `kubectl rollout undo` (the chosen revision's
 * ReplicaSet template copied back into the Deployment) do them.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { ScalableKind } from '../../../shared/ipc/operation-types.js';
import type { CallHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';
import { CockpitError } from '../errors.js';

const SCALABLE: Record<ScalableKind, { apiVersion: string; resource: string }> = {
  Deployment: { apiVersion: 'apps/v1', resource: 'deployments' },
  ReplicaSet: { apiVersion: 'apps/v1', resource: 'replicasets' },
  StatefulSet: { apiVersion: 'apps/v1', resource: 'statefulsets' },
  ReplicationController: { apiVersion: 'v1', resource: 'replicationcontrollers' },
};
const DEPLOYMENTS = SCALABLE.Deployment;
const REPLICASETS = SCALABLE.ReplicaSet;
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const REVISION = 'deployment.kubernetes.io/revision';

export function workloadHandlers(ctx: CockpitContext): CallHandlers {
  return {
    'workloads:scale': async (r) => {
      const o = await ctx.client.patch(SCALABLE[r.kind], r.namespace, r.name, { spec: { replicas: r.replicas } }, 'merge');
      return { replicas: (o.spec as { replicas?: number }).replicas ?? r.replicas };
    },
    'workloads:restart': async (r) => {
      const restartedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      await ctx.client.patch(DEPLOYMENTS, r.namespace, r.name, { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: restartedAt } } } } }, 'strategic');
      return { restartedAt };
    },
    'workloads:rollback': (r) => rollback(ctx, r.namespace, r.name, r.toRevision),
  };
}

async function rollback(ctx: CockpitContext, namespace: string, name: string, toRevision?: number): Promise<{ revision: number }> {
  const deployment = await ctx.client.get(DEPLOYMENTS, namespace, name);
  const uid = deployment.metadata.uid;
  const owned = (await ctx.client.list(REPLICASETS, namespace)).items
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === uid))
    .map((rs) => ({ rs, revision: Number(rs.metadata.annotations?.[REVISION] ?? 0) }))
    .filter((x) => x.revision > 0);
  const current = Number(deployment.metadata.annotations?.[REVISION] ?? Math.max(0, ...owned.map((x) => x.revision)));
  const target = toRevision !== undefined
    ? owned.find((x) => x.revision === toRevision)
    : owned.filter((x) => x.revision < current).sort((a, b) => b.revision - a.revision)[0];
  if (!target) {
    throw new CockpitError('NotFound', toRevision !== undefined
      ? `deployment ${namespace}/${name} has no revision ${toRevision}`
      : `deployment ${namespace}/${name} has no previous revision to roll back to`);
  }
  const template = structuredClone((target.rs.spec as { template: KubeObject }).template);
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  await ctx.client.patch(DEPLOYMENTS, namespace, name, [{ op: 'replace', path: '/spec/template', value: template }], 'json');
  return { revision: target.revision };
}

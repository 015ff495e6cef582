/** `cluster:info`: where the API server is, its version, how to point kubectl at it, node counts. */
import type { ClusterInfo } from '../../../shared/ipc/operation-types.js';
import type { CallHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';
import { rawGet } from '../raw-api.js';

export function clusterInfoHandlers(ctx: CockpitContext): CallHandlers {
  return { 'cluster:info': () => clusterInfo(ctx) };
}

export async function clusterInfo(ctx: CockpitContext): Promise<ClusterInfo> {
  const [version, nodes] = await Promise.all([
    rawGet<{ gitVersion?: string }>(ctx, '/version'),
    ctx.client.list({ apiVersion: 'v1', resource: 'nodes' }),
  ]);
  const ready = nodes.items.filter((n) => ((n.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [])
    .some((c) => c.type === 'Ready' && c.status === 'True')).length;
  const names = nodes.items.map((n) => n.metadata.name!);
  const simulated = names.filter((n) => ctx.nodes.typeOf(n) === 'simulated').length;
  const docker = names.filter((n) => ctx.nodes.typeOf(n) === 'docker').length;
  return {
    mode: ctx.mode,
    apiUrl: ctx.url,
    version: version.gitVersion ?? 'unknown',
    kubeconfigPath: ctx.kubeconfigPath,
    kubeconfigContext: ctx.kubeconfigContext,
    kubectlCommand: ctx.kubeconfigPath ? kubectlCommand(ctx.kubeconfigPath, ctx.kubeconfigContext) : undefined,
    dataDir: ctx.dataDir,
    nodes: { total: names.length, ready, simulated, docker, remote: names.length - simulated - docker },
    docker: ctx.docker ?? { available: docker > 0 },
  };
}

/** `kubectl --kubeconfig PATH [--context C] get nodes`, the path quoted for a POSIX shell when needed. */
export function kubectlCommand(kubeconfigPath: string, context?: string): string {
  const quoted = /[^\w@%+=:,./-]/.test(kubeconfigPath) ? `'${kubeconfigPath.replace(/'/g, `'\\''`)}'` : kubeconfigPath;
  return context ? `kubectl --kubeconfig ${quoted} --context ${context} get nodes` : `kubectl --kubeconfig ${quoted} get nodes`;
}

/**
 * Read-only views the API server already serves, reshaped for the UI: the scheduler's decision
 * for a pod, metrics.k8s.io usage (with quantities parsed), and an OpenAPI v3 schema per kind.
 */
import { quantityValue } from '../../../shared/api/quantity.js';
import type { NodeUsage, OpenApiSchemaResponse, PodUsage, SchedulerDecision } from '../../../shared/ipc/operation-types.js';
import type { CallHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';
import { CockpitError } from '../errors.js';
import { rawGet } from '../raw-api.js';

const METRICS = '/apis/metrics.k8s.io/v1beta1';

interface Usage { cpu: string; memory: string }
interface MetricsList<T> { items: T[] }
interface NodeMetrics { metadata: { name: string }; timestamp: string; window: string; usage: Usage }
interface PodMetrics { metadata: { name: string; namespace: string }; timestamp: string; window: string; containers: { name: string; usage: Usage }[] }

export function clusterViewHandlers(ctx: CockpitContext): CallHandlers {
  return {
    'scheduler:decision': (r) =>
      rawGet<SchedulerDecision>(ctx, `/apis/scheduling.pilothouse.dev/v1/namespaces/${encodeURIComponent(r.namespace)}/podschedulingdecisions/${encodeURIComponent(r.name)}`),
    'metrics:nodes': async () => ({ items: await readNodeMetrics(ctx) }),
    'metrics:pods': async (r) => ({ items: await readPodMetrics(ctx, r.namespace) }),
    'openapi:schema': (r) => openApiSchema(ctx, r.apiVersion, r.kind),
  };
}

export async function readNodeMetrics(ctx: CockpitContext): Promise<NodeUsage[]> {
  return (await rawGet<MetricsList<NodeMetrics>>(ctx, `${METRICS}/nodes`)).items.map(nodeUsage);
}

export async function readPodMetrics(ctx: CockpitContext, namespace?: string): Promise<PodUsage[]> {
  const path = namespace ? `${METRICS}/namespaces/${encodeURIComponent(namespace)}/pods` : `${METRICS}/pods`;
  return (await rawGet<MetricsList<PodMetrics>>(ctx, path)).items.map(podUsage);
}

function nodeUsage(m: NodeMetrics): NodeUsage {
  return { name: m.metadata.name, timestamp: m.timestamp, window: m.window, ...parsed(m.usage) };
}

function podUsage(m: PodMetrics): PodUsage {
  const containers = m.containers.map((c) => ({ name: c.name, ...parsed(c.usage) }));
  return {
    namespace: m.metadata.namespace, name: m.metadata.name, timestamp: m.timestamp, window: m.window, containers,
    cpuCores: containers.reduce((s, c) => s + c.cpuCores, 0),
    memoryBytes: containers.reduce((s, c) => s + c.memoryBytes, 0),
  };
}

function parsed(u: Usage) {
  return { cpu: u.cpu, memory: u.memory, cpuCores: quantityValue(u.cpu), memoryBytes: quantityValue(u.memory) };
}

type Gvk = { group?: string; version?: string; kind?: string };
interface OpenApiDoc {
  paths?: Record<string, Record<string, { 'x-kubernetes-group-version-kind'?: Gvk; requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>;
  components?: { schemas?: Record<string, Record<string, unknown>> };
}

export async function openApiSchema(ctx: CockpitContext, apiVersion: string, kind: string): Promise<OpenApiSchemaResponse> {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const doc = await rawGet<OpenApiDoc>(ctx, group ? `/openapi/v3/apis/${group}/${version}` : `/openapi/v3/api/${version}`);
  const schemas = doc.components?.schemas ?? {};
  const matches = (g: Gvk | Gvk[] | undefined) => (Array.isArray(g) ? g : g ? [g] : []).some((x) => (x.group ?? '') === group && x.version === version && x.kind === kind);
  let root = Object.keys(schemas).find((name) => matches(schemas[name]['x-kubernetes-group-version-kind'] as Gvk[] | undefined));
  if (!root) {
    // Otherwise: the body of the kind's create operation.
    for (const ops of Object.values(doc.paths ?? {})) {
      const post = ops.post;
      if (!post || !matches(post['x-kubernetes-group-version-kind'])) continue;
      const ref = Object.values(post.requestBody?.content ?? {})[0]?.schema?.$ref;
      if (ref) root = ref.replace('#/components/schemas/', '');
      break;
    }
  }
  if (!root || !schemas[root]) throw new CockpitError('NotFound', `no OpenAPI schema for ${kind} in ${apiVersion}`);
  return { root, schemas };
}

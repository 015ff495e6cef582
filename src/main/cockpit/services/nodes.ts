/**
 * `nodes:cordon|uncordon|drain` (as kubectl does them: unschedulable, then evictions through
 * the Eviction API, waiting until the evicted pods are gone) and the fault-injection channels
 * `nodes:add|stop|kill|start`, delegated to `NodeFaults`.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { DrainResponse } from '../../../shared/ipc/operation-types.js';
import { ApiClientError } from '../../client/api-client.js';
import { Informer } from '../../client/informer.js';
import type { CallHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';
import { CockpitError } from '../errors.js';

const NODES = { apiVersion: 'v1', resource: 'nodes' };
const PODS = { apiVersion: 'v1', resource: 'pods' };
const MIRROR = 'kubernetes.io/config.mirror';

export function nodeHandlers(ctx: CockpitContext): CallHandlers {
  return {
    'nodes:cordon': async (r) => {
      await ctx.client.patch(NODES, undefined, r.name, { spec: { unschedulable: true } }, 'merge');
      return { unschedulable: true };
    },
    'nodes:uncordon': async (r) => {
      await ctx.client.patch(NODES, undefined, r.name, { spec: { unschedulable: null } }, 'merge');
      return { unschedulable: false };
    },
    'nodes:drain': (r) => drain(ctx, r.name, r.gracePeriodSeconds, (r.timeoutSeconds ?? 60) * 1000),
    'nodes:add': (r) => ctx.nodes.add(r),
    'nodes:stop': (r) => ctx.nodes.stop(r.name),
    'nodes:kill': (r) => ctx.nodes.kill(r.name),
    'nodes:start': (r) => ctx.nodes.start(r.name),
  };
}

export async function drain(ctx: CockpitContext, node: string, gracePeriodSeconds: number | undefined, timeoutMs: number): Promise<DrainResponse> {
  await ctx.client.patch(NODES, undefined, node, { spec: { unschedulable: true } }, 'merge');
  const deadline = Date.now() + timeoutMs;
  const pods = (await ctx.client.list(PODS, undefined, { fieldSelector: `spec.nodeName=${node}` })).items;
  const skipped: DrainResponse['skipped'] = [];
  const evict: KubeObject[] = [];
  for (const pod of pods) {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (pod.metadata.annotations?.[MIRROR]) skipped.push({ pod: key, reason: 'mirror pod (managed by the kubelet)' });
    else if (pod.metadata.ownerReferences?.some((o) => o.controller && o.kind === 'DaemonSet')) skipped.push({ pod: key, reason: 'DaemonSet-managed pod' });
    else evict.push(pod);
  }
  // Watch the node's pods before evicting, so none of the deletions can be missed.
  const informer = new Informer(ctx.client, PODS, { selectors: { fieldSelector: `spec.nodeName=${node}` } });
  const remaining = new Set(evict.map((p) => p.metadata.uid!));
  let done: () => void = () => {};
  const allGone = new Promise<void>((resolve) => (done = resolve));
  const check = () => {
    for (const uid of remaining) if (!informer.list().some((p) => p.metadata.uid === uid)) remaining.delete(uid);
    if (remaining.size === 0) done();
  };
  informer.addHandlers({ onDelete: check, onUpdate: check });
  informer.start();
  try {
    await informer.waitForSync();
    for (const pod of evict) await evictWithRetry(ctx, pod, gracePeriodSeconds, deadline);
    check();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))));
    const outcome = await Promise.race([allGone, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      throw new CockpitError('Timeout', `drain ${node}: ${remaining.size} pod(s) still terminating after ${Math.round(timeoutMs / 1000)}s`);
    }
  } finally {
    informer.stop();
  }
  return { evicted: evict.map((p) => `${p.metadata.namespace}/${p.metadata.name}`), skipped };
}

/** POST pods/eviction; a 429 (a disruption budget says not now) is retried until the deadline. */
async function evictWithRetry(ctx: CockpitContext, pod: KubeObject, gracePeriodSeconds: number | undefined, deadline: number): Promise<void> {
  const body = {
    apiVersion: 'policy/v1', kind: 'Eviction',
    metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace },
    ...(gracePeriodSeconds !== undefined ? { deleteOptions: { gracePeriodSeconds } } : {}),
  };
  for (;;) {
    try {
      await ctx.client.createSubresource(PODS, pod.metadata.namespace, pod.metadata.name!, 'eviction', body);
      return;
    } catch (e) {
      if (e instanceof ApiClientError && e.code === 404) return;
      if (!(e instanceof ApiClientError) || e.code !== 429 || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

import { describe, expect, it } from 'vitest';
import { ADMIN_USER } from '../apiserver/authn.js';
import type { ApiRequest } from '../apiserver/http/types.js';
import { decisionRecord, DecisionStore } from './decisions.js';
import { decisionsApiHandler } from './decisions-api.js';
import { buildFramework } from './framework/registry.js';
import { schedulePod } from './schedule-one.js';
import { makeCache, makeNode, podInfo } from './testing/fixtures.js';

function store(): DecisionStore {
  const s = new DecisionStore();
  const cache = makeCache([makeNode('n1')]);
  for (const [ns, name] of [['default', 'a'], ['default', 'b'], ['prod', 'c']]) {
    const pod = podInfo(name, { namespace: ns });
    s.record(decisionRecord(pod, schedulePod({ framework: buildFramework(), nodes: cache.nodeList() }, pod), { schedulerName: 'default-scheduler', time: new Date(0), attempts: 1, scorePlugins: [] }));
  }
  return s;
}

const handler = decisionsApiHandler(store());
const call = (path: string, method = 'GET') =>
  handler({ method, path, query: new URLSearchParams(), headers: {} } satisfies ApiRequest, ADMIN_USER) as Promise<{ status: number; body: any } | undefined>;

describe('decisions API handler', () => {
  it('serves one decision by namespace and pod name', async () => {
    const res = await call('/apis/scheduling.pilothouse.dev/v1/namespaces/default/podschedulingdecisions/a');
    expect(res!.status).toBe(200);
    expect(res!.body).toMatchObject({ kind: 'PodSchedulingDecision', metadata: { name: 'a', namespace: 'default' }, decision: { result: 'Scheduled', selectedNode: 'n1' } });
  });

  it('answers 404 NotFound for a pod it knows nothing about', async () => {
    const res = await call('/apis/scheduling.pilothouse.dev/v1/namespaces/default/podschedulingdecisions/zzz');
    expect(res).toMatchObject({ status: 404, body: { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'podschedulingdecisions.scheduling.pilothouse.dev "zzz" not found' } });
  });

  it('lists per namespace and across namespaces', async () => {
    const ns = await call('/apis/scheduling.pilothouse.dev/v1/namespaces/default/podschedulingdecisions');
    expect(ns!.body).toMatchObject({ kind: 'PodSchedulingDecisionList', apiVersion: 'scheduling.pilothouse.dev/v1' });
    expect(ns!.body.items.map((i: any) => i.metadata.name)).toEqual(['a', 'b']);
    const all = await call('/apis/scheduling.pilothouse.dev/v1/podschedulingdecisions/');
    expect(all!.body.items).toHaveLength(3);
  });

  it('describes its resource for discovery and is read-only', async () => {
    expect((await call('/apis/scheduling.pilothouse.dev/v1'))!.body).toMatchObject({ kind: 'APIResourceList', groupVersion: 'scheduling.pilothouse.dev/v1' });
    expect((await call('/apis/scheduling.pilothouse.dev/v1/namespaces/default/podschedulingdecisions/a', 'DELETE'))!.status).toBe(405);
    expect((await call('/apis/scheduling.pilothouse.dev/v1/things'))!.status).toBe(404);
  });

  it('leaves other paths to the API server', async () => {
    expect(await call('/api/v1/namespaces/default/pods')).toBeUndefined();
    expect(await call('/apis/scheduling.pilothouse.dev/v1beta1')).toBeUndefined();
  });
});

/**
 * The API server as a whole, in process: authentication, discovery documents, health and
 * version, routing of subresource paths, and defaulting as clients see it after a create.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtures, startTestServer, TEST_TOKEN, type TestServer } from './testing/in-process-server.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ namespaces: ['dev'] });
});
afterEach(() => t.close());

describe('authentication', () => {
  it('401 without a token or with a wrong one; a valid token is accepted', async () => {
    const none = await t.request('GET', '/api/v1/namespaces', { user: null });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
    const wrong = await t.request('GET', '/api/v1/namespaces', { user: null, headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const basic = await t.request('GET', '/api/v1/namespaces', { user: null, headers: { authorization: `Basic ${TEST_TOKEN}` } });
    expect(basic.status).toBe(401);
    const ok = await t.request('GET', '/api/v1/namespaces', { user: null, headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(ok.status).toBe(200);
  });

  it('in-process requests carry their user and skip token checks; health and version are open', async () => {
    expect((await t.request('GET', '/api/v1/namespaces')).status).toBe(200);
    for (const path of ['/livez', '/readyz', '/healthz']) {
      const res = await t.request('GET', path, { user: null });
      expect(res.status).toBe(200);
      expect(res.body).toBe('ok');
    }
    const version = await t.request('GET', '/version', { user: null });
    expect(version.body).toMatchObject({ major: '1', minor: '32', gitVersion: expect.stringMatching(/^v1\.32\./), platform: expect.any(String) });
  });

  it('discovery needs a token too', async () => {
    expect((await t.request('GET', '/api', { user: null })).status).toBe(401);
  });
});

describe('discovery', () => {
  it('/api lists v1 with the server address', async () => {
    const res = await t.request('GET', '/api');
    expect(res.body).toEqual({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] });
  });

  it('/api/v1 lists resources with verbs, short names, categories and subresources', async () => {
    const res = await t.request('GET', '/api/v1');
    expect(res.body).toMatchObject({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'v1' });
    const byName = new Map<string, Record<string, unknown>>(res.body.resources.map((r: { name: string }) => [r.name, r]));
    expect(byName.get('pods')).toMatchObject({
      singularName: 'pod', namespaced: true, kind: 'Pod', shortNames: ['po'], categories: ['all'],
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    });
    expect(byName.get('pods/status')).toMatchObject({ kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    expect(byName.get('pods/binding')).toMatchObject({ kind: 'Binding', verbs: ['create'] });
    expect(byName.get('pods/eviction')).toMatchObject({ kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] });
    expect(byName.get('namespaces')).toMatchObject({ namespaced: false, shortNames: ['ns'] });
    expect(byName.get('namespaces/finalize')).toMatchObject({ verbs: ['update'] });
  });

  it('/apis lists groups; /apis/apps/v1 has deployments/scale as autoscaling/v1 Scale', async () => {
    const groups = (await t.request('GET', '/apis')).body;
    expect(groups.kind).toBe('APIGroupList');
    const apps = groups.groups.find((g: { name: string }) => g.name === 'apps');
    expect(apps).toEqual({ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } });
    expect(groups.groups.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(['apps', 'coordination.k8s.io', 'discovery.k8s.io', 'networking.k8s.io']));
    const appsV1 = (await t.request('GET', '/apis/apps/v1')).body;
    expect(appsV1.groupVersion).toBe('apps/v1');
    const scale = appsV1.resources.find((r: { name: string }) => r.name === 'deployments/scale');
    expect(scale).toMatchObject({ kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] });
    expect((await t.request('GET', '/apis/apps')).body).toMatchObject({ kind: 'APIGroup', name: 'apps' });
  });

  it('404 for unknown groups, versions and resources', async () => {
    for (const path of ['/apis/nope.example.com/v1', '/api/v2', '/api/v1/widgets', '/apis/apps/v1/namespaces/dev/widgets']) {
      const res = await t.request('GET', path);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ reason: 'NotFound', message: 'the server could not find the requested resource' });
    }
  });

  it('OpenAPI v3 root and a group document are served', async () => {
    const root = await t.request('GET', '/openapi/v3');
    expect(root.status).toBe(200);
    const paths = JSON.parse(root.body.toString()).paths;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1']));
    expect((await t.request('GET', '/openapi/v3/apis/apps/v1')).status).toBe(200);
  });
});

describe('routing', () => {
  it('namespaces/{name}/status is the namespace status, not a resource called "status"', async () => {
    const ns = (await t.request('GET', '/api/v1/namespaces/dev')).body;
    const res = await t.request('PUT', '/api/v1/namespaces/dev/status', {
      body: { ...ns, status: { ...ns.status, conditions: [{ type: 'NamespaceDeletionDiscoveryFailure', status: 'False' }] } },
    });
    expect(res.status).toBe(200);
    expect(res.body.status.conditions).toHaveLength(1);
    expect((await t.request('GET', '/api/v1/namespaces/dev/status')).body.kind).toBe('Namespace');
  });

  it('cluster-scoped resources under a namespace path are 404; unknown subresources are 404', async () => {
    expect((await t.request('GET', '/api/v1/namespaces/dev/nodes')).status).toBe(404);
    await t.request('POST', '/api/v1/namespaces/dev/configmaps', { body: fixtures.configMap('c') });
    expect((await t.request('GET', '/api/v1/namespaces/dev/configmaps/c/status')).status).toBe(404);
  });

  it('POST on a named object is 405', async () => {
    await t.request('POST', '/api/v1/namespaces/dev/configmaps', { body: fixtures.configMap('c') });
    expect((await t.request('POST', '/api/v1/namespaces/dev/configmaps/c', { body: fixtures.configMap('c') })).status).toBe(405);
  });
});

describe('defaulting visible through the API', () => {
  it('pods: restartPolicy, dnsPolicy, grace period, scheduler, image pull policy by tag', async () => {
    const body = fixtures.pod('p');
    body.spec.containers = [
      { name: 'tagged', image: 'nginx:1.27' },
      { name: 'latest', image: 'nginx:latest' },
      { name: 'untagged', image: 'registry.example.com:5000/team/app' },
    ];
    const pod = (await t.request('POST', '/api/v1/namespaces/dev/pods', { body })).body;
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler', securityContext: {},
    });
    expect(pod.spec.containers.map((c: { imagePullPolicy: string }) => c.imagePullPolicy)).toEqual(['IfNotPresent', 'Always', 'Always']);
    expect(pod.spec.containers[0]).toMatchObject({ terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(pod.status).toMatchObject({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('deployments: replicas, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600', async () => {
    const d = fixtures.deployment('web') as { spec: Record<string, unknown> };
    delete d.spec.replicas;
    const res = (await t.request('POST', '/apis/apps/v1/namespaces/dev/deployments', { body: d })).body;
    expect(res.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(res.spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' });
  });

  it('services: type ClusterIP, sessionAffinity None, protocol TCP, targetPort = port', async () => {
    const svc = (await t.request('POST', '/api/v1/namespaces/dev/services', { body: fixtures.service('s', { ports: [{ port: 8080 }] }) })).body;
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None' });
    expect(svc.spec.ports[0]).toMatchObject({ port: 8080, protocol: 'TCP', targetPort: 8080 });
    expect(svc.status).toEqual({ loadBalancer: {} });
  });

  it('namespaces: the kubernetes finalizer and phase Active', async () => {
    const ns = (await t.request('GET', '/api/v1/namespaces/dev')).body;
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
  });
});

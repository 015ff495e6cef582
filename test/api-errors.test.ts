/**
 * Bad input gets a Kubernetes Status a person can act on, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { startServe, type ServeProcess } from './support/serve-process.js';
import { request, targetFromKubeconfig, type Target } from './support/https-client.js';

let serve: ServeProcess;
let api: Target;

beforeAll(async () => {
  serve = await startServe();
  api = targetFromKubeconfig(serve.kubeconfig);
});

afterAll(async () => {
  await serve?.stop();
  serve?.cleanup();
});

const cmPath = '/api/v1/namespaces/default/configmaps';
async function configMapNames(): Promise<string[]> {
  const res = await request(api, 'GET', cmPath);
  return res.json().items.map((i: { metadata: { name: string } }) => i.metadata.name);
}

describe('API errors', () => {
  it('401 without a token or with a wrong one, but health endpoints stay open', async () => {
    const none = await request({ ...api, token: undefined }, 'GET', '/api/v1/namespaces');
    expect(none.status).toBe(401);
    expect(none.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const wrong = await request({ ...api, token: 'not-the-token' }, 'GET', '/api/v1/namespaces');
    expect(wrong.status).toBe(401);
    expect((await request({ ...api, token: undefined }, 'GET', '/livez')).text).toBe('ok');
    expect((await request({ ...api, token: undefined }, 'GET', '/readyz')).status).toBe(200);
    expect((await request({ ...api, token: undefined }, 'GET', '/version')).json()).toMatchObject({ major: '1', minor: '32' });
  });

  it('400 for malformed JSON and YAML, and nothing is written', async () => {
    const before = await configMapNames();
    const bad = await request(api, 'POST', cmPath, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"');
    expect(bad.status).toBe(400);
    expect(bad.json().message).toMatch(/not valid JSON/);
    const badYaml = await request(api, 'POST', cmPath, 'metadata: {name: x\n  data: [', { 'content-type': 'application/yaml' });
    expect(badYaml.status).toBe(400);
    expect(badYaml.json().message).toMatch(/not valid YAML/);
    expect(await configMapNames()).toEqual(before);
  });

  it('kubectl reports an unknown field by name under strict validation', async () => {
    const r = await kubectl(serve.kubeconfig, ['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'typo', namespace: 'default' },
      spec: { replicaz: 2, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'busybox', imagee: 'x' }] } } },
    }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unknown field "spec.replicaz"');
    expect(r.stderr).toContain('unknown field "spec.template.spec.containers[0].imagee"');
    const get = await kubectl(serve.kubeconfig, ['get', 'deploy', 'typo']);
    expect(get.stderr).toContain('not found');
  });

  it('422 with field paths for invalid names and missing required fields', async () => {
    const r = await kubectl(serve.kubeconfig, ['create', '-f', '-'], JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'c' }] },
    }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/is invalid/);
    expect(r.stderr).toContain('metadata.name: Invalid value: "Bad_Name"');
    expect(r.stderr).toContain('spec.containers[0].image: Required value');
    const res = await request(api, 'POST', cmPath, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }));
    expect(res.status).toBe(422);
    expect(res.json().details.causes[0]).toMatchObject({ reason: 'FieldValueRequired', field: 'metadata.name' });
  });

  it('404 for unknown resources and missing objects', async () => {
    const r = await kubectl(serve.kubeconfig, ['get', 'widgets']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/the server doesn't have a resource type "widgets"/);
    const raw = await request(api, 'GET', '/api/v1/widgets');
    expect(raw.status).toBe(404);
    const missing = await request(api, 'GET', `${cmPath}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.json().message).toBe('configmaps "nope" not found');
  });

  it('413 for bodies over the size limit, 415 for wrong content types', async () => {
    const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { blob: 'x'.repeat(4 * 1024 * 1024) } });
    const tooBig = await request(api, 'POST', cmPath, big);
    expect(tooBig.status).toBe(413);
    const wrongType = await request(api, 'POST', cmPath, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(wrongType.status).toBe(415);
    const wrongPatch = await request(api, 'PATCH', `${cmPath}/kube-root`, '{}', { 'content-type': 'text/plain' });
    expect(wrongPatch.status).toBe(415);
    expect(await configMapNames()).not.toContain('big');
  });

  it('dry run validates and returns the object without storing it', async () => {
    await kubectlOk(serve.kubeconfig, ['create', 'configmap', 'dry', '--from-literal=a=b', '--dry-run=server']);
    expect(await configMapNames()).not.toContain('dry');
  });
});

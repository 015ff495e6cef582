import { describe, expect, it } from 'vitest';
import { openApiV3Document, openApiV3Hash, openApiV3Root, type OpenApiResource } from './openapi.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CORE: OpenApiResource[] = [
  { plural: 'pods', kind: 'Pod', namespaced: true, subresources: ['status', 'binding', 'eviction', 'log', 'exec'] },
  { plural: 'nodes', kind: 'Node', namespaced: false, subresources: ['status'] },
  { plural: 'namespaces', kind: 'Namespace', namespaced: false, subresources: ['status'] },
  { plural: 'services', kind: 'Service', namespaced: true, subresources: ['status'] },
  { plural: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { plural: 'secrets', kind: 'Secret', namespaced: true },
  { plural: 'events', kind: 'Event', namespaced: true },
  { plural: 'endpoints', kind: 'Endpoints', namespaced: true },
  { plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  { plural: 'replicationcontrollers', kind: 'ReplicationController', namespaced: true, subresources: ['status', 'scale'] },
];
const APPS: OpenApiResource[] = [
  { plural: 'deployments', kind: 'Deployment', namespaced: true, subresources: ['status', 'scale'] },
  { plural: 'replicasets', kind: 'ReplicaSet', namespaced: true, subresources: ['status', 'scale'] },
];

const coreDoc = openApiV3Document('', 'v1', CORE) as Json;
const appsDoc = openApiV3Document('apps', 'v1', APPS) as Json;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

function* operations(doc: Json): Generator<{ path: string; method: string; op: Json }> {
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) if (item[method]) yield { path, method, op: item[method] };
  }
}

/** Every `$ref` string anywhere in a JSON value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

/** What `kubectl explain` does: GVK from the list path's operations, then the component with that GVK. */
function explain(doc: Json, prefix: string, plural: string, namespaced: boolean, fieldPath: string[]): Json {
  const listPath = namespaced ? `${prefix}/namespaces/{namespace}/${plural}` : `${prefix}/${plural}`;
  const gvk = doc.paths[listPath].get['x-kubernetes-group-version-kind'];
  const schemas: Json = doc.components.schemas;
  let schema = Object.values<Json>(schemas).find((s) =>
    (s['x-kubernetes-group-version-kind'] ?? []).some((g: Json) => JSON.stringify(g) === JSON.stringify(gvk)));
  expect(schema).toBeDefined();
  const resolve = (s: Json): Json => {
    const ref = s.$ref ?? s.allOf?.[0]?.$ref;
    return ref ? schemas[ref.replace('#/components/schemas/', '')] : s;
  };
  for (const field of fieldPath) {
    let next = resolve(schema!).properties?.[field];
    expect(next, field).toBeDefined();
    next = resolve(next);
    schema = next.items ? resolve(next.items) : next;
  }
  return schema!;
}

describe('openApiV3Root', () => {
  it('lists every group-version with a content-hashed URL', () => {
    const root = openApiV3Root([{ group: '', version: 'v1' }, { group: 'apps', version: 'v1' }]);
    expect(Object.keys(root.paths)).toEqual(['api/v1', 'apis/apps/v1']);
    expect(root.paths['api/v1']!.serverRelativeURL).toBe(`/openapi/v3/api/v1?hash=${openApiV3Hash(coreDoc)}`);
    expect(root.paths['apis/apps/v1']!.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('hashes the document built from explicit resources, and changes when it changes', () => {
    const a = openApiV3Root([{ group: 'apps', version: 'v1', resources: APPS }]);
    const b = openApiV3Root([{ group: 'apps', version: 'v1', resources: APPS.slice(0, 1) }]);
    expect(a.paths['apis/apps/v1']!.serverRelativeURL).not.toBe(b.paths['apis/apps/v1']!.serverRelativeURL);
    const again = openApiV3Root([{ group: 'apps', version: 'v1', resources: APPS }]);
    expect(again).toEqual(a);
  });

  it('falls back to a schema hash for a group-version with no document yet', () => {
    const root = openApiV3Root([{ group: 'coordination.k8s.io', version: 'v1' }]);
    expect(root.paths['apis/coordination.k8s.io/v1']!.serverRelativeURL).toMatch(/\?hash=[0-9A-F]{128}$/);
  });
});

describe('openApiV3Document', () => {
  it('is an OpenAPI 3.0 document with paths and component schemas', () => {
    expect(coreDoc.openapi).toBe('3.0.0');
    expect(coreDoc.info).toEqual({ title: 'Kubernetes', version: 'unversioned' });
    expect(Object.keys(appsDoc.paths)).toEqual(expect.arrayContaining([
      '/apis/apps/v1/namespaces/{namespace}/deployments',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
      '/apis/apps/v1/deployments',
    ]));
    expect(Object.keys(coreDoc.paths)).toEqual(expect.arrayContaining(['/api/v1/nodes', '/api/v1/nodes/{name}']));
    expect(coreDoc.paths['/api/v1/namespaces/{namespace}/nodes']).toBeUndefined();
  });

  it('gives every PATCH, PUT and POST the fieldValidation parameter and a single GVK object', () => {
    for (const doc of [coreDoc, appsDoc]) {
      for (const { path, method, op } of operations(doc)) {
        if (method === 'get' || method === 'delete' || op['x-kubernetes-action'] === 'connect') continue;
        expect(op.parameters, `${method} ${path}`).toContainEqual(expect.objectContaining({
          name: 'fieldValidation', in: 'query', schema: { type: 'string' },
        }));
        expect(Object.keys(op['x-kubernetes-group-version-kind']).sort(), `${method} ${path}`).toEqual(['group', 'kind', 'version']);
      }
    }
    const patch = appsDoc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', kind: 'Deployment', version: 'v1' });
    expect(patch['x-kubernetes-action']).toBe('patch');
    expect(Object.keys(patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
    const scale = appsDoc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch;
    expect(scale['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', kind: 'Scale', version: 'v1' });
    const core = coreDoc.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
    expect(core['x-kubernetes-group-version-kind']).toEqual({ group: '', kind: 'Pod', version: 'v1' });
  });

  it('resolves every $ref to a component', () => {
    for (const doc of [coreDoc, appsDoc]) {
      const missing = refsIn(doc)
        .map((r) => r.replace('#/components/schemas/', ''))
        .filter((name) => !doc.components.schemas[name]);
      expect(missing).toEqual([]);
    }
    expect(appsDoc.components.schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
    expect(coreDoc.components.schemas['io.k8s.api.policy.v1.Eviction']).toBeDefined();
  });

  it('tags kinds and generated lists with x-kubernetes-group-version-kind', () => {
    const schemas = appsDoc.components.schemas;
    expect(schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    expect(schemas['io.k8s.api.apps.v1.DeploymentList']).toMatchObject({
      required: ['items'],
      'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'DeploymentList', version: 'v1' }],
    });
  });

  it('writes patch and list extensions, maps and int-or-string like kube-apiserver', () => {
    const schemas = coreDoc.components.schemas;
    expect(schemas['io.k8s.api.core.v1.PodSpec'].properties.containers).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' },
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(schemas['io.k8s.api.core.v1.PodSpec'].properties.volumes['x-kubernetes-patch-strategy']).toBe('merge,retainKeys');
    expect(schemas['io.k8s.api.core.v1.PodSpec'].properties.tolerations['x-kubernetes-list-type']).toBe('atomic');
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.labels).toMatchObject({
      type: 'object', additionalProperties: { type: 'string' },
    });
    expect(schemas['io.k8s.api.core.v1.ResourceRequirements'].properties.limits.additionalProperties).toEqual({
      $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity',
    });
    const rolling = appsDoc.components.schemas['io.k8s.api.apps.v1.RollingUpdateDeployment'].properties;
    expect(rolling.maxSurge['x-kubernetes-int-or-string']).toBe(true);
    expect(appsDoc.components.schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      format: 'int-or-string', 'x-kubernetes-int-or-string': true,
    });
    const spec = appsDoc.components.schemas['io.k8s.api.apps.v1.DeploymentSpec'].properties;
    expect(spec.strategy['x-kubernetes-patch-strategy']).toBe('retainKeys');
    expect(spec.template.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec' }]);
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toMatchObject({ type: 'string', format: 'date-time' });
  });

  it('lets kubectl explain walk deployment.spec and pod.spec.containers', () => {
    const spec = explain(appsDoc, '/apis/apps/v1', 'deployments', true, ['spec']);
    expect(Object.keys(spec.properties)).toEqual(expect.arrayContaining(['replicas', 'selector', 'strategy', 'template']));
    expect(spec.required).toEqual(['selector', 'template']);
    const container = explain(coreDoc, '/api/v1', 'pods', true, ['spec', 'containers']);
    expect(container.properties.image.type).toBe('string');
    const node = explain(coreDoc, '/api/v1', 'nodes', false, ['status', 'conditions']);
    expect(node.required).toEqual(['type', 'status']);
  });

  it('serves logs as text and connect subresources without a GVK', () => {
    const log = coreDoc.paths['/api/v1/namespaces/{namespace}/pods/{name}/log'].get;
    expect(log.responses['200'].content['text/plain']).toBeDefined();
    expect(coreDoc.paths['/api/v1/namespaces/{namespace}/pods/{name}/exec'].post['x-kubernetes-action']).toBe('connect');
    expect(coreDoc.paths['/api/v1/namespaces/{namespace}/pods/{name}/binding'].post['x-kubernetes-group-version-kind'])
      .toEqual({ group: '', kind: 'Binding', version: 'v1' });
  });

  it('rejects kinds without a schema and unknown subresources', () => {
    expect(() => openApiV3Document('apps', 'v1', [{ plural: 'x', kind: 'Nope', namespaced: true }])).toThrow(/no schema/);
    expect(() => openApiV3Document('apps', 'v1', [{ ...APPS[0]!, subresources: ['bogus'] }])).toThrow(/unknown subresource/);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(openApiV3Document('', 'v1', CORE))).toBe(JSON.stringify(coreDoc));
  });
});

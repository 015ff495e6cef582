import { describe, expect, it } from 'vitest';
import { lintManifest, type SchemaSource } from './manifest-lint';

// A slice of the API server's OpenAPI v3 document, in its shape: refs with siblings wrapped in
// allOf, maps as additionalProperties, IntOrString as x-kubernetes-int-or-string.
const schemas: Record<string, unknown> = {
  'io.k8s.api.apps.v1.Deployment': {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }], default: {} },
      spec: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }] },
    },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    type: 'object',
    properties: { name: { type: 'string' }, namespace: { type: 'string' }, labels: { type: 'object', additionalProperties: { type: 'string' } } },
  },
  'io.k8s.api.apps.v1.DeploymentSpec': {
    type: 'object',
    required: ['selector', 'template'],
    properties: {
      replicas: { type: 'integer', format: 'int32' },
      selector: { type: 'object', properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } } },
      template: { type: 'object', properties: { spec: { type: 'object', properties: { containers: { type: 'array', items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' } } } } } },
    },
  },
  'io.k8s.api.core.v1.Container': {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string' },
      image: { type: 'string' },
      imagePullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] },
      ports: { type: 'array', items: { type: 'object', properties: { containerPort: { type: 'integer' } } } },
      readinessProbe: { type: 'object', properties: { tcpSocket: { type: 'object', properties: { port: { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true } } } } },
    },
  },
};
const schemaFor: SchemaSource = async (apiVersion, kind) => (apiVersion === 'apps/v1' && kind === 'Deployment' ? { root: 'io.k8s.api.apps.v1.Deployment', schemas } : undefined);

const good = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    spec:
      containers:
        - name: web
          image: nginx
          readinessProbe: { tcpSocket: { port: http } }
`;

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

describe('lintManifest', () => {
  it('finds nothing wrong with a valid Deployment', async () => {
    expect(await lintManifest(good, schemaFor)).toEqual([]);
  });

  it('reports a wrong type at the value, an unknown field at its key, an enum and a missing required field', async () => {
    const text = good
      .replace('replicas: 2', 'replicas: two')
      .replace('image: nginx', 'image: nginx\n          imagePullPolicy: Sometimes\n          imagee: typo')
      .replace('        - name: web\n', '        - image: other\n        - name: web\n');
    const problems = await lintManifest(text, schemaFor);
    const byMessage = (m: string) => problems.find((p) => p.message.includes(m));
    const replicas = byMessage('spec.replicas: expected an integer');
    expect(replicas && text.slice(replicas.from, replicas.to)).toBe('two');
    const unknown = byMessage('unknown field "spec.template.spec.containers[1].imagee"');
    expect(unknown && text.slice(unknown.from, unknown.to)).toBe('imagee');
    const policy = byMessage('unsupported value string "Sometimes"');
    expect(policy && lineOf(text, policy.from)).toBe(text.split('\n').findIndex((l) => l.includes('Sometimes')) + 1);
    expect(byMessage('spec.template.spec.containers[0].name: Required value')).toBeDefined();
    expect(problems.every((p) => p.severity === 'error')).toBe(true);
  });

  it('places YAML syntax errors and checks every document at its own offsets', async () => {
    const text = `${good}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: b }\nspec: { selector: {}, template: {}, replicas: -x- }\n---\nkind: [unclosed\n`;
    const problems = await lintManifest(text, schemaFor);
    const secondDocLine = good.split('\n').length + 4;
    expect(problems.some((p) => p.message.includes('spec.replicas') && lineOf(text, p.from) === secondDocLine)).toBe(true);
    const syntax = problems.find((p) => p.message.startsWith('YAML:'));
    expect(syntax).toBeDefined();
    expect(lineOf(text, syntax!.from)).toBeGreaterThan(secondDocLine);
  });

  it('requires apiVersion, kind and a name, and warns when the cluster has no schema', async () => {
    const problems = await lintManifest('metadata: {}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n', schemaFor);
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining(['apiVersion: Required value', 'kind: Required value', 'metadata.name: Required value: name or generateName is required', 'The cluster publishes no schema for example.com/v1 Widget']),
    );
    expect(problems.find((p) => p.message.includes('Widget'))?.severity).toBe('warning');
  });
});

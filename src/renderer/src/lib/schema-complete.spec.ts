import { describe, expect, it } from 'vitest';
import { completionContext, documentAt, fieldOptions, valueOptions } from './schema-complete';

const schemas: Record<string, unknown> = {
  Deployment: { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { $ref: '#/components/schemas/Meta' }, spec: { allOf: [{ $ref: '#/components/schemas/Spec' }], description: 'Desired state' } } },
  Meta: { type: 'object', properties: { name: { type: 'string' }, labels: { type: 'object', additionalProperties: { type: 'string' } } } },
  Spec: { type: 'object', required: ['template'], properties: { replicas: { type: 'integer' }, template: { type: 'object', properties: { spec: { type: 'object', properties: { containers: { type: 'array', items: { $ref: '#/components/schemas/Container' } } } } } } } },
  Container: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, image: { type: 'string' }, imagePullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] }, ports: { type: 'array', items: { type: 'object', properties: { containerPort: { type: 'integer' } } } } } },
};

const at = (textWithCursor: string) => {
  const pos = textWithCursor.indexOf('|');
  return completionContext(textWithCursor.replace('|', ''), pos);
};

describe('schema completion', () => {
  it('finds the object the cursor is in from indentation, through sequences', () => {
    expect(at('spec:\n  re|')).toEqual({ from: 8, kind: 'key', path: ['spec'] });
    const doc = 'spec:\n  template:\n    spec:\n      containers:\n        - name: web\n          im|';
    expect(at(doc)?.path).toEqual(['spec', 'template', 'spec', 'containers', '[]']);
    expect(at('spec:\n  template:\n    spec:\n      containers:\n        - |')?.path).toEqual(['spec', 'template', 'spec', 'containers', '[]']);
    expect(at('metadata:\n  name: web\n|')?.path).toEqual([]);
    expect(at('spec:\n  template:\n    spec:\n      containers:\n        - name: web\n          ports:\n            - cont|')?.path).toEqual(['spec', 'template', 'spec', 'containers', '[]', 'ports', '[]']);
  });

  it('offers the fields there, required first, and enum values after a key', () => {
    const fields = fieldOptions(schemas, 'Deployment', ['spec', 'template', 'spec', 'containers', '[]']);
    expect(fields.map((f) => f.label)).toEqual(['name', 'image', 'imagePullPolicy', 'ports']);
    expect(fields.find((f) => f.label === 'ports')?.type).toBe('[]object');
    expect(fieldOptions(schemas, 'Deployment', []).find((f) => f.label === 'spec')?.description).toBe('Desired state');
    const ctx = at('spec:\n  template:\n    spec:\n      containers:\n        - name: web\n          imagePullPolicy: If|');
    expect(ctx).toMatchObject({ kind: 'value', key: 'imagePullPolicy' });
    expect(valueOptions(schemas, 'Deployment', ctx!.path, ctx!.key!)).toEqual(['Always', 'IfNotPresent', 'Never']);
  });

  it('works within one document of many', () => {
    const text = 'kind: A\n---\nkind: B\nspec: {}\n---\nkind: C\n';
    expect(documentAt(text, text.indexOf('spec'))).toEqual({ text: 'kind: B\nspec: {}\n', start: 12 });
  });
});

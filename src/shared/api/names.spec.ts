import { describe, expect, it } from 'vitest';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  nameProblems,
  validateAnnotations,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './names.js';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('DNS names', () => {
  it('accepts valid subdomains and rejects others with the upstream message', () => {
    expect(isDNS1123Subdomain('web-1.example.com')).toEqual([]);
    expect(isDNS1123Subdomain('Web')).toEqual([SUBDOMAIN_MSG]);
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });

  it('labels: no dots, 63 characters', () => {
    expect(isDNS1123Label('my-name')).toEqual([]);
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label('-x')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });

  it('DNS-1035 labels must start with a letter', () => {
    expect(isDNS1035Label('web')).toEqual([]);
    expect(isDNS1035Label('1web')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('generateName prefixes may end with a dash', () => {
    expect(nameProblems('subdomain', 'web-', true)).toEqual([]);
    expect(nameProblems('subdomain', 'web-')).toHaveLength(1);
    expect(nameProblems('path', 'a/b')).toEqual(["may not contain '/'"]);
  });
});

describe('labels and annotations', () => {
  it('qualified names: prefix and name parts', () => {
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(isQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of alphanumeric characters/);
    expect(isQualifiedName('bad key')).toEqual([
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
  });

  it('label values may be empty but not too long or oddly shaped', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('v1.2_3')).toEqual([]);
    expect(isValidLabelValue('-bad')).toHaveLength(1);
    expect(isValidLabelValue('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });

  it('annotations are limited to 256 KiB in total', () => {
    const errs = validateAnnotations({ big: 'x'.repeat(262144) }, 'metadata.annotations');
    expect(errs).toEqual([{ type: 'FieldValueTooLong', field: 'metadata.annotations', detail: 'must have at most 262144 bytes' }]);
    expect(validateAnnotations({ 'Example.COM/Key': 'v' }, 'metadata.annotations')).toEqual([]);
  });
});

describe('validateObjectMeta', () => {
  const opts = { namespaced: true, nameRule: 'subdomain' as const };

  it('requires a name and a namespace', () => {
    expect(validateObjectMeta({}, opts)).toEqual([
      { type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' },
      { type: 'FieldValueRequired', field: 'metadata.namespace' },
    ]);
  });

  it('reports bad names, labels and namespaces at metadata paths', () => {
    const errs = validateObjectMeta({ name: 'Web', namespace: 'default', labels: { 'bad key': 'ok' } }, opts);
    expect(errs.map((e) => e.field)).toEqual(['metadata.name', 'metadata.labels']);
    expect(errs[0]).toMatchObject({ type: 'FieldValueInvalid', badValue: 'Web', detail: SUBDOMAIN_MSG });
  });

  it('forbids a namespace on cluster-scoped kinds', () => {
    expect(validateObjectMeta({ name: 'n1', namespace: 'x' }, { namespaced: false, nameRule: 'subdomain' })).toEqual([
      { type: 'FieldValueForbidden', field: 'metadata.namespace', detail: 'not allowed on this type' },
    ]);
  });

  it('checks finalizers and owner references', () => {
    const errs = validateObjectMeta(
      { name: 'a', namespace: 'b', finalizers: ['custom'], ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: '' }] },
      opts,
    );
    expect(errs).toEqual([
      { type: 'FieldValueInvalid', field: 'metadata.ownerReferences.uid', badValue: '', detail: 'must not be empty' },
      { type: 'FieldValueInvalid', field: 'metadata.finalizers[0]', badValue: 'custom', detail: 'name is neither a standard finalizer name nor is it fully qualified' },
    ]);
  });

  it('update: identity fields are immutable', () => {
    const errs = validateObjectMetaUpdate({ name: 'b', uid: 'u' }, { name: 'a', uid: 'u' });
    expect(errs).toEqual([{ type: 'FieldValueInvalid', field: 'metadata.name', badValue: 'b', detail: 'field is immutable' }]);
  });
});

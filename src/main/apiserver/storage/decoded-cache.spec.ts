import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object.js';
import { DecodedCache, encodeBody, jsonBytes, withResourceVersion } from './decoded-cache.js';

const stored = (o: object): string => JSON.stringify(o);

describe('jsonBytes of shared objects', () => {
  const cases: Record<string, object> = {
    'a pod': { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd', labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    'empty metadata': { apiVersion: 'v1', kind: 'Thing', metadata: {} },
    'spec before metadata (template metadata comes first)': { spec: { template: { metadata: { labels: { a: 'b' } } } }, apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } },
    'strings that look like the marker': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { note: '"metadata":{ "}' } }, data: { k: '{"metadata":{}}', u: 'é ✓ \u2028 \\' } },
    'a kind that is not a string': { apiVersion: 'v1', kind: { nested: { metadata: {} } }, metadata: { name: 'odd' } },
  };
  for (const [name, object] of Object.entries(cases)) {
    it(`serialises ${name} as the object with its resourceVersion`, () => {
      const cache = new DecodedCache();
      const decoded = cache.decodeShared({ key: `/k/${name}`, value: stored(object), createRevision: 3, modRevision: 7 });
      const bytes = jsonBytes(decoded);
      const parsed = JSON.parse(bytes.toString()) as KubeObject;
      expect(parsed).toEqual({ ...object, metadata: { ...(object as KubeObject).metadata, resourceVersion: '7' } });
      expect(jsonBytes(decoded)).toBe(bytes); // remembered
    });
  }

  it('takes the fast path only where it is safe', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} };
    const withRv = { ...pod, metadata: { name: 'p', resourceVersion: '9' } };
    expect(withResourceVersion(stored(pod), withRv as KubeObject)).toBe('{"apiVersion":"v1","kind":"Pod","metadata":{"resourceVersion":"9","name":"p"},"spec":{}}');
    const empty = { apiVersion: 'v1', kind: 'X', metadata: { resourceVersion: '2' } };
    expect(withResourceVersion('{"apiVersion":"v1","kind":"X","metadata":{}}', empty as KubeObject)).toBe('{"apiVersion":"v1","kind":"X","metadata":{"resourceVersion":"2"}}');
    const specFirst = { spec: { template: { metadata: {} } }, metadata: { name: 'd', resourceVersion: '3' } };
    expect(withResourceVersion(stored({ spec: specFirst.spec, metadata: { name: 'd' } }), specFirst as unknown as KubeObject)).toBeUndefined();
  });

  it('does not add a second resourceVersion when the stored JSON already has one', () => {
    const cache = new DecodedCache();
    const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', resourceVersion: '1' } };
    const decoded = cache.decodeShared({ key: '/k/p', value: stored(object), createRevision: 1, modRevision: 4 });
    expect(jsonBytes(decoded).toString()).toBe('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","resourceVersion":"4"}}');
  });

  it('joins a list from its items bytes', () => {
    const cache = new DecodedCache();
    const items = ['a', 'b'].map((n, i) => cache.decodeShared({ key: `/k/${n}`, value: stored({ apiVersion: 'v1', kind: 'Pod', metadata: { name: n } }), createRevision: i + 1, modRevision: i + 1 }));
    const body = encodeBody({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '2' }, items });
    expect(JSON.parse(body.toString())).toEqual({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '2' }, items: JSON.parse(JSON.stringify(items)) });
    expect(JSON.parse(encodeBody({ kind: 'PodList', items: [] }).toString())).toEqual({ kind: 'PodList', items: [] });
  });
});

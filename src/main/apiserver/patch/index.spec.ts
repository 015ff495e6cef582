import { describe, expect, it } from 'vitest';
import { applyPatch, PatchError, UnsupportedPatchTypeError, type ApplyPatchOptions } from './index.js';
import { resolveTestDefinition } from './test-definitions.js';
import type { JsonObject } from './json-value.js';

function thrown(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PatchError);
    return err as PatchError;
  }
  throw new Error('expected a PatchError');
}

const options: ApplyPatchOptions = { rootDefinition: 'Deployment', resolve: resolveTestDefinition };

const deployment = (): JsonObject => ({
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }, { name: 'log', image: 'fluentd' }] } } },
});

describe('applyPatch', () => {
  it('applies a strategic merge patch (list merged by key)', () => {
    const result = applyPatch('application/strategic-merge-patch+json', deployment(), { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } }, options);
    expect(result.spec).toEqual({ replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }, { name: 'log', image: 'fluentd' }] } } });
  });

  it('applies a merge patch (the same body replaces the list)', () => {
    const result = applyPatch('application/merge-patch+json', deployment(), { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } }, options);
    expect(result.spec).toEqual({ replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } });
  });

  it('applies a JSON patch, and ignores a charset parameter and case in the content type', () => {
    const result = applyPatch('Application/JSON-Patch+JSON; charset=utf-8', deployment(), [{ op: 'replace', path: '/spec/replicas', value: 4 }], options);
    expect((result.spec as JsonObject).replicas).toBe(4);
  });

  it('rejects server-side apply with a 415 that points to client-side apply', () => {
    const err = thrown(() => applyPatch('application/apply-patch+yaml', deployment(), 'apiVersion: v1', options));
    expect(err).toBeInstanceOf(UnsupportedPatchTypeError);
    expect(err.status).toBe(415);
    expect(err.message).toMatch(/server-side apply .* is not supported .*kubectl apply` without --server-side/);
  });

  it('rejects other content types with the upstream 415 message', () => {
    const err = thrown(() => applyPatch('application/json', deployment(), {}, options));
    expect(err).toBeInstanceOf(UnsupportedPatchTypeError);
    expect(err.status).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(err.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json',
    );
  });

  it('rejects merge and strategic bodies that are not objects (400), and JSON patches that leave a non-object (422)', () => {
    const merge = thrown(() => applyPatch('application/merge-patch+json', deployment(), [1], options));
    expect([merge.status, merge.message]).toEqual([400, expect.stringMatching(/merge patch body must be a JSON object/)]);
    const strategic = thrown(() => applyPatch('application/strategic-merge-patch+json', deployment(), 'x', options));
    expect([strategic.status, strategic.message]).toEqual([400, expect.stringMatching(/strategic merge patch body must be a JSON object/)]);
    expect(thrown(() => applyPatch('application/json-patch+json', deployment(), [{ op: 'replace', path: '', value: [] }], options)).status).toBe(422);
  });

  it('never modifies the original object', () => {
    const original = deployment();
    const snapshot = JSON.stringify(original);
    applyPatch('application/strategic-merge-patch+json', original, { metadata: { labels: { app: null } } }, options);
    applyPatch('application/merge-patch+json', original, { metadata: { labels: { app: null } } }, options);
    applyPatch('application/json-patch+json', original, [{ op: 'remove', path: '/metadata/labels/app' }], options);
    expect(JSON.stringify(original)).toBe(snapshot);
  });
});

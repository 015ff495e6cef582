/**
 * PATCH bodies, applied the way the Kubernetes API server applies them. `applyPatch` picks the
 * algorithm from the request's Content-Type; the handler around it turns a thrown `PatchError`
 * into a `Status` with `error.status` (400, 413, 415, 422 or 500).
 */
import { PatchError, UnsupportedPatchTypeError } from './errors.js';
import { applyJsonPatch } from './json-patch.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import { mergePatch } from './merge-patch.js';
import { strategicMergePatch, type DefinitionResolver } from './strategic-merge-patch.js';

export { PatchError, UnsupportedPatchTypeError, type PatchErrorStatus } from './errors.js';
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS, type JsonPatchOperation } from './json-patch.js';
export { mergePatch } from './merge-patch.js';
export { strategicMergePatch, type DefinitionResolver } from './strategic-merge-patch.js';
export type { JsonObject, JsonValue } from './json-value.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** The PATCH content types Pilothouse applies, in the order upstream lists them in a 415. */
export const SUPPORTED_PATCH_TYPES: readonly string[] = [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH];

export interface ApplyPatchOptions {
  /** Definition name of the patched object, e.g. `io.k8s.api.apps.v1.Deployment` (used by strategic merge patch). */
  rootDefinition: string;
  /** Looks up definitions by name (the schema registry's `getDefinition`). */
  resolve: DefinitionResolver;
}

/**
 * Applies `patchBody` (the parsed request body) to `original` according to `contentType` (a
 * `; charset=…` suffix is ignored) and returns the patched copy; `original` is never modified.
 * `original` must be plain JSON data (a stored object, e.g. a `KubeObject`).
 * Throws `UnsupportedPatchTypeError` (415) for other content types, including server-side apply,
 * and `PatchError` when the patch cannot be applied.
 */
export function applyPatch(
  contentType: string,
  original: Readonly<Record<string, unknown>>,
  patchBody: unknown,
  options: ApplyPatchOptions,
): JsonObject {
  return applyByType(contentType, original as JsonObject, patchBody, options);
}

function applyByType(contentType: string, original: JsonObject, patchBody: unknown, options: ApplyPatchOptions): JsonObject {
  const type = contentType.split(';')[0].trim().toLowerCase();
  switch (type) {
    case JSON_PATCH:
      return requireObject(applyJsonPatch(original, patchBody), 'JSON patch');
    case MERGE_PATCH:
      return requireObject(mergePatch(original, requirePatchObject(patchBody, 'merge patch')), 'merge patch');
    case STRATEGIC_MERGE_PATCH:
      return strategicMergePatch(original, requirePatchObject(patchBody, 'strategic merge patch'), options.rootDefinition, options.resolve);
    case APPLY_PATCH:
      throw new UnsupportedPatchTypeError(
        type,
        SUPPORTED_PATCH_TYPES,
        'server-side apply (application/apply-patch+yaml) is not supported by Pilothouse; ' +
          'use client-side apply: `kubectl apply` without --server-side',
      );
    default:
      throw new UnsupportedPatchTypeError(type, SUPPORTED_PATCH_TYPES);
  }
}

function requirePatchObject(body: unknown, what: string): JsonObject {
  if (!isJsonObject(body)) {
    throw new PatchError(`a ${what} body must be a JSON object, e.g. {"metadata":{"labels":{"app":"web"}}}`, 400);
  }
  return body;
}

function requireObject(result: JsonValue, what: string): JsonObject {
  if (!isJsonObject(result)) throw new PatchError(`the ${what} turned the object into something that is not a JSON object`, 422);
  return result;
}

/**
 * RFC 7386 JSON merge patch (`application/merge-patch+json`): objects merge recursively, a `null`
 * member deletes, and anything else (strings, numbers, arrays) replaces the target value.
 *
 * One detail follows the API server (evanphx/json-patch) rather than the RFC's letter: `null`
 * members are also dropped inside new values that are copied in whole, including objects inside
 * arrays, so a merge patch never stores a `null` member.
 */
import { cloneJson, hasMember, isJsonObject, setMember, type JsonObject, type JsonValue } from './json-value.js';

/**
 * Applies a JSON merge patch and returns the result; neither input is modified and the result
 * shares no objects with either. `target` may be `undefined` (an absent value).
 */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  return mergeInto(target === undefined ? undefined : cloneJson(target), patch);
}

/** Merges `patch` into `target`, which the caller owns and which may be modified. */
function mergeInto(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return withoutNullMembers(patch);
  const result: JsonObject = isJsonObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      setMember(result, key, mergeInto(hasMember(result, key) ? result[key] : undefined, value));
    }
  }
  return result;
}

/** A copy of `value` with `null` object members removed at every depth (null array elements stay). */
function withoutNullMembers(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutNullMembers);
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== null) setMember(out, key, withoutNullMembers(member));
    }
    return out;
  }
  return value;
}

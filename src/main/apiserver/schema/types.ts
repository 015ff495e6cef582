/**
 * Structural schemas of the API types Pilothouse serves, written in a small DSL that mirrors
 * OpenAPI v3. One description of each type drives three things:
 * - strict field validation (`fieldValidation=Strict`: unknown fields are named in a 422),
 * - strategic merge patch (patchStrategy / patchMergeKey, as in the upstream Go struct tags),
 * - the `/openapi/v3` documents kubectl downloads for validation and `kubectl explain`.
 */
export type Schema =
  | { type: 'string'; format?: 'date-time' | 'byte' | 'int-or-string' | 'quantity'; enum?: readonly string[]; description?: string }
  | { type: 'integer'; format?: 'int32' | 'int64'; description?: string }
  | { type: 'number'; format?: 'double'; description?: string }
  | { type: 'boolean'; description?: string }
  /** A reference to a named definition (see `Definition`). */
  | { type: 'ref'; ref: string; description?: string }
  | ArraySchema
  /** `map[string]T` (labels, annotations, data, nodeSelector). */
  | { type: 'map'; values: Schema; description?: string }
  /** Free-form JSON (e.g. RawExtension). Anything goes below it. */
  | { type: 'any'; description?: string };

export interface ArraySchema {
  type: 'array';
  items: Schema;
  description?: string;
  /** Strategic merge patch: `merge` merges lists element-wise by `patchMergeKey` (or as a set for primitives). */
  patchStrategy?: 'merge' | 'replace' | 'merge,retainKeys';
  patchMergeKey?: string;
  /** Server-side-apply list semantics (x-kubernetes-list-type). */
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: readonly string[];
}

/** A named object type, e.g. `io.k8s.api.core.v1.Container`. */
export interface Definition {
  name: string;
  description?: string;
  properties: Record<string, Schema & { patchStrategy?: string; patchMergeKey?: string }>;
  required?: readonly string[];
  /** Struct-level strategic merge patch strategy (e.g. `retainKeys` on Volume sources). */
  patchStrategy?: 'retainKeys';
  /** Set on top-level kinds: the GroupVersionKinds this definition is served as. */
  gvk?: readonly { group: string; version: string; kind: string }[];
}

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

/**
 * One field of a definition. Any field may carry strategic-merge-patch tags, as in the Go struct
 * tags: lists use `ArraySchema`'s own, a struct field may say `patchStrategy: 'retainKeys'`
 * (Deployment `spec.strategy`), and a few scalars carry them for fidelity (LabelSelectorRequirement.key).
 */
export type Property = Schema & { patchStrategy?: string; patchMergeKey?: string };

/** GroupVersionKind as OpenAPI writes it (`x-kubernetes-group-version-kind`). */
export interface SchemaGvk {
  group: string;
  version: string;
  kind: string;
}

/**
 * A named type, e.g. `io.k8s.api.core.v1.Container`.
 *
 * Extension (schema/defs): a definition with `scalar` set is a named non-object type (meta/v1
 * `Time`, `MicroTime`, `FieldsV1`); its values are checked against `scalar` and `properties`
 * must be empty. This mirrors upstream, where e.g. `io.k8s.apimachinery.pkg.apis.meta.v1.Time`
 * is its own OpenAPI component of type string.
 */
export interface Definition {
  name: string;
  description?: string;
  properties: Record<string, Property>;
  required?: readonly string[];
  /** Set on named non-object types: the schema every value of this type must satisfy. */
  scalar?: Schema;
  /** Struct-level strategic merge patch strategy (e.g. `retainKeys` on Volume sources). */
  patchStrategy?: 'retainKeys';
  /** Set on top-level kinds: the GroupVersionKinds this definition is served as. */
  gvk?: readonly SchemaGvk[];
}

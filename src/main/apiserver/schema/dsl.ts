/**
 * Builders for the schema DSL in `types.ts`, so the definition files under `defs/` read like the
 * upstream Go structs they mirror: one line per field, patch tags next to the list they describe.
 */
import type { ArraySchema, Definition, Property, Schema, SchemaGvk } from './types.js';

/** Upstream definition-name prefixes (`io.k8s.api.core.v1.Pod`, `io.k8s.apimachinery.pkg.apis.meta.v1.Time`). */
export const CORE_V1 = 'io.k8s.api.core.v1';
export const META_V1 = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** Fully qualified name of a core/v1 type. */
export const core = (type: string): string => `${CORE_V1}.${type}`;
/** Fully qualified name of a meta/v1 type. */
export const meta = (type: string): string => `${META_V1}.${type}`;

export const TIME = meta('Time');
export const MICRO_TIME = meta('MicroTime');
export const OBJECT_META = meta('ObjectMeta');
export const LABEL_SELECTOR = meta('LabelSelector');

/** The member of `Schema` with this `type`, so builders keep precise types (and can be spread). */
type SchemaOf<T extends Schema['type']> = Extract<Schema, { type: T }>;

const described = <T extends object>(schema: T, description?: string): T =>
  description === undefined ? schema : { ...schema, description };

/** A string, optionally restricted to `values` (shown by `kubectl explain`, not enforced here). */
export const str = (description?: string, values?: readonly string[]): SchemaOf<'string'> =>
  described(values ? { type: 'string', enum: values } : { type: 'string' }, description);
export const int32 = (description?: string): SchemaOf<'integer'> => described({ type: 'integer', format: 'int32' }, description);
export const int64 = (description?: string): SchemaOf<'integer'> => described({ type: 'integer', format: 'int64' }, description);
export const bool = (description?: string): SchemaOf<'boolean'> => described({ type: 'boolean' }, description);
export const double = (description?: string): SchemaOf<'number'> => described({ type: 'number', format: 'double' }, description);
/** Base64-encoded bytes (`[]byte` in Go): Secret `data`, ConfigMap `binaryData`. */
export const bytes = (description?: string): SchemaOf<'string'> => described({ type: 'string', format: 'byte' }, description);
/** `intstr.IntOrString`: a JSON integer or string (`maxSurge: 1` or `"25%"`). */
export const intOrString = (description?: string): SchemaOf<'string'> =>
  described({ type: 'string', format: 'int-or-string' }, description);
/** `resource.Quantity`: a string like `"500m"` or a JSON number. */
export const quantity = (description?: string): SchemaOf<'string'> => described({ type: 'string', format: 'quantity' }, description);
/** Free-form JSON. */
export const any = (description?: string): SchemaOf<'any'> => described({ type: 'any' }, description);

/** A reference to another definition by its full name. */
export const ref = (name: string, description?: string): SchemaOf<'ref'> => described({ type: 'ref', ref: name }, description);
export const time = (description?: string): SchemaOf<'ref'> => ref(TIME, description);
export const microTime = (description?: string): SchemaOf<'ref'> => ref(MICRO_TIME, description);

/** `map[string]T`. */
export const map = (values: Schema, description?: string): SchemaOf<'map'> => described({ type: 'map', values }, description);
export const stringMap = (description?: string): SchemaOf<'map'> => map({ type: 'string' }, description);
/** `ResourceList`: resource name to quantity (`requests`, `limits`, `capacity`). */
export const quantityMap = (description?: string): SchemaOf<'map'> => map(quantity(), description);

/** A list with no strategic-merge or apply semantics declared (replaced as a whole). */
export const list = (items: Schema, description?: string): ArraySchema =>
  described({ type: 'array', items }, description);
/** `+listType=atomic`: replaced as a whole by both patch flavours. */
export const atomicList = (items: Schema, description?: string): ArraySchema =>
  described({ type: 'array', items, listType: 'atomic' }, description);
/** `+listType=set`, optionally with `patchStrategy=merge` (merged as a set of primitives). */
export const setList = (items: Schema, opts: { merge?: boolean; description?: string } = {}): ArraySchema =>
  described(
    { type: 'array', items, listType: 'set', ...(opts.merge ? { patchStrategy: 'merge' as const } : {}) },
    opts.description,
  );

/** `+listType=map` without strategic-merge tags: keyed for apply, replaced whole by a strategic merge patch. */
export const mapList = (items: Schema, keys: readonly string[], description?: string): ArraySchema =>
  described({ type: 'array', items, listType: 'map', listMapKeys: keys }, description);

export interface MergeListOptions {
  /** `+listMapKey`s; defaults to `[mergeKey]`. */
  mapKeys?: readonly string[];
  /** `patchStrategy=merge,retainKeys` (volumes, resourceClaims). */
  retainKeys?: boolean;
  /** `+listType`; defaults to `map`. A few upstream lists merge by key but are `atomic` for apply. */
  listType?: 'map' | 'atomic';
  description?: string;
}

/** A list merged element-wise by `mergeKey` (`patchStrategy=merge`, `patchMergeKey=<mergeKey>`). */
export function mergeList(items: Schema, mergeKey: string, opts: MergeListOptions = {}): ArraySchema {
  const listType = opts.listType ?? 'map';
  return described(
    {
      type: 'array',
      items,
      patchStrategy: opts.retainKeys ? 'merge,retainKeys' : 'merge',
      patchMergeKey: mergeKey,
      listType,
      ...(listType === 'map' ? { listMapKeys: opts.mapKeys ?? [mergeKey] } : {}),
    },
    opts.description,
  );
}

/** Conditions lists: merged by `type` for both strategic merge patch and apply. */
export const conditionList = (item: string, description?: string): ArraySchema =>
  mergeList(ref(item), 'type', { description });

export interface DefOptions {
  required?: readonly string[];
  gvk?: readonly SchemaGvk[];
}

/** An object definition. */
export function def(name: string, description: string, properties: Record<string, Property>, opts: DefOptions = {}): Definition {
  return { name, description, properties, ...opts };
}

/** A named non-object type (see `Definition.scalar`). */
export function scalarDef(name: string, description: string, scalar: Schema): Definition {
  return { name, description, properties: {}, scalar };
}

/** The `apiVersion` and `kind` fields every top-level kind starts with. */
export const typeMeta = (): Record<string, Property> => ({
  apiVersion: str('The versioned schema of this representation of the object, e.g. "v1" or "apps/v1".'),
  kind: str('The REST resource this object represents, in CamelCase, e.g. "Pod". Cannot be updated.'),
});

/**
 * A top-level kind: `apiVersion`, `kind` and `metadata` (ObjectMeta) followed by `properties`,
 * tagged with its GroupVersionKind.
 */
export function kindDef(
  name: string,
  gvk: SchemaGvk,
  description: string,
  properties: Record<string, Property>,
  opts: { required?: readonly string[] } = {},
): Definition {
  return def(
    name,
    description,
    { ...typeMeta(), metadata: ref(OBJECT_META, "Standard object's metadata."), ...properties },
    { ...opts, gvk: [gvk] },
  );
}

/**
 * What the strategic merge patch knows about the value it is merging, looked up in the structural
 * schemas (`../schema/types.ts`). A field without schema information (an unknown definition, an
 * `any` field, a field the definition does not list) gets no strategy: maps still merge key by key
 * and lists are replaced, which is JSON merge patch behaviour.
 */
import { PatchError } from './errors.js';
import type { Definition, Schema } from '../schema/types.js';

/** Finds a named definition, e.g. `io.k8s.api.core.v1.Pod`; `undefined` when there is none. */
export type DefinitionResolver = (name: string) => Definition | undefined;

/** The kind of object being merged: a struct with named fields, a `map[string]T`, or unknown. */
export type ObjectShape =
  | { kind: 'struct'; definition: Definition }
  | { kind: 'map'; values: Schema }
  | { kind: 'unknown' };

/** Strategic merge metadata of one field, as upstream reads it from the Go struct tags. */
export interface FieldPatchMeta {
  /** The field's schema, `undefined` when nothing is known about the field. */
  schema: Schema | undefined;
  /** `merge`: lists merge (by `mergeKey`, or as a set of primitives); `replace`: the value is replaced whole. */
  strategy: 'merge' | 'replace' | undefined;
  /** For lists of objects with the merge strategy: the field that identifies an element. */
  mergeKey: string | undefined;
}

const UNKNOWN: ObjectShape = { kind: 'unknown' };

/** The shape of the object a schema describes. */
export function shapeOf(schema: Schema | undefined, resolve: DefinitionResolver): ObjectShape {
  if (schema === undefined) return UNKNOWN;
  if (schema.type === 'ref') {
    const definition = resolve(schema.ref);
    return definition ? { kind: 'struct', definition } : UNKNOWN;
  }
  if (schema.type === 'map') return { kind: 'map', values: schema.values };
  return UNKNOWN;
}

/** The shape of the elements of a list field (`unknown` for primitives or when the field is unknown). */
export function elementShapeOf(meta: FieldPatchMeta, resolve: DefinitionResolver): ObjectShape {
  return meta.schema?.type === 'array' ? shapeOf(meta.schema.items, resolve) : UNKNOWN;
}

/** The strategic merge metadata of `key` in an object of the given shape. */
export function fieldMetaOf(shape: ObjectShape, key: string): FieldPatchMeta {
  let schema: Schema | undefined;
  if (shape.kind === 'struct') {
    schema = Object.prototype.hasOwnProperty.call(shape.definition.properties, key) ? shape.definition.properties[key] : undefined;
  } else if (shape.kind === 'map') {
    schema = shape.values;
  }
  if (schema === undefined) return { schema, strategy: undefined, mergeKey: undefined };
  const tags = schema as { patchStrategy?: string; patchMergeKey?: string };
  return { schema, strategy: parseStrategy(tags.patchStrategy, shape, key), mergeKey: tags.patchMergeKey };
}

/**
 * Splits a `patchStrategy` tag such as `merge,retainKeys`. `retainKeys` only matters to the client
 * that builds the patch (it sends `$retainKeys`); the server honours the directive wherever it appears.
 */
function parseStrategy(tag: string | undefined, shape: ObjectShape, key: string): FieldPatchMeta['strategy'] {
  if (!tag) return undefined;
  const parts = tag.split(',').map((s) => s.trim()).filter((s) => s !== 'retainKeys' && s !== '');
  if (parts.length === 0) return undefined;
  if (parts.length === 1 && (parts[0] === 'merge' || parts[0] === 'replace')) return parts[0];
  const owner = shape.kind === 'struct' ? shape.definition.name : 'map';
  throw new PatchError(`schema error: field "${key}" of ${owner} has an unexpected patch strategy "${tag}"`, 500);
}

/**
 * Converts DSL definitions to OpenAPI v3 component schemas in the shape kube-apiserver serves:
 * refs with siblings wrapped in `allOf`, `additionalProperties` for maps, and the Kubernetes
 * extensions (`x-kubernetes-patch-strategy`, `-patch-merge-key`, `-list-type`, `-list-map-keys`,
 * `-int-or-string`, `-group-version-kind`) that kubectl's explain and patch logic read.
 */
import { INT_OR_STRING, QUANTITY, getDefinition } from './index.js';
import type { Definition, Property, Schema } from './types.js';

/** A JSON object in an OpenAPI document. */
export type JsonObject = Record<string, unknown>;

/** `#/components/schemas/<name>`. */
export const componentRef = (name: string): string => `#/components/schemas/${name}`;

/**
 * Collects the component schemas of a document: add the names operations refer to, then
 * `components()` converts them and, transitively, everything they refer to.
 */
export class ComponentCollector {
  private readonly pending: string[] = [];
  /** Every name ever referenced; a name is converted once. */
  private readonly seen = new Set<string>();
  private readonly converted = new Map<string, JsonObject>();
  private readonly extra = new Map<string, Definition>();

  /** Records a reference and returns its `$ref` string. */
  ref(name: string): string {
    if (!this.seen.has(name)) {
      this.seen.add(name);
      this.pending.push(name);
    }
    return componentRef(name);
  }

  /** Adds a definition that is not in the registry (the generated `<Kind>List` types). */
  addDefinition(definition: Definition): void {
    this.extra.set(definition.name, definition);
    this.ref(definition.name);
  }

  /**
   * Converts every referenced definition, sorted by name. Throws if one does not exist: every
   * ref in `defs/` must resolve (see the registry test).
   */
  components(): Record<string, JsonObject> {
    for (let name = this.pending.pop(); name !== undefined; name = this.pending.pop()) {
      const definition = this.extra.get(name) ?? getDefinition(name);
      if (!definition) throw new Error(`openapi: no schema definition named ${name}`);
      this.converted.set(name, convertDefinition(definition, this));
    }
    const out: Record<string, JsonObject> = {};
    for (const name of [...this.converted.keys()].sort()) out[name] = this.converted.get(name)!;
    return out;
  }
}

/** One definition as an OpenAPI component schema. */
export function convertDefinition(definition: Definition, refs: ComponentCollector): JsonObject {
  const out: JsonObject = definition.description ? { description: definition.description } : {};
  if (definition.scalar) return { ...out, ...convertScalarDefinition(definition.name, definition.scalar, refs) };
  const properties: JsonObject = {};
  for (const [field, property] of Object.entries(definition.properties)) {
    properties[field] = convertProperty(property, refs);
  }
  out.properties = properties;
  if (definition.required?.length) out.required = [...definition.required];
  out.type = 'object';
  if (definition.gvk?.length) {
    out['x-kubernetes-group-version-kind'] = definition.gvk.map(({ group, kind, version }) => ({ group, kind, version }));
  }
  return out;
}

/** Named scalars. Quantity and IntOrString are unions, as upstream's v3 documents write them. */
function convertScalarDefinition(name: string, scalar: Schema, refs: ComponentCollector): JsonObject {
  if (name === QUANTITY) return { oneOf: [{ type: 'string' }, { type: 'number' }] };
  if (name === INT_OR_STRING) {
    return { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };
  }
  return convertSchema(scalar, refs);
}

/** A field: its schema plus any struct-level patch tags (`retainKeys` on Deployment `strategy`). */
export function convertProperty(property: Property, refs: ComponentCollector): JsonObject {
  const out = convertSchema(property, refs);
  if (property.type !== 'array') {
    if (property.patchMergeKey) out['x-kubernetes-patch-merge-key'] = property.patchMergeKey;
    if (property.patchStrategy) out['x-kubernetes-patch-strategy'] = property.patchStrategy;
  }
  return out;
}

/** A schema; refs are recorded in `refs`. */
export function convertSchema(schema: Schema, refs: ComponentCollector): JsonObject {
  const description = schema.description;
  switch (schema.type) {
    case 'ref':
      return refTo(refs.ref(schema.ref), description);
    case 'string':
      if (schema.format === 'int-or-string') {
        return { ...refTo(refs.ref(INT_OR_STRING), description, true), 'x-kubernetes-int-or-string': true };
      }
      if (schema.format === 'quantity') return refTo(refs.ref(QUANTITY), description);
      return withDescription(
        { type: 'string', ...(schema.format ? { format: schema.format } : {}), ...(schema.enum ? { enum: [...schema.enum] } : {}) },
        description,
      );
    case 'integer':
    case 'number':
      return withDescription({ type: schema.type, ...(schema.format ? { format: schema.format } : {}) }, description);
    case 'boolean':
      return withDescription({ type: 'boolean' }, description);
    case 'array':
      return convertArray(schema, refs);
    case 'map':
      if (schema.values.type === 'any') return withDescription({ type: 'object' }, description);
      return withDescription({ type: 'object', additionalProperties: convertSchema(schema.values, refs) }, description);
    case 'any':
      return withDescription({ 'x-kubernetes-preserve-unknown-fields': true }, description);
  }
}

function convertArray(schema: Extract<Schema, { type: 'array' }>, refs: ComponentCollector): JsonObject {
  const out: JsonObject = withDescription({ type: 'array', items: convertSchema(schema.items, refs) }, schema.description);
  if (schema.listMapKeys?.length) out['x-kubernetes-list-map-keys'] = [...schema.listMapKeys];
  if (schema.listType) out['x-kubernetes-list-type'] = schema.listType;
  if (schema.patchMergeKey) out['x-kubernetes-patch-merge-key'] = schema.patchMergeKey;
  if (schema.patchStrategy) out['x-kubernetes-patch-strategy'] = schema.patchStrategy;
  return out;
}

/** A bare `$ref`, or `allOf: [{$ref}]` when siblings are needed (OpenAPI 3.0 ignores `$ref` siblings). */
function refTo(ref: string, description: string | undefined, forceAllOf = false): JsonObject {
  if (description === undefined && !forceAllOf) return { $ref: ref };
  return withDescription({ allOf: [{ $ref: ref }] }, description);
}

function withDescription(out: JsonObject, description: string | undefined): JsonObject {
  return description === undefined ? out : { ...out, description };
}

/**
 * Compiles definitions into a resolved tree for fast validation: refs become direct links to the
 * referenced node, properties become a Map. Built lazily, once per definition, and shared.
 */
import { getDefinition } from './index.js';
import type { Schema } from './types.js';

/** A resolved schema node. Object nodes may be shared and (in principle) cyclic. */
export type SchemaNode =
  | { kind: 'object'; name: string; properties: Map<string, SchemaNode> }
  | { kind: 'array'; items: SchemaNode }
  | { kind: 'map'; values: SchemaNode }
  | { kind: 'string'; format?: 'date-time' | 'byte' }
  | { kind: 'integer'; format?: 'int32' | 'int64' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'int-or-string' }
  | { kind: 'quantity' }
  | { kind: 'any' };

const compiled = new Map<string, SchemaNode>();

/**
 * The compiled tree of a definition, or undefined if no definition has that name. Throws if the
 * definition (transitively) refers to a missing definition: that is a bug in `defs/`.
 */
export function compiledDefinition(name: string): SchemaNode | undefined {
  const cached = compiled.get(name);
  if (cached) return cached;
  const definition = getDefinition(name);
  if (!definition) return undefined;
  if (definition.scalar) {
    const node = compileSchema(definition.scalar, name);
    compiled.set(name, node);
    return node;
  }
  const properties = new Map<string, SchemaNode>();
  const node: SchemaNode = { kind: 'object', name, properties };
  compiled.set(name, node); // before the properties, so self-references resolve
  for (const [field, schema] of Object.entries(definition.properties)) {
    properties.set(field, compileSchema(schema, `${name}.${field}`));
  }
  return node;
}

function compileSchema(schema: Schema, where: string): SchemaNode {
  switch (schema.type) {
    case 'ref': {
      const target = compiledDefinition(schema.ref);
      if (!target) throw new Error(`schema: ${where} refers to missing definition ${schema.ref}`);
      return target;
    }
    case 'array':
      return { kind: 'array', items: compileSchema(schema.items, `${where}[]`) };
    case 'map':
      return { kind: 'map', values: compileSchema(schema.values, `${where}{}`) };
    case 'string':
      if (schema.format === 'int-or-string') return { kind: 'int-or-string' };
      if (schema.format === 'quantity') return { kind: 'quantity' };
      return schema.format ? { kind: 'string', format: schema.format } : { kind: 'string' };
    case 'integer':
      return schema.format ? { kind: 'integer', format: schema.format } : { kind: 'integer' };
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'any':
      return { kind: 'any' };
  }
}

/**
 * Drops fields the schema does not declare, as decoding into upstream's Go types does: under
 * `fieldValidation=Warn` or `Ignore` an unknown field is reported (or not) and never stored.
 */
import { compiledDefinition, type SchemaNode } from '../schema/compile.js';

/** Removes, in place, every field of `obj` that the definition named `definitionName` does not declare. */
export function pruneUnknownFields(obj: unknown, definitionName: string): void {
  const root = compiledDefinition(definitionName);
  if (root) prune(obj, root, true);
}

function prune(value: unknown, node: SchemaNode, top: boolean): void {
  if (value === null || typeof value !== 'object') return;
  switch (node.kind) {
    case 'object': {
      if (Array.isArray(value)) return;
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const child = node.properties.get(key);
        if (child) prune(record[key], child, false);
        else if (!(top && (key === 'apiVersion' || key === 'kind'))) delete record[key];
      }
      return;
    }
    case 'map':
      if (Array.isArray(value) || node.values.kind === 'any') return;
      for (const item of Object.values(value as Record<string, unknown>)) prune(item, node.values, false);
      return;
    case 'array':
      if (Array.isArray(value)) for (const item of value) prune(item, node.items, false);
      return;
    default:
      return;
  }
}

/**
 * The editor's completion source: fields (with type and description) and enum values from the
 * cluster's schema for the document's apiVersion and kind (see `lib/schema-complete.ts`).
 */
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { completionContext, documentAt, fieldOptions, valueOptions } from '../../lib/schema-complete';
import type { SchemaSource } from '../../lib/manifest-lint';

export function schemaCompletion(schemaFor: SchemaSource) {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const text = ctx.state.doc.toString();
    const doc = documentAt(text, ctx.pos);
    const where = completionContext(doc.text, ctx.pos - doc.start);
    if (!where || (where.from === ctx.pos - doc.start && !ctx.explicit && where.kind === 'key')) return null;
    const apiVersion = /^apiVersion:\s*(\S+)/m.exec(doc.text)?.[1];
    const kind = /^kind:\s*(\S+)/m.exec(doc.text)?.[1];
    if (!apiVersion || !kind) return null;
    const schema = await schemaFor(apiVersion, kind).catch(() => undefined);
    if (!schema) return null;
    const from = doc.start + where.from;
    if (where.kind === 'value') {
      const values = valueOptions(schema.schemas, schema.root, where.path, where.key!);
      return values.length ? { from, options: values.map((v) => ({ label: v, type: 'enum' })) } : null;
    }
    const options = fieldOptions(schema.schemas, schema.root, where.path).map((f) => ({
      label: f.label,
      apply: `${f.label}: `,
      detail: `${f.type}${f.required ? ' (required)' : ''}`,
      info: f.description,
      type: 'property',
      boost: f.required ? 1 : 0,
    }));
    return options.length ? { from, options, validFor: /^[\w./-]*$/ } : null;
  };
}

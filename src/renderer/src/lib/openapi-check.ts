/**
 * Checks a manifest against the OpenAPI v3 schema the API server publishes (the same document
 * `kubectl explain` and kubectl's field validation read), before anything is sent: unknown
 * fields, wrong types, values outside an enum, missing required fields. It is a pre-flight
 * check; the API server's own validation stays the authority (dry run).
 */
export type SchemaPath = (string | number)[];

export interface SchemaIssue {
  path: SchemaPath;
  message: string;
  /** `key`: the problem is the field name itself (unknown field); `value`: its value; `missing`: a field absent from the object at `path`. */
  at: 'key' | 'value' | 'missing';
}

export type Schema = Record<string, unknown>;

const REF_PREFIX = '#/components/schemas/';

/** Follows `$ref` and single-element `allOf` wrappers (refs with siblings) to the real schema. */
export function resolveSchema(schemas: Record<string, unknown>, schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let guard = 0; s && guard < 20; guard++) {
    if (typeof s.$ref === 'string') {
      const name = s.$ref.startsWith(REF_PREFIX) ? s.$ref.slice(REF_PREFIX.length) : s.$ref;
      s = schemas[name] as Schema | undefined;
    } else if (Array.isArray(s.allOf) && s.allOf.length === 1 && !s.type && !s.properties) {
      s = s.allOf[0] as Schema;
    } else break;
  }
  return s;
}

/** The schema of a kind's root object (`root` names it in `schemas`). */
export function rootSchema(schemas: Record<string, unknown>, root: string): Schema | undefined {
  return resolveSchema(schemas, { $ref: REF_PREFIX + root });
}

export function pathText(path: SchemaPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

export class SchemaChecker {
  constructor(private readonly schemas: Record<string, unknown>) {}

  check(value: unknown, root: string): SchemaIssue[] {
    const issues: SchemaIssue[] = [];
    this.visit(value, rootSchema(this.schemas, root), [], issues, 0);
    return issues;
  }

  private resolve(schema: Schema | undefined): Schema | undefined {
    return resolveSchema(this.schemas, schema);
  }

  private visit(value: unknown, schema: Schema | undefined, path: SchemaPath, issues: SchemaIssue[], depth: number): void {
    if (!schema || value === null || value === undefined || depth > 64) return;
    if (schema['x-kubernetes-int-or-string']) {
      if (typeof value !== 'string' && !Number.isInteger(value)) issues.push({ path, at: 'value', message: `${pathText(path)}: expected an integer or a string, got ${describe(value)}` });
      return;
    }
    if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
      const options = ((schema.oneOf ?? schema.anyOf) as Schema[]).map((o) => this.resolve(o));
      if (!options.some((o) => o && this.typeFits(value, o))) {
        const types = options.map((o) => o?.type).filter(Boolean).join(' or ');
        issues.push({ path, at: 'value', message: `${pathText(path)}: expected ${types || 'another type'}, got ${describe(value)}` });
      }
      return;
    }
    if (!this.typeFits(value, schema)) {
      issues.push({ path, at: 'value', message: `${pathText(path)}: expected ${article(String(schema.type))}, got ${describe(value)}` });
      return;
    }
    if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
      issues.push({ path, at: 'value', message: `${pathText(path)}: unsupported value ${describe(value)}; supported values: ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}` });
    }
    if (Array.isArray(value)) {
      const items = this.resolve(schema.items as Schema | undefined);
      value.forEach((v, i) => this.visit(v, items, [...path, i], issues, depth + 1));
      return;
    }
    if (typeof value === 'object') this.visitObject(value as Record<string, unknown>, schema, path, issues, depth);
  }

  private visitObject(value: Record<string, unknown>, schema: Schema, path: SchemaPath, issues: SchemaIssue[], depth: number): void {
    const properties = schema.properties as Record<string, Schema> | undefined;
    const additional = schema.additionalProperties;
    const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
    for (const [key, v] of Object.entries(value)) {
      const prop = properties?.[key];
      if (prop) this.visit(v, this.resolve(prop), [...path, key], issues, depth + 1);
      else if (additional && typeof additional === 'object') this.visit(v, this.resolve(additional as Schema), [...path, key], issues, depth + 1);
      else if (properties && !preserve && additional !== true) issues.push({ path: [...path, key], at: 'key', message: `unknown field "${pathText([...path, key])}"` });
    }
    for (const req of (schema.required as string[] | undefined) ?? []) {
      if (value[req] === undefined || value[req] === null) issues.push({ path, at: 'missing', message: `${pathText([...path, req])}: Required value` });
    }
  }

  private typeFits(value: unknown, schema: Schema): boolean {
    switch (schema.type) {
      case 'object': return typeof value === 'object' && !Array.isArray(value);
      case 'array': return Array.isArray(value);
      case 'string': return typeof value === 'string';
      case 'integer': return Number.isInteger(value);
      case 'number': return typeof value === 'number';
      case 'boolean': return typeof value === 'boolean';
      default: return true;
    }
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

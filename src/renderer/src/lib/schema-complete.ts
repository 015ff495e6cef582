/**
 * Field completion in the manifest editor from the cluster's OpenAPI schema: where the cursor
 * is, which fields the object there has (with their type and description), or which values an
 * enum allows after `key: `. The position is read from indentation, so it works on the
 * half-written text one is typing, which a YAML parser would reject.
 */
import { resolveSchema, rootSchema, type Schema } from './openapi-check';

/** `[]` stands for "an item of the sequence". */
export type YamlPath = (string | '[]')[];

export interface FieldOption {
  label: string;
  type: string;
  description?: string;
  required: boolean;
}

export interface CompletionContext {
  /** Offset where the word being completed starts. */
  from: number;
  kind: 'key' | 'value';
  path: YamlPath;
  /** For values: the key whose value is being typed. */
  key?: string;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** The text of the `---`-separated document around `pos`, and where it starts. */
export function documentAt(text: string, pos: number): { text: string; start: number } {
  let start = 0;
  const re = /^---[^\n]*\n?/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index >= pos) return { text: text.slice(start, m.index), start };
    start = m.index + m[0].length;
  }
  return { text: text.slice(start), start };
}

/** Where the cursor is: typing a key (and in which object) or a value (of which key). */
export function completionContext(text: string, pos: number): CompletionContext | undefined {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const before = text.slice(lineStart, pos);
  const keyMatch = /^(\s*)(- )?([\w./-]*)$/.exec(before);
  const valueMatch = /^(\s*)(- )?([\w./-]+):\s+([\w.-]*)$/.exec(before);
  const m = keyMatch ?? valueMatch;
  if (!m || before.trimStart().startsWith('#')) return undefined;
  const dash = m[2] ? 2 : 0;
  let target = m[1].length + dash;
  const path: YamlPath = [];
  if (dash) {
    path.push('[]');
    target = m[1].length;
  }
  const lines = text.slice(0, lineStart).split('\n');
  for (let i = lines.length - 1; i >= 0 && target > 0; i--) {
    const line = lines[i];
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('---')) continue;
    const indent = indentOf(line);
    const item = /^- /.test(trimmed);
    const keyIndent = item ? indent + 2 : indent;
    if (item && keyIndent <= target && indent < target) {
      path.unshift('[]');
      target = indent;
      const k = /^- ([\w./-]+):\s*(#.*)?$/.exec(trimmed);
      if (k && keyIndent < m[1].length + dash) path.splice(1, 0, k[1]);
      continue;
    }
    if (indent < target) {
      const k = /^([\w./-]+):/.exec(trimmed);
      if (!k) return undefined;
      path.unshift(k[1]);
      target = indent;
    }
  }
  if (valueMatch && !keyMatch) return { from: pos - valueMatch[4].length, kind: 'value', path, key: valueMatch[3] };
  return { from: pos - m[3].length, kind: 'key', path };
}

/** The schema at a path below a kind's root (through objects, sequences and maps). */
export function schemaAt(schemas: Record<string, unknown>, root: string, path: YamlPath): Schema | undefined {
  let s = rootSchema(schemas, root);
  for (const seg of path) {
    if (!s) return undefined;
    if (seg === '[]') s = resolveSchema(schemas, s.items as Schema | undefined);
    else {
      const props = s.properties as Record<string, Schema> | undefined;
      s = resolveSchema(schemas, props?.[seg] ?? (typeof s.additionalProperties === 'object' ? (s.additionalProperties as Schema) : undefined));
    }
  }
  return s;
}

function typeOf(schemas: Record<string, unknown>, s: Schema | undefined): string {
  const r = resolveSchema(schemas, s);
  if (!r) return '';
  if (r['x-kubernetes-int-or-string']) return 'int or string';
  if (r.type === 'array') return `[]${typeOf(schemas, r.items as Schema) || 'item'}`;
  if (r.type === 'object' && r.additionalProperties && !r.properties) return 'map';
  if (Array.isArray(r.oneOf)) return (r.oneOf as Schema[]).map((o) => o.type).join(' or ');
  return String(r.type ?? 'object');
}

/** The fields an object at `path` may have, required ones first. */
export function fieldOptions(schemas: Record<string, unknown>, root: string, path: YamlPath): FieldOption[] {
  const s = schemaAt(schemas, root, path);
  const props = s?.properties as Record<string, Schema> | undefined;
  if (!props) return [];
  const required = new Set((s?.required as string[] | undefined) ?? []);
  return Object.entries(props)
    .map(([label, p]) => ({ label, type: typeOf(schemas, p), description: (p.description ?? resolveSchema(schemas, p)?.description) as string | undefined, required: required.has(label) }))
    .sort((a, b) => Number(b.required) - Number(a.required) || a.label.localeCompare(b.label));
}

/** The values an enum field allows. */
export function valueOptions(schemas: Record<string, unknown>, root: string, path: YamlPath, key: string): string[] {
  const s = schemaAt(schemas, root, [...path, key]);
  return Array.isArray(s?.enum) ? s.enum.map(String) : s?.type === 'boolean' ? ['true', 'false'] : [];
}

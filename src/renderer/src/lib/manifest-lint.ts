/**
 * Inline validation of a multi-document YAML manifest, before anything is sent: YAML syntax
 * errors where the parser found them, documents without apiVersion/kind/metadata.name, and
 * schema problems (see `openapi-check.ts`) at the field they concern.
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { SchemaChecker, type SchemaIssue, type SchemaPath } from './openapi-check';

export interface ManifestProblem {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
}

/** The schema of one kind (`openapi:schema`), `undefined` when the server has none. */
export type SchemaSource = (apiVersion: string, kind: string) => Promise<{ root: string; schemas: Record<string, unknown> } | undefined>;

export interface ParsedManifest {
  docs: Document.Parsed[];
  problems: ManifestProblem[];
}

export function parseManifest(text: string): ParsedManifest {
  const docs = parseAllDocuments(text, { prettyErrors: false }) as Document.Parsed[] | { errors: unknown[] };
  const list = Array.isArray(docs) ? docs : [];
  const problems: ManifestProblem[] = [];
  for (const doc of list) {
    for (const e of doc.errors) problems.push({ from: e.pos[0], to: Math.max(e.pos[1], e.pos[0] + 1), severity: 'error', message: `YAML: ${firstLine(e.message)}` });
    for (const w of doc.warnings) problems.push({ from: w.pos[0], to: Math.max(w.pos[1], w.pos[0] + 1), severity: 'warning', message: `YAML: ${firstLine(w.message)}` });
  }
  return { docs: list, problems };
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

/** The text range of the node at `path` (its key when `key` is set), else of the nearest ancestor found. */
export function rangeOf(doc: Document.Parsed, path: SchemaPath, key = false): [number, number] {
  let node: unknown = doc.contents;
  let best: [number, number] = rangeOfNode(node) ?? [0, 1];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === seg);
      if (!pair) return best;
      const keyRange = rangeOfNode(pair.key);
      if (last && key && keyRange) return keyRange;
      node = pair.value;
      best = rangeOfNode(node) ?? keyRange ?? best;
      if (!rangeOfNode(node) && keyRange) best = keyRange;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      best = rangeOfNode(node) ?? best;
    } else return best;
  }
  return best;
}

function rangeOfNode(node: unknown): [number, number] | undefined {
  const r = (node as YamlNode | undefined)?.range;
  return r ? [r[0], Math.max(r[1], r[0] + 1)] : undefined;
}

/** Where the key of the object at `path` starts (for "missing field" problems): the parent's key. */
function rangeOfMissing(doc: Document.Parsed, path: SchemaPath): [number, number] {
  if (!path.length) {
    const r = rangeOfNode(doc.contents) ?? [0, 1];
    return [r[0], Math.min(r[1], r[0] + 1)];
  }
  return rangeOf(doc, path, true);
}

function issueRange(doc: Document.Parsed, issue: SchemaIssue): [number, number] {
  if (issue.at === 'missing') return rangeOfMissing(doc, issue.path);
  return rangeOf(doc, issue.path, issue.at === 'key');
}

/** Every problem in the text: syntax first, then per document the identity and schema checks. */
export async function lintManifest(text: string, schemaFor: SchemaSource): Promise<ManifestProblem[]> {
  const { docs, problems } = parseManifest(text);
  for (const doc of docs) {
    if (doc.errors.length) continue;
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const docStart = rangeOfNode(doc.contents) ?? [0, 1];
    const at = (p: [number, number]) => ({ from: p[0], to: p[1] });
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ ...at(docStart), severity: 'error', message: 'A manifest document must be a mapping (apiVersion, kind, metadata, ...)' });
      continue;
    }
    const obj = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; generateName?: unknown } };
    if (typeof obj.apiVersion !== 'string' || !obj.apiVersion) problems.push({ ...at([docStart[0], docStart[0] + 1]), severity: 'error', message: 'apiVersion: Required value' });
    if (typeof obj.kind !== 'string' || !obj.kind) problems.push({ ...at([docStart[0], docStart[0] + 1]), severity: 'error', message: 'kind: Required value' });
    if (!obj.metadata?.name && !obj.metadata?.generateName && obj.kind !== 'List') problems.push({ ...at(rangeOf(doc, ['metadata'], true)), severity: 'error', message: 'metadata.name: Required value: name or generateName is required' });
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || obj.kind === 'List') continue;
    let schema: Awaited<ReturnType<SchemaSource>>;
    try {
      schema = await schemaFor(obj.apiVersion, obj.kind);
    } catch (e) {
      problems.push({ ...at(rangeOf(doc, ['kind'])), severity: 'warning', message: `No schema for ${obj.apiVersion} ${obj.kind}: ${e instanceof Error ? e.message : e}` });
      continue;
    }
    if (!schema) {
      problems.push({ ...at(rangeOf(doc, ['kind'])), severity: 'warning', message: `The cluster publishes no schema for ${obj.apiVersion} ${obj.kind}` });
      continue;
    }
    for (const issue of new SchemaChecker(schema.schemas).check(value, schema.root)) {
      problems.push({ ...at(issueRange(doc, issue)), severity: 'error', message: issue.message });
    }
  }
  return problems.sort((a, b) => a.from - b.from);
}

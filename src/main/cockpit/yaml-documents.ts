/**
 * Splits multi-document YAML into documents that remember where they are: start line, syntax
 * errors with their line, and `locate(fieldPath)` mapping an API server field path
 * (`spec.template.spec.containers[0].image`, `metadata.labels[app.kubernetes.io/name]`) to the
 * line and column of that field in the original text.
 */
import { isMap, isSeq, isScalar, LineCounter, parseAllDocuments, type Node, type Pair } from 'yaml';

export interface SourceDocument {
  /** 0-based index among the non-empty documents. */
  index: number;
  /** 1-based line of the document's first content. */
  line: number;
  /** The parsed value (undefined when `syntaxError` is set). */
  value?: unknown;
  syntaxError?: { message: string; line: number; column: number };
  /** Line and column (1-based) of a field path inside this document, or of its deepest existing parent. */
  locate(path: string | undefined, within?: number): { line: number; column: number } | undefined;
  /** For a `kind: List`: where each item starts, to `locate` within it. */
  itemNodes: Node[];
}

export function parseYamlDocuments(text: string): SourceDocument[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const out: SourceDocument[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const contents = doc.contents as Node | null;
    if (!contents && doc.errors.length === 0) continue; // empty document (`---` at the end, comments only)
    const start = contents?.range?.[0] ?? doc.range[0];
    const pos = (offset: number) => {
      const p = counter.linePos(offset);
      return { line: p.line, column: p.col };
    };
    const index = out.length;
    const err = doc.errors[0];
    const locate = (path: string | undefined, within?: number) => {
      const root = within === undefined ? contents : itemNodes[within];
      if (!root) return undefined;
      const offset = path ? findOffset(root, parsePath(path)) : root.range?.[0];
      return offset === undefined ? undefined : pos(offset);
    };
    let itemNodes: Node[] = [];
    if (contents && isMap(contents)) {
      const items = contents.get('items', true);
      if (isSeq(items)) itemNodes = items.items as Node[];
    }
    out.push({
      index,
      line: pos(start).line,
      value: err ? undefined : doc.toJS({ maxAliasCount: 100 }),
      syntaxError: err ? { message: err.message.split('\n')[0], ...pos(err.pos[0]) } : undefined,
      locate,
      itemNodes,
    });
  }
  return out;
}

/** `a.b[0].c`, `metadata.labels[app.kubernetes.io/name]`, `spec.ports[0]` -> segments. */
export function parsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) segments.push(m[1]);
    else segments.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return segments;
}

/** Offset of the deepest node along `segments` (a map key's own position for map entries). */
function findOffset(root: Node, segments: (string | number)[]): number | undefined {
  let node: Node | undefined = root;
  let offset = root.range?.[0];
  for (const seg of segments) {
    if (isMap(node)) {
      const pair: Pair | undefined = (node.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = (pair.value as Node | null) ?? undefined;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

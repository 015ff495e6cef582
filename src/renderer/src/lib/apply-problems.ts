/**
 * The API server's verdict on an apply or dry run, as problems at lines of the text: each failed
 * document's causes where the server could locate them, else the document's first line.
 */
import type { ApplyDocumentResult } from '../../../shared/ipc/resource-types';

export interface LineProblem {
  line: number;
  column?: number;
  message: string;
}

export function applyProblems(results: readonly ApplyDocumentResult[]): LineProblem[] {
  const out: LineProblem[] = [];
  for (const r of results) {
    const e = r.error;
    if (!e) continue;
    const who = r.kind && r.name ? `${r.kind} ${r.name}: ` : '';
    const located = e.causes.filter((c) => c.line);
    if (located.length) {
      for (const c of located) out.push({ line: c.line!, column: c.column, message: `${who}${c.field ? `${c.field}: ` : ''}${c.message}` });
    } else {
      out.push({ line: e.line ?? r.line, message: `${who}${e.message}` });
    }
  }
  return out;
}

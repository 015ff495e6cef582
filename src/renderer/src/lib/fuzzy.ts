/**
 * Fuzzy matching for the command palette and list search: every query character must appear in
 * order; consecutive runs and word starts score higher. Returns -1 when it does not match.
 */
export function fuzzyScore(query: string, text: string): number {
  if (!query) return 0;
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  const direct = t.indexOf(q);
  if (direct >= 0) return 1000 - direct - t.length / 100;
  let score = 0;
  let run = 0;
  let ti = 0;
  for (const ch of q) {
    const found = t.indexOf(ch, ti);
    if (found < 0) return -1;
    run = found === ti ? run + 1 : 0;
    const wordStart = found === 0 || /[\s/\-._:]/.test(t[found - 1]);
    score += 1 + run * 2 + (wordStart ? 3 : 0);
    ti = found + 1;
  }
  return score;
}

/**
 * List search: whitespace-separated terms, all of which must appear (case-insensitive) in the
 * row's text. `key:value` terms match one field exactly-ish (`status:crash`, `node:worker-1`).
 */
export function matchesSearch(query: string, text: string, fields?: Record<string, string>): boolean {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return true;
  const haystack = text.toLowerCase();
  return terms.every((term) => {
    const colon = term.indexOf(':');
    if (colon > 0 && fields) {
      const value = fields[term.slice(0, colon)];
      if (value !== undefined) return value.toLowerCase().includes(term.slice(colon + 1));
    }
    return haystack.includes(term);
  });
}

/**
 * Key ordering shared by every backend. Keys compare in byte order of their UTF-8 encoding (what
 * etcd and SQLite's BINARY collation do), which is Unicode code point order. JavaScript's `<`
 * compares UTF-16 code units instead; the two differ only for characters above U+FFFF versus
 * U+E000..U+FFFF, which `compareKeys` corrects.
 */

/** Maps a UTF-16 code unit so that code-unit order equals code-point order. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000; // surrogates sort after the BMP
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** Negative, zero or positive as `a` sorts before, equal to or after `b` in UTF-8 byte order. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/**
 * The smallest key greater than every key that starts with `prefix`, or `undefined` when there is
 * none (the empty prefix, or a prefix made only of U+10FFFF). Range scans use `[prefix, end)`.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix, (c) => c.codePointAt(0) as number);
  while (points.length > 0) {
    const last = points.pop() as number;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1; // skip the surrogate block
      return String.fromCodePoint(...points, next);
    }
  }
  return undefined;
}

/** The smallest key strictly greater than `key` (where the next page of a list starts). */
export function keyAfter(key: string): string {
  return `${key}\u0000`;
}

/** Index of the first element of sorted `keys` that is >= `key` (binary search). */
export function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid] as string, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

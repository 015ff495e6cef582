/** RFC 6901 JSON pointers: `""` is the whole document, `/a/b` a path, `~1` an escaped `/`, `~0` an escaped `~`. */

/** A malformed JSON pointer; the message says what is wrong, the caller adds which operation carried it. */
export class JsonPointerSyntaxError extends Error {}

/** Splits a JSON pointer into unescaped reference tokens. Throws `JsonPointerSyntaxError` on a malformed pointer. */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new JsonPointerSyntaxError(`a JSON pointer must be empty or start with "/"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~(?![01])/.test(token)) {
        throw new JsonPointerSyntaxError(`"~" must be followed by 0 or 1 (write "~0" for "~" and "~1" for "/")`);
      }
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** Escapes one reference token (`a/b` → `a~1b`), the inverse of what `parseJsonPointer` does per token. */
export function escapeJsonPointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The array index a token names, or `undefined` when the token is not an index. RFC 6901 allows
 * only `0` or digits without a leading zero; `-` (past the end) is handled by the caller.
 */
export function parseArrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}

/**
 * Continue tokens of paginated lists and the read plan shared by the memory and SQLite backends.
 *
 * A token is opaque to callers: base64url of `{"k": nextKey, "r": revision}`. Every page of one
 * list is read at the revision of the first page, so a token whose revision has since been
 * compacted fails with `CompactedError` (the caller starts a new list).
 */
import { CompactedError, FutureRevisionError, InvalidContinueTokenError } from './errors.js';
import { prefixEnd } from './keys.js';
import type { ListOptions } from './types.js';

export interface ContinuePosition {
  /** First key of the next page (inclusive). */
  start: string;
  /** Revision every page is read at. */
  revision: number;
}

export function encodeContinue(position: ContinuePosition): string {
  return Buffer.from(JSON.stringify({ k: position.start, r: position.revision }), 'utf8').toString('base64url');
}

/** Decodes a token issued for a list of `prefix`; throws `InvalidContinueTokenError` otherwise. */
export function decodeContinue(token: string, prefix: string): ContinuePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidContinueTokenError(token, 'not a token issued by this store');
  }
  const { k, r } = (parsed ?? {}) as { k?: unknown; r?: unknown };
  if (typeof k !== 'string' || typeof r !== 'number' || !Number.isSafeInteger(r) || r <= 0) {
    throw new InvalidContinueTokenError(token, 'not a token issued by this store');
  }
  if (!k.startsWith(prefix)) {
    throw new InvalidContinueTokenError(token, `it belongs to a list of another prefix than "${prefix}"`);
  }
  return { start: k, revision: r };
}

/**
 * Checks a read at `requested` (0 or undefined = latest) against the store's bounds and returns
 * the revision to read at. Throws `FutureRevisionError` or `CompactedError`.
 */
export function resolveReadRevision(requested: number | undefined, current: number, compacted: number): number {
  if (!requested) return current;
  if (requested > current) throw new FutureRevisionError(requested, current);
  if (requested < compacted) throw new CompactedError(requested, compacted);
  return requested;
}

/** What one page of `list(prefix, options)` reads: keys in `[start, end)` at `revision`. */
export interface ListPlan {
  start: string;
  /** Exclusive upper bound; undefined = no bound (empty prefix). */
  end: string | undefined;
  revision: number;
  /** Page size; 0 = everything. */
  limit: number;
}

export function planList(prefix: string, options: ListOptions, current: number, compacted: number): ListPlan {
  const limit = Math.max(0, Math.floor(options.limit ?? 0));
  const end = prefixEnd(prefix);
  if (options.continue) {
    const position = decodeContinue(options.continue, prefix);
    const revision = resolveReadRevision(position.revision, current, compacted);
    return { start: position.start, end, revision, limit };
  }
  return { start: prefix, end, revision: resolveReadRevision(options.revision, current, compacted), limit };
}

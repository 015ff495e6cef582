/**
 * Translates SQLite failures into `StoreUnavailableError`s that say what failed, for which
 * database file, and what a person can do about it. Typed store errors pass through untouched.
 */
import Database from 'better-sqlite3';
import { StoreError, StoreUnavailableError } from './errors.js';

/** Advice per SQLite primary result code (the part before the first `_` suffix). */
const ADVICE: Record<string, string> = {
  SQLITE_FULL: 'the disk (or the configured size limit) is full: free some space, then retry',
  SQLITE_IOERR: 'the disk reported an I/O error: check the disk and free space, then restart Pilothouse',
  SQLITE_READONLY: 'the file or its directory is read-only: make them writable by this user, or choose another data directory',
  SQLITE_CANTOPEN: 'the file cannot be opened or created: check that the path names a file (not a directory) in an existing directory writable by this user',
  SQLITE_PERM: 'permission denied: make the file and its directory writable by this user',
  SQLITE_BUSY: 'the database is locked, probably by another running Pilothouse using the same data directory: stop it, or choose another data directory',
  SQLITE_LOCKED: 'the database is locked by another connection: stop the other Pilothouse using this data directory',
  SQLITE_CORRUPT: 'the database file is damaged: restore it from a backup or move it aside to start an empty cluster',
  SQLITE_NOTADB: 'the file is not a SQLite database: move it aside or choose another path',
};

function primaryCode(code: string): string {
  const match = /^SQLITE_[A-Z]+/.exec(code);
  return match ? match[0] : code;
}

/**
 * Wraps `error` from `operation` on the database at `path`. Store errors (conflicts and the
 * like) are returned unchanged; anything else becomes a `StoreUnavailableError`.
 */
export function toStoreError(error: unknown, path: string, operation: string): unknown {
  if (error instanceof StoreError) return error;
  if (error instanceof Database.SqliteError) {
    const advice = ADVICE[primaryCode(error.code)] ?? 'see the SQLite error code for details';
    return new StoreUnavailableError(
      `SQLite ${operation} failed on ${path}: ${error.message} (${error.code}); ${advice}`,
      error,
    );
  }
  return error;
}

/** The error for a database file that cannot be opened or initialised. */
export function openError(error: unknown, path: string): StoreUnavailableError {
  if (error instanceof Database.SqliteError) {
    const advice = ADVICE[primaryCode(error.code)] ?? 'check the path and its permissions';
    return new StoreUnavailableError(
      `cannot open the SQLite database at ${path}: ${error.message} (${error.code}); ${advice}`,
      error,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const advice = /directory does not exist/.test(message)
    ? 'create the parent directory first (the caller owns the data directory)'
    : 'check that the path is a writable file location';
  return new StoreUnavailableError(`cannot open the SQLite database at ${path}: ${message}; ${advice}`, error);
}

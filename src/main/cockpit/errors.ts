/**
 * Turns whatever a service threw into the contract's `IpcError`: API server failures keep their
 * reason, HTTP status, message and causes; `CockpitError`s carry their own code; anything else is
 * `Internal` with the message (never a stack).
 */
import { ApiClientError } from '../client/api-client.js';
import type { IpcError } from '../../shared/ipc/envelope.js';

/** An error a service raises on purpose, with a contract error code. */
export class CockpitError extends Error {
  constructor(readonly code: string, message: string, readonly details?: IpcError['details']) {
    super(message);
    this.name = 'CockpitError';
  }
}

export function toIpcError(e: unknown): IpcError {
  if (e instanceof ApiClientError) {
    const s = e.status;
    const causes = s.details?.causes?.map((c) => ({ field: c.field, message: c.message ?? '', reason: c.reason }));
    return {
      code: s.reason ?? (s.code >= 500 ? 'InternalError' : 'Failure'),
      message: s.message ?? `request failed with status ${s.code}`,
      status: s.code,
      details: causes?.length ? { causes } : undefined,
    };
  }
  if (e instanceof CockpitError) return { code: e.code, message: e.message, details: e.details };
  return { code: 'Internal', message: e instanceof Error ? e.message : String(e) };
}

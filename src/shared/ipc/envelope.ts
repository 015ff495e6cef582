/**
 * The result envelope every call crosses the boundary in, and the error shape inside it. Errors
 * carry the API server's own message, reason and causes so the UI can show them as they are.
 */

/** Error codes of the IPC layer itself; API server failures use their HTTP reason (`NotFound`, `Invalid`, ...). */
export type IpcErrorCode =
  | 'UnknownChannel'
  | 'BadRequest'
  | 'Forbidden'
  | 'Unsupported'
  | 'Unavailable'
  | 'Internal'
  | string;

export interface IpcErrorCause {
  /** Field path as the API server reports it (`spec.template.spec.containers[0].image`). */
  field?: string;
  message: string;
  reason?: string;
}

export interface IpcError {
  code: IpcErrorCode;
  message: string;
  /** HTTP status when the error came from the API server. */
  status?: number;
  details?: { causes?: IpcErrorCause[]; [key: string]: unknown };
}

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: IpcError };

/** Thrown by typed client helpers (`unwrap`) so `catch` blocks see the real message and code. */
export class PilothouseError extends Error {
  readonly code: IpcErrorCode;
  readonly status?: number;
  readonly details?: IpcError['details'];

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'PilothouseError';
    this.code = error.code;
    this.status = error.status;
    this.details = error.details;
  }
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.result;
  throw new PilothouseError(envelope.error);
}

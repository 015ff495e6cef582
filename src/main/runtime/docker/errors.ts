/**
 * How Docker failures reach the kubelet: connection failures become `RuntimeUnavailableError`
 * with a message a person can act on; the daemon's own message is kept for everything else
 * (dockerode's "(HTTP code 500) server error - " prefix removed).
 */
import { RuntimeUnavailableError } from '../types.js';

/** Socket-level error codes that mean "no engine at the other end". */
const UNAVAILABLE_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EACCES', 'EPERM', 'ENOTSOCK', 'EHOSTUNREACH', 'ETIMEDOUT']);

interface DockerodeError {
  code?: string;
  statusCode?: number;
  json?: { message?: string } | null;
  message?: string;
}

/** True when `e` says the engine itself could not be reached (not that a request failed). */
export function isConnectionError(e: unknown): boolean {
  const code = (e as DockerodeError | undefined)?.code;
  return typeof code === 'string' && UNAVAILABLE_CODES.has(code);
}

/** HTTP status of a daemon answer, if `e` is one. */
export function statusCode(e: unknown): number | undefined {
  const s = (e as DockerodeError | undefined)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

export function isNotFound(e: unknown): boolean {
  return statusCode(e) === 404;
}

/** The daemon's message without dockerode's "(HTTP code N) reason - " prefix. */
export function daemonMessage(e: unknown): string {
  const err = e as DockerodeError | undefined;
  if (err?.json && typeof err.json.message === 'string') return err.json.message;
  const message = err?.message ?? String(e);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/** The person-readable error for an unreachable engine at `endpoint`. */
export function unavailableError(endpoint: string, cause: unknown): RuntimeUnavailableError {
  const code = (cause as DockerodeError | undefined)?.code;
  const what =
    code === 'EACCES' || code === 'EPERM'
      ? `Docker is running but this user may not use ${endpoint} (${code}): add the user to the "docker" group, or point Pilothouse at a socket it may use`
      : `Docker is not running or not reachable at ${endpoint}: start Docker Desktop / dockerd, or point Pilothouse at the right socket (DOCKER_HOST)`;
  const err = new RuntimeUnavailableError(`${what} (${code ?? 'error'}: ${(cause as Error)?.message ?? String(cause)})`);
  (err as Error & { cause?: unknown }).cause = cause;
  return err;
}

/** The person-readable error for an engine at `endpoint` that takes connections but does not answer. */
export function unresponsiveError(endpoint: string, waitedMs: number): RuntimeUnavailableError {
  return new RuntimeUnavailableError(
    `Docker at ${endpoint} did not answer within ${waitedMs / 1000}s: it may be hung or overloaded; restart Docker Desktop / dockerd`,
  );
}

/**
 * Runs one Docker operation. Connection failures become `RuntimeUnavailableError`; daemon
 * errors are rethrown as `Error`s whose message names the operation and carries the daemon's
 * reason, keeping `statusCode` so callers can still tell "not found" and "conflict" apart.
 */
export async function dockerCall<T>(endpoint: string, operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw describeError(endpoint, operation, e);
  }
}

/**
 * The error `dockerCall` throws for `e`: connection failures become `RuntimeUnavailableError`,
 * daemon answers get the operation named; errors of our own (`ImagePullError`, errors that
 * already explain themselves) pass unchanged.
 */
export function describeError(endpoint: string, operation: string, e: unknown): Error {
  if (isConnectionError(e)) return unavailableError(endpoint, e);
  if (statusCode(e) === undefined) return e instanceof Error ? e : new Error(String(e));
  const err = new Error(`docker: ${operation}: ${daemonMessage(e)}`) as Error & { statusCode?: number; cause?: unknown };
  err.statusCode = statusCode(e);
  err.cause = e;
  return err;
}

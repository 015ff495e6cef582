/**
 * The remote-command protocol of exec and attach over WebSocket, subprotocol
 * `v5.channel.k8s.io` (apimachinery `pkg/util/remotecommand/constants.go`, client-go
 * `tools/remotecommand/websocket.go`): every binary message is `[channel][payload]` with channels
 * 0 stdin, 1 stdout, 2 stderr, 3 error (one final `metav1.Status` as JSON), 4 resize
 * (`{"Width":w,"Height":h}`); v5 adds `[255, channel]` to half-close a channel (stdin EOF).
 *
 * Exit codes travel on channel 3: `{"status":"Success"}`, or a Failure with reason
 * `NonZeroExitCode` and the code in `details.causes[{reason: "ExitCode", message: "<n>"}]`.
 */
import type { Status } from '../../../shared/api/object.js';
import { isApiError } from '../../apiserver/errors.js';
import type { ExecOptions } from '../../runtime/types.js';
import { flag } from './log-options.js';
import { statusError, streamingErrors } from './streaming.js';

export const V5_CHANNEL_PROTOCOL = 'v5.channel.k8s.io';

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** One exec or attach request, as `PodExecOptions` / `PodAttachOptions` in a query string. */
export interface RemoteCommandRequest {
  /** Empty for attach. */
  command: string[];
  /** Unset when the request names no container. */
  container?: string;
  options: ExecOptions;
}

/**
 * Reads `command` (repeated), `container`, `stdin`, `stdout`, `stderr`, `tty` (`true`/`1`).
 * As upstream: a TTY has no separate stderr; at least one stream is required (400); exec needs
 * a command (400).
 */
export function parseRemoteCommandQuery(query: URLSearchParams, kind: 'exec' | 'attach'): RemoteCommandRequest {
  const tty = flag(query, 'tty');
  const options: ExecOptions = { tty, stdin: flag(query, 'stdin'), stdout: flag(query, 'stdout'), stderr: flag(query, 'stderr') && !tty };
  if (!options.stdin && !options.stdout && !options.stderr) {
    throw streamingErrors.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  }
  const command = kind === 'exec' ? query.getAll('command') : [];
  if (kind === 'exec' && command.length === 0) throw streamingErrors.badRequest('you must specify at least one command for the container');
  return { command, container: query.get('container') || undefined, options };
}

/** The query string of a kubelet's `/exec` or `/attach` endpoint (upstream `streamParams`). */
export function remoteCommandQueryString(command: string[], options: ExecOptions): string {
  const q = new URLSearchParams();
  if (options.stdin) q.set('stdin', '1');
  if (options.stdout) q.set('stdout', '1');
  if (options.stderr) q.set('stderr', '1');
  if (options.tty) q.set('tty', '1');
  for (const c of command) q.append('command', c);
  return q.toString();
}

/** `[channel][payload]`. */
export function frame(channel: number, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([Buffer.from([channel]), body]);
}

/** The channel-3 Status for a command that ended with `code` (upstream kubelet `ServeExec`). */
export function exitStatus(code: number): Omit<Status, 'code'> & { code?: number } {
  if (code === 0) return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' };
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: `command terminated with non-zero exit code: exit status ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
    code: 500,
  };
}

/** The channel-3 Status for a command that could not be run: the error's own Status, else a 500. */
export function failureStatus(e: unknown): Status {
  if (isApiError(e)) return e.status;
  return streamingErrors.internal(`error executing command in container: ${e instanceof Error ? e.message : String(e)}`).status;
}

/**
 * The exit code a channel-3 message reports (client-go `errorDecoderV4`). An empty message is
 * success; a Failure without an exit code is thrown as the error it describes.
 */
export function exitCodeFromStatus(message: Buffer): number {
  const text = message.toString('utf8').trim();
  if (!text) return 0;
  let status: Partial<Status>;
  try {
    status = JSON.parse(text) as Partial<Status>;
  } catch {
    throw streamingErrors.internal(`error stream protocol error: ${JSON.stringify(text)} is not a Status`);
  }
  if (status.status === 'Success') return 0;
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (cause && Number.isInteger(code) && code >= 0 && code <= 255) return code;
    throw streamingErrors.internal(`error stream protocol error: invalid exit code value ${JSON.stringify(cause?.message)}`);
  }
  throw statusError(status.code ?? 500, status.reason ?? 'InternalError', status.message ?? 'error stream protocol error: unknown error');
}

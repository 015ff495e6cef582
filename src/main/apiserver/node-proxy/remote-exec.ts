/**
 * Client side of exec and attach on a remote kubelet: opens a `v5.channel.k8s.io` WebSocket to
 * the kubelet server and presents it as an `ExecSession`, so the API server bridges it to kubectl
 * exactly like an in-process session. A kubelet's HTTP error answer (pod or container not found)
 * rejects the open with its Status; a lost connection rejects `exitCode` with 503.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { WebSocket, type ClientOptions } from 'ws';
import type { Status } from '../../../shared/api/object.js';
import type { ExecOptions, ExecSession } from '../../runtime/types.js';
import { CHANNEL, V5_CHANNEL_PROTOCOL, exitCodeFromStatus, frame } from '../../kubelet/server/remote-command.js';
import { statusError, streamingErrors } from '../../kubelet/server/streaming.js';

/** Opens the WebSocket at `url` (wss://…/exec/…?…) and resolves once the kubelet accepted it. */
export function openRemoteCommand(url: string, tls: ClientOptions, options: ExecOptions, what: string): Promise<ExecSession> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, [V5_CHANNEL_PROTOCOL], { ...tls, perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.once('unexpected-response', (req: ClientRequest, res: IncomingMessage) => {
      readStatus(res)
        .catch((e: unknown) => e)
        .then((e) => {
          req.destroy();
          reject(e);
        });
    });
    ws.once('error', (e: Error) => reject(streamingErrors.unavailable(`cannot reach the kubelet of ${what}: ${e.message}`)));
    ws.once('open', () => {
      if (ws.protocol !== V5_CHANNEL_PROTOCOL) {
        ws.terminate();
        reject(streamingErrors.internal(`the kubelet of ${what} answered with protocol ${JSON.stringify(ws.protocol)}, not ${V5_CHANNEL_PROTOCOL}`));
        return;
      }
      resolve(sessionOverWebSocket(ws, options, what));
    });
  });
}

/** Reads an error response's body as a Status (or wraps its text in one). */
export async function readStatus(res: IncomingMessage): Promise<never> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  const code = res.statusCode ?? 500;
  try {
    const s = JSON.parse(text) as Partial<Status>;
    if (s.kind === 'Status') throw statusError(s.code ?? code, s.reason ?? 'InternalError', s.message ?? text);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
  }
  throw statusError(code, code === 404 ? 'NotFound' : code === 400 ? 'BadRequest' : 'InternalError', text || `the kubelet answered ${code}`);
}

function sessionOverWebSocket(ws: WebSocket, options: ExecOptions, what: string): ExecSession {
  const stdout = new PassThrough();
  const stderr = options.stderr && !options.tty ? new PassThrough() : undefined;
  const stdin = options.stdin ? new PassThrough() : undefined;
  const errorChunks: Buffer[] = [];
  let closed = false;

  stdin?.on('data', (chunk: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(frame(CHANNEL.stdin, chunk));
  });
  stdin?.on('end', () => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.from([CHANNEL.close, CHANNEL.stdin]));
  });
  // Destroyed by the reader (kubectl went away): end the remote command's connection too.
  stdout.on('close', () => {
    if (!closed) ws.close(1000);
  });

  const write = (target: PassThrough | undefined, payload: Buffer) => {
    if (target && !target.write(payload)) {
      ws.pause();
      target.once('drain', () => ws.resume());
    }
  };
  ws.on('message', (data: Buffer) => {
    const payload = data.subarray(1);
    if (data[0] === CHANNEL.stdout) write(stdout, payload);
    else if (data[0] === CHANNEL.stderr) write(stderr, payload);
    else if (data[0] === CHANNEL.error) errorChunks.push(payload);
  });
  const exitCode = new Promise<number>((resolve, reject) => {
    ws.on('error', () => {}); // 'close' follows
    ws.on('close', (code: number) => {
      closed = true;
      stdout.end();
      stderr?.end();
      stdin?.destroy();
      if (errorChunks.length === 0 && code !== 1000) {
        reject(streamingErrors.unavailable(`the connection to the kubelet of ${what} was lost (close code ${code})`));
        return;
      }
      try {
        resolve(exitCodeFromStatus(Buffer.concat(errorChunks)));
      } catch (e) {
        reject(e);
      }
    });
  });
  exitCode.catch(() => {}); // a reader that never asks must not crash the process
  return {
    stdin,
    stdout,
    stderr,
    exitCode,
    resize: async (cols, rows) => {
      if (ws.readyState === ws.OPEN) ws.send(frame(CHANNEL.resize, JSON.stringify({ Width: cols, Height: rows })));
    },
  };
}

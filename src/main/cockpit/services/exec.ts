/**
 * `pods:exec` with `exec:input` / `exec:resize`: a shell in a container, opened exactly as
 * kubectl opens it — a WebSocket to the API server's `pods/exec` over HTTPS (subprotocol
 * `v5.channel.k8s.io`: channel 0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize, 255 close).
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { ExecEvent, ExecRequest } from '../../../shared/ipc/stream-types.js';
import type { Status } from '../../../shared/api/object.js';
import type { CallHandlers, EventSink, SubscriptionHandlers } from '../cockpit.js';
import type { CockpitContext } from '../context.js';
import { CockpitError } from '../errors.js';

const PROTOCOL = 'v5.channel.k8s.io';
const STDIN = 0, STDOUT = 1, STDERR = 2, ERROR = 3, RESIZE = 4;

export function execHandlers(ctx: CockpitContext): { calls: CallHandlers; subscriptions: SubscriptionHandlers } {
  const sessions = new Map<string, WebSocket>();
  const session = (id: string) => {
    const ws = sessions.get(id);
    if (!ws || ws.readyState !== WebSocket.OPEN) throw new CockpitError('NotFound', `no running exec session ${id} (the shell may have exited)`);
    return ws;
  };
  return {
    calls: {
      'exec:input': async (r) => {
        session(r.sessionId).send(Buffer.concat([Buffer.from([STDIN]), Buffer.from(r.data, 'utf8')]));
        return {};
      },
      'exec:resize': async (r) => {
        session(r.sessionId).send(resizeFrame(r.cols, r.rows));
        return {};
      },
    },
    subscriptions: { 'pods:exec': (r, sink) => startExec(ctx, r, sink, sessions) },
  };
}

function resizeFrame(cols: number, rows: number): Buffer {
  return Buffer.concat([Buffer.from([RESIZE]), Buffer.from(JSON.stringify({ Width: cols, Height: rows }))]);
}

export async function startExec(ctx: CockpitContext, r: ExecRequest, sink: EventSink<ExecEvent>, sessions: Map<string, WebSocket>): Promise<() => void> {
  const tty = r.tty !== false;
  const query = new URLSearchParams();
  for (const part of r.command ?? ['sh']) query.append('command', part);
  if (r.container) query.set('container', r.container);
  query.set('stdin', 'true');
  query.set('stdout', 'true');
  query.set('stderr', tty ? 'false' : 'true');
  query.set('tty', tty ? 'true' : 'false');
  const url = `${ctx.url.replace(/^http/, 'ws')}/api/v1/namespaces/${encodeURIComponent(r.namespace)}/pods/${encodeURIComponent(r.pod)}/exec?${query}`;
  const ws = new WebSocket(url, [PROTOCOL], { ca: ctx.caCert, headers: { authorization: `Bearer ${ctx.token}` } });
  const id = randomUUID();
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => reject(refusal(res.statusCode ?? 0, body)));
    });
    ws.once('error', (e) => reject(new CockpitError('Unavailable', `exec into ${r.namespace}/${r.pod}: ${e.message}`)));
  });
  sessions.set(id, ws);
  sink.emit({ type: 'started', sessionId: id });
  if (tty && r.cols && r.rows) ws.send(resizeFrame(r.cols, r.rows));
  const decoders = { [STDOUT]: new TextDecoder(), [STDERR]: new TextDecoder() };
  let exit: ExecEvent | undefined;
  ws.on('message', (data: Buffer) => {
    if (data.length === 0) return;
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === STDOUT || channel === STDERR) {
      const text = decoders[channel].decode(payload, { stream: true });
      if (text) sink.emit({ type: channel === STDOUT ? 'stdout' : 'stderr', data: text });
    } else if (channel === ERROR && payload.length > 0) {
      exit = exitFrom(payload.toString('utf8'));
    }
  });
  ws.on('error', () => {});
  ws.on('close', (code, reason) => {
    sessions.delete(id);
    sink.emit(exit ?? { type: 'exit', code: 1, message: `connection closed (${code}${reason.length ? `: ${reason.toString()}` : ''})` });
    sink.close();
  });
  return () => {
    sessions.delete(id);
    ws.close(1000);
  };
}

/** The status on channel 3: Success, or Failure with an `ExitCode` cause (`command terminated with non-zero exit code`). */
function exitFrom(text: string): ExecEvent {
  try {
    const s = JSON.parse(text) as Status;
    if (s.status === 'Success') return { type: 'exit', code: 0 };
    const code = Number(s.details?.causes?.find((c) => c.reason === 'ExitCode')?.message);
    return { type: 'exit', code: Number.isInteger(code) ? code : 1, message: s.message };
  } catch {
    return { type: 'exit', code: 1, message: text };
  }
}

function refusal(status: number, body: string): CockpitError {
  try {
    const s = JSON.parse(body) as Status;
    if (s.kind === 'Status') return new CockpitError(s.reason ?? 'Failure', s.message ?? `exec refused with HTTP ${status}`);
  } catch { /* not a Status */ }
  return new CockpitError(status === 404 ? 'NotFound' : 'BadRequest', body.trim() || `exec refused with HTTP ${status}`);
}

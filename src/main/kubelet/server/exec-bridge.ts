/**
 * Serves one exec or attach session on an open `v5.channel.k8s.io` WebSocket (server side; the
 * API server does it for kubectl and the kubelet server for the API server):
 * - client stdin (channel 0, half-closed by `[255, 0]`) and resizes (channel 4) go to the session;
 * - the session's stdout and stderr go out on channels 1 and 2, pausing the session's streams
 *   while the socket is backed up;
 * - once both have ended and the exit code is known, one Status goes out on channel 3 and the
 *   socket closes normally (1000), which is how client-go knows the command is over.
 * The session may still be starting: messages that arrive first are held until it exists, and
 * if it fails to start its error is the channel-3 Status.
 */
import type { WebSocket } from 'ws';
import type { ExecOptions, ExecSession } from '../../runtime/types.js';
import { CHANNEL, exitStatus, failureStatus, frame } from './remote-command.js';

/** Output is paused above this much unsent data and resumed below a quarter of it. */
const HIGH_WATER_BYTES = 1024 * 1024;

/** Resolves when the session is over and the socket is closing. Never rejects. */
export function serveRemoteCommand(ws: WebSocket, starting: Promise<ExecSession>, options: ExecOptions): Promise<void> {
  let session: ExecSession | undefined;
  let held: Buffer[] = [];
  let finished = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  const finish = (status: object) => {
    if (finished) return;
    finished = true;
    if (ws.readyState === ws.OPEN) {
      ws.send(frame(CHANNEL.error, JSON.stringify(status)));
      ws.close(1000);
    }
    resolveDone();
  };

  const deliver = (data: Buffer) => {
    const s = session!;
    const payload = data.subarray(1);
    switch (data[0]) {
      case CHANNEL.stdin:
        if (s.stdin && payload.length && !s.stdin.write(payload)) {
          ws.pause();
          s.stdin.once('drain', () => ws.resume());
        }
        break;
      case CHANNEL.resize: {
        const size = parseResize(payload);
        if (size) s.resize(size.width, size.height).catch(() => {});
        break;
      }
      case CHANNEL.close:
        if (payload[0] === CHANNEL.stdin) s.stdin?.end();
        break;
    }
  };

  ws.on('message', (data: Buffer) => {
    if (data.length === 0) return;
    if (session) deliver(data);
    else held.push(data);
  });
  ws.on('error', () => {});
  ws.on('close', () => {
    if (session) hangUp(session);
    finish({});
  });

  starting.then(
    (s) => {
      session = s;
      if (finished) {
        hangUp(s);
        return;
      }
      for (const data of held) deliver(data);
      held = [];
      const outputs = [pump(ws, s.stdout, options.stdout ? CHANNEL.stdout : undefined)];
      if (s.stderr) outputs.push(pump(ws, s.stderr, options.stderr ? CHANNEL.stderr : undefined));
      Promise.all([s.exitCode, ...outputs]).then(
        ([code]) => finish(exitStatus(code)),
        (e: unknown) => finish(failureStatus(e)),
      );
    },
    (e: unknown) => finish(failureStatus(e)),
  );
  return done;
}

/**
 * Copies `stream` to `channel` (or drops it when the client did not ask for it), resolving at
 * its end. Never rejects: a failing stream just ends the copy.
 */
function pump(ws: WebSocket, stream: NodeJS.ReadableStream, channel: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    let paused = false;
    stream.on('data', (chunk: Buffer | string) => {
      if (channel === undefined || ws.readyState !== ws.OPEN) return;
      ws.send(frame(channel, typeof chunk === 'string' ? Buffer.from(chunk) : chunk), () => {
        if (paused && ws.bufferedAmount < HIGH_WATER_BYTES / 4) {
          paused = false;
          stream.resume();
        }
      });
      if (ws.bufferedAmount > HIGH_WATER_BYTES && !paused) {
        paused = true;
        stream.pause();
      }
    });
    stream.once('end', () => resolve());
    stream.once('close', () => resolve());
    stream.once('error', () => resolve());
  });
}

/** The client went away: end its stdin and stop reading the session's output. */
function hangUp(s: ExecSession): void {
  s.stdin?.end();
  for (const out of [s.stdout, s.stderr]) (out as { destroy?: () => void } | undefined)?.destroy?.();
}

/** `{"Width":80,"Height":24}` (Go's field names, as client-go writes them). */
function parseResize(payload: Buffer): { width: number; height: number } | undefined {
  try {
    const v = JSON.parse(payload.toString('utf8')) as { Width?: unknown; Height?: unknown };
    if (typeof v.Width === 'number' && typeof v.Height === 'number') return { width: v.Width, height: v.Height };
  } catch {
    // a malformed resize is ignored, as upstream logs and drops it
  }
  return undefined;
}

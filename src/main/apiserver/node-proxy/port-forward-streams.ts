/**
 * The `portforward.k8s.io` protocol on a SPDY session, as upstream's kubelet serves it: for each
 * connection kubectl accepts locally it opens two streams with the same `requestID` and `port`
 * headers — `streamType: error` (which it half-closes at once and reads until the end) and
 * `streamType: data`. Once both are there, this side connects to the pod's port and copies bytes
 * both ways; a half-close on either side is passed on. A failure is written to the error stream
 * (`error forwarding port 80 to pod web, uid …: …`), which kubectl prints. Both streams end when
 * the pod side does.
 */
import type net from 'node:net';
import type { SpdySession, SpdyStream } from './spdy/session.js';

/** How long the second stream of a pair may take (upstream: the stream creation timeout). */
const PAIR_TIMEOUT_MS = 30_000;

export interface PortForwardTarget {
  namespace: string;
  name: string;
  uid: string;
  /** Connects to `port` of the pod. */
  dial(port: number): Promise<net.Socket>;
}

interface Pair {
  data?: SpdyStream;
  error?: SpdyStream;
  timer: NodeJS.Timeout;
}

/** Serves port-forward streams on `session`'s streams (wire `onStream` of the session here). */
export class PortForwardStreams {
  private readonly pairs = new Map<string, Pair>();
  private readonly sockets = new Set<net.Socket>();
  /** What data streams received before their pod connection was open. */
  private readonly early = new WeakMap<SpdyStream, Early>();

  constructor(
    private readonly target: PortForwardTarget,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Ends every forwarded connection (the session is gone). */
  close(): void {
    for (const pair of this.pairs.values()) clearTimeout(pair.timer);
    this.pairs.clear();
    for (const socket of this.sockets) socket.destroy();
  }

  onStream(stream: SpdyStream, session: SpdySession): void {
    const type = stream.header('streamType');
    const requestId = stream.header('requestID') ?? derivedRequestId(stream.id, type);
    if ((type !== 'data' && type !== 'error') || requestId === undefined) {
      this.log(`port-forward: stream ${stream.id} with streamType ${type ?? '(none)'} refused`);
      stream.reset();
      return;
    }
    // kubectl may send on the data stream before the pod side is connected: keep those bytes.
    if (type === 'data') this.early.set(stream, collect(stream));
    else stream.on('data', () => {}); // the error stream carries nothing from kubectl
    let pair = this.pairs.get(requestId);
    if (!pair) {
      const timer = setTimeout(() => this.expire(requestId), PAIR_TIMEOUT_MS);
      timer.unref();
      pair = { timer };
      this.pairs.set(requestId, pair);
    }
    if (pair[type]) {
      stream.reset(); // a second stream of the same type for one request
      return;
    }
    pair[type] = stream;
    stream.once('close', () => {
      const p = this.pairs.get(requestId);
      if (p && p[type] === stream && !(p.data && p.error)) this.pairs.delete(requestId);
    });
    if (pair.data && pair.error) {
      clearTimeout(pair.timer);
      this.pairs.delete(requestId);
      void this.forward(pair.data, pair.error, session);
    }
  }

  private expire(requestId: string): void {
    const pair = this.pairs.get(requestId);
    if (!pair) return;
    this.pairs.delete(requestId);
    const missing = pair.data ? 'error' : 'data';
    if (pair.error) {
      pair.error.write(Buffer.from(`timed out waiting for the ${missing} stream of request ${requestId}`));
      pair.error.end();
    }
    pair.data?.reset();
  }

  private async forward(data: SpdyStream, error: SpdyStream, session: SpdySession): Promise<void> {
    const portText = data.header('port') ?? '';
    const port = Number(portText);
    const { namespace, name, uid } = this.target;
    const fail = (message: string) => {
      error.write(Buffer.from(`error forwarding port ${portText} to pod ${namespace}/${name}, uid ${uid}: ${message}`));
      error.end();
      data.end();
    };
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) return fail(`invalid port header "${portText}"`);
    let socket: net.Socket;
    try {
      socket = await this.target.dial(port);
    } catch (e) {
      return fail((e as Error).message);
    }
    const early = this.early.get(data);
    early?.stop();
    if (data.isClosed) {
      socket.destroy(); // kubectl gave up on this connection while the pod side was opening
      return;
    }
    this.sockets.add(socket);
    for (const chunk of early?.chunks ?? []) socket.write(chunk);
    if (early?.ended) socket.end();
    const done = () => {
      this.sockets.delete(socket);
      error.end();
      data.end();
    };
    socket.on('data', (chunk: Buffer) => {
      if (!data.write(chunk)) {
        socket.pause();
        session.onDrain(() => socket.resume());
      }
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', (e) => {
      if (!socket.destroyed) socket.destroy();
      this.log(`port-forward ${namespace}/${name}:${port}: ${e.message}`);
    });
    // A pod that reads slower than kubectl sends: the session stops reading until it catches up.
    data.on('data', (chunk: Buffer) => {
      if (socket.write(chunk)) return;
      const release = session.hold();
      socket.once('drain', release);
      socket.once('close', release);
    });
    data.on('end', () => socket.end());
    data.on('close', () => socket.destroy());
  }
}

interface Early {
  chunks: Buffer[];
  ended: boolean;
  stop(): void;
}

/** Collects a stream's data and end until `stop()`. */
function collect(stream: SpdyStream): Early {
  const early: Early = { chunks: [], ended: false, stop: () => {} };
  const onData = (chunk: Buffer) => early.chunks.push(chunk);
  const onEnd = () => (early.ended = true);
  stream.on('data', onData);
  stream.on('end', onEnd);
  early.stop = () => {
    stream.off('data', onData);
    stream.off('end', onEnd);
  };
  return early;
}

/** For clients that send no requestID (older kubectl), upstream derives it from the stream ids: error n, data n + 2. */
function derivedRequestId(streamId: number, type: string | undefined): string | undefined {
  if (type === 'error') return String(streamId);
  if (type === 'data') return String(streamId - 2);
  return undefined;
}

/**
 * The server side of a SPDY/3.1 session over any byte stream (an upgraded socket, or a
 * WebSocket tunnel): the peer opens streams (SYN_STREAM, answered with an empty SYN_REPLY),
 * both sides send data and half-close with FIN; PING is echoed; RST_STREAM and GOAWAY end
 * streams. Frames are handled strictly in arrival order, since a stream's header block must be
 * inflated before its data is delivered.
 *
 * Flow control: this side acknowledges what it receives (WINDOW_UPDATE per stream and for the
 * session, as 3.1 asks) and does not hold back its own data for the peer's window, as the
 * Go implementation kubectl uses (spdystream) neither grants nor waits for window updates.
 */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import {
  dataFrame, FLAG_FIN, FrameReader, FrameType, goAwayFrame, MAX_DATA_PAYLOAD, parseSynStream, pingFrame, RstStatus,
  rstStreamFrame, SpdyProtocolError, streamIdOf, synReplyFrame, windowUpdateFrame, type Frame,
} from './frames.js';
import { HeaderBlockReader, HeaderBlockWriter, type Headers } from './header-block.js';

/** Bytes received on a stream before this side acknowledges them with a WINDOW_UPDATE. */
const ACK_THRESHOLD = 32 * 1024;

/**
 * One stream the peer opened. Events: `data` (Buffer), `end` (the peer half-closed), `close`
 * (the stream is gone: both sides ended, reset, or the session ended).
 */
export class SpdyStream extends EventEmitter {
  private localEnded = false;
  private remoteEnded = false;
  private closed = false;
  private unacknowledged = 0;

  constructor(
    readonly id: number,
    readonly headers: Headers,
    private readonly session: SpdySession,
  ) {
    super();
  }

  /** Gone for both sides (ended both ways, reset, or the session ended). */
  get isClosed(): boolean {
    return this.closed;
  }

  header(name: string): string | undefined {
    return this.headers.get(name.toLowerCase())?.[0];
  }

  /** Sends data (in frames of at most 64 KB). False when the session's socket is backed up. */
  write(chunk: Buffer): boolean {
    if (this.localEnded || this.closed) return false;
    let ok = true;
    for (let at = 0; at < chunk.length; at += MAX_DATA_PAYLOAD) {
      ok = this.session.send(dataFrame(this.id, 0, chunk.subarray(at, at + MAX_DATA_PAYLOAD)));
    }
    return ok;
  }

  /** Half-closes this side (an empty data frame with FIN). */
  end(): void {
    if (this.localEnded || this.closed) return;
    this.localEnded = true;
    this.session.send(dataFrame(this.id, FLAG_FIN, Buffer.alloc(0)));
    if (this.remoteEnded) this.close();
  }

  /** Ends the stream at once for both sides (RST_STREAM CANCEL). */
  reset(): void {
    if (this.closed) return;
    this.session.send(rstStreamFrame(this.id, RstStatus.CANCEL));
    this.close();
  }

  /** @internal Data from the peer. */
  receive(payload: Buffer, fin: boolean): void {
    if (this.closed) return;
    if (payload.length > 0) {
      this.unacknowledged += payload.length;
      if (this.unacknowledged >= ACK_THRESHOLD) {
        this.session.send(windowUpdateFrame(this.id, this.unacknowledged));
        this.session.send(windowUpdateFrame(0, this.unacknowledged));
        this.unacknowledged = 0;
      }
      this.emit('data', payload);
    }
    if (fin) this.remoteEnd();
  }

  /** @internal The peer half-closed. */
  remoteEnd(): void {
    if (this.remoteEnded || this.closed) return;
    this.remoteEnded = true;
    this.emit('end');
    if (this.localEnded) this.close();
  }

  /** @internal */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.forget(this.id);
    this.emit('close');
  }
}

export class SpdySession {
  private readonly reader = new FrameReader();
  private readonly headerReader = new HeaderBlockReader();
  private readonly headerWriter = new HeaderBlockWriter();
  private readonly streams = new Map<number, SpdyStream>();
  private lastStreamId = 0;
  private queue: Promise<void> = Promise.resolve();
  private ended = false;
  private holds = 0;

  constructor(
    private readonly socket: Duplex,
    private readonly onStream: (stream: SpdyStream) => void,
    private readonly onError: (e: Error) => void = () => {},
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => this.shutdown());
    socket.on('close', () => this.shutdown());
    socket.on('error', () => this.shutdown());
  }

  /** Calls `cb` when the socket has room again after a `write` returned false. */
  onDrain(cb: () => void): void {
    this.socket.once('drain', cb);
  }

  /**
   * Stops reading from the peer until the returned function is called (by every holder). SPDY as
   * kubectl speaks it has no per-stream flow control, so a stream whose consumer is slow holds
   * back the whole session: memory stays bounded, other streams wait.
   */
  hold(): () => void {
    if (this.holds++ === 0) this.socket.pause();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0 && !this.ended) this.socket.resume();
    };
  }

  /** Says GOAWAY and ends the session. */
  close(): void {
    if (this.ended) return;
    this.send(goAwayFrame(this.lastStreamId));
    this.socket.end();
    this.shutdown();
  }

  /** @internal */
  send(frame: Buffer): boolean {
    if (this.ended || this.socket.destroyed) return false;
    return this.socket.write(frame);
  }

  /** @internal */
  forget(id: number): void {
    this.streams.delete(id);
  }

  private receive(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch (e) {
      this.fail(e as Error);
      return;
    }
    for (const frame of frames) {
      this.queue = this.queue.then(() => this.handle(frame)).catch((e: unknown) => this.fail(e as Error));
    }
  }

  private async handle(frame: Frame): Promise<void> {
    if (this.ended) return;
    if (frame.kind === 'data') {
      const stream = this.streams.get(frame.streamId);
      if (stream) stream.receive(frame.payload, (frame.flags & FLAG_FIN) !== 0);
      else this.send(rstStreamFrame(frame.streamId, RstStatus.INVALID_STREAM));
      return;
    }
    switch (frame.type) {
      case FrameType.SYN_STREAM: {
        const { streamId, headerBlock } = parseSynStream(frame.payload);
        const headers = await this.headerReader.decode(headerBlock); // always: the inflate context must follow every block
        if (this.ended) return;
        if (streamId % 2 === 0 || streamId <= this.lastStreamId) {
          this.send(rstStreamFrame(streamId, RstStatus.PROTOCOL_ERROR));
          return;
        }
        this.lastStreamId = streamId;
        const stream = new SpdyStream(streamId, headers, this);
        this.streams.set(streamId, stream);
        this.send(synReplyFrame(streamId, this.headerWriter.encode(new Map())));
        this.onStream(stream);
        if (frame.flags & FLAG_FIN) stream.remoteEnd();
        return;
      }
      case FrameType.HEADERS:
        await this.headerReader.decode(frame.payload.subarray(4)); // keeps the inflate context in step
        return;
      case FrameType.RST_STREAM:
        this.streams.get(streamIdOf(frame.payload))?.close();
        return;
      case FrameType.PING:
        if (frame.payload.length >= 4) this.send(pingFrame(frame.payload.readUInt32BE(0)));
        return;
      case FrameType.GOAWAY:
        this.socket.end();
        this.shutdown();
        return;
      default:
        return; // SETTINGS, WINDOW_UPDATE and unknown control frames need nothing from this side
    }
  }

  private fail(e: Error): void {
    if (this.ended) return;
    this.onError(e instanceof SpdyProtocolError ? e : new SpdyProtocolError(e.message));
    this.send(goAwayFrame(this.lastStreamId, 1));
    this.socket.destroy();
    this.shutdown();
  }

  private shutdown(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.socket.destroyed) this.socket.end(); // the peer's half-close ends the session: close our half too
    this.headerReader.close();
    for (const stream of [...this.streams.values()]) stream.close();
  }
}

/**
 * Docker's multiplexed stream format (logs and attach of non-TTY containers, non-TTY exec):
 * frames of an 8-byte header — stream type (0 stdin, 1 stdout, 2 stderr), three zero bytes, the
 * payload length as a big-endian uint32 — followed by the payload. TTY streams are raw bytes.
 */
import { Transform, type TransformCallback, type Writable } from 'node:stream';

export interface Frame {
  stream: 'stdout' | 'stderr';
  payload: Buffer;
}

const HEADER = 8;

/** Bytes in, `Frame` objects out. A frame split across chunks is held until complete. */
export class FrameParser extends Transform {
  private pending: Buffer = Buffer.alloc(0);

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (buf.length >= HEADER) {
      const size = buf.readUInt32BE(4);
      if (buf.length < HEADER + size) break;
      const frame: Frame = { stream: buf[0] === 2 ? 'stderr' : 'stdout', payload: buf.subarray(HEADER, HEADER + size) };
      buf = buf.subarray(HEADER + size);
      if (size > 0) this.push(frame);
    }
    this.pending = buf;
    done();
  }

  override _flush(done: TransformCallback): void {
    // A truncated last frame (the connection ended mid-frame): keep what arrived.
    if (this.pending.length > HEADER) this.push({ stream: this.pending[0] === 2 ? 'stderr' : 'stdout', payload: this.pending.subarray(HEADER) });
    done();
  }
}

/**
 * Routes the frames of `source` to `stdout` and `stderr` (both ended when `source` ends),
 * pausing the source while a sink is full. With `stderr` undefined, stderr frames go to `stdout`.
 */
export function demultiplex(source: NodeJS.ReadableStream, stdout: Writable, stderr?: Writable): void {
  const parser = new FrameParser();
  parser.on('data', (f: Frame) => {
    const sink = f.stream === 'stderr' && stderr ? stderr : stdout;
    if (!sink.write(f.payload)) {
      parser.pause();
      sink.once('drain', () => parser.resume());
    }
  });
  const finish = () => {
    stdout.end();
    if (stderr && stderr !== stdout) stderr.end();
  };
  parser.on('end', finish);
  parser.on('error', finish);
  source.on('error', (e: Error) => parser.destroy(e));
  // A source destroyed without 'end' (connection dropped) still ends the sinks.
  source.on('close', () => {
    if (!parser.writableEnded) parser.end();
  });
  source.pipe(parser);
}

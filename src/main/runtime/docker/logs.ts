/**
 * A container's logs as one readable stream of its output (stdout and stderr interleaved as
 * written, frames demultiplexed for non-TTY containers), honouring the kubelet's `LogOptions`.
 * With `timestamps`, each line starts with Docker's RFC 3339 time with nanoseconds (what
 * `kubectl logs --timestamps` shows). Destroying the returned stream releases the connection.
 */
import { PassThrough, Readable, Transform, type TransformCallback } from 'node:stream';
import type Dockerode from 'dockerode';
import type { LogOptions } from '../types.js';
import { demultiplex } from './frames.js';

/** Docker's `since` (seconds with a fraction) for the kubelet's sinceTime / sinceSeconds. */
export function sinceParam(options: LogOptions, now: Date): string | undefined {
  const ms = options.sinceTime?.getTime() ?? (options.sinceSeconds !== undefined ? now.getTime() - options.sinceSeconds * 1000 : undefined);
  if (ms === undefined) return undefined;
  const clamped = Math.max(0, ms);
  return `${Math.floor(clamped / 1000)}.${String(clamped % 1000).padStart(3, '0')}000000`;
}

/** The query of Docker's logs request. */
export function logsQuery(options: LogOptions, now: Date): Record<string, unknown> {
  const since = sinceParam(options, now);
  return {
    stdout: true,
    stderr: true,
    follow: options.follow,
    timestamps: options.timestamps,
    tail: options.tailLines === undefined ? 'all' : String(Math.max(0, options.tailLines)),
    ...(since !== undefined ? { since } : {}),
  };
}

/** Passes at most `limit` bytes, then ends its output and calls `onLimit`. */
export class ByteLimiter extends Transform {
  private left: number;

  constructor(
    limit: number,
    private readonly onLimit: () => void,
  ) {
    super();
    this.left = limit;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.left <= 0) return done();
    const part = chunk.length > this.left ? chunk.subarray(0, this.left) : chunk;
    this.left -= part.length;
    this.push(part);
    if (this.left <= 0) {
      this.push(null);
      this.onLimit();
    }
    done();
  }
}

/**
 * Opens the log stream of `container`. `tty` says whether the container was created with a TTY
 * (then Docker sends raw bytes instead of frames).
 */
export async function openLogStream(container: Dockerode.Container, tty: boolean, options: LogOptions, now: Date): Promise<NodeJS.ReadableStream> {
  if (options.limitBytes !== undefined && options.limitBytes <= 0) return Readable.from([]);
  const query = logsQuery(options, now);
  // dockerode answers a Buffer when not following and a stream when following.
  const raw = (await container.logs(query as unknown as Dockerode.ContainerLogsOptions & { follow: true })) as NodeJS.ReadableStream | Buffer;
  const source: NodeJS.ReadableStream = Buffer.isBuffer(raw) ? Readable.from([raw]) : raw;
  const release = () => (source as Readable).destroy?.();
  const out = new PassThrough();
  const sink = options.limitBytes !== undefined ? new ByteLimiter(options.limitBytes, release) : new PassThrough();
  sink.pipe(out);
  if (tty) {
    source.on('error', (e: Error) => out.destroy(e));
    source.on('close', () => {
      if (!sink.writableEnded) sink.end();
    });
    source.pipe(sink);
  } else {
    demultiplex(source, sink);
  }
  out.on('close', release);
  return out;
}

/**
 * SPDY/3 header blocks: a count, then length-prefixed names and values (4-byte big-endian
 * lengths; several values of one name joined by NUL), compressed as one zlib stream per
 * direction and session, preset with the protocol's dictionary and sync-flushed after each block.
 *
 * Received blocks are inflated with a context kept for the whole session. Sent blocks are not
 * compressed: they are written as deflate "stored" blocks (valid for any inflater, with no
 * reference to the dictionary, so the zlib header does not announce one). What this side sends
 * is a handful of empty SYN_REPLY header blocks, so compressing them would gain nothing.
 */
import zlib from 'node:zlib';
import { SpdyProtocolError } from './frames.js';

/**
 * The SPDY/3 zlib dictionary (draft-mbelshe-httpbis-spdy-00, 2.6.10.1): HTTP header names and
 * common values, each with a 4-byte length, then one run of common text. A peer's deflate
 * stream is preset with exactly these bytes; one byte off and inflating fails.
 */
const DICTIONARY_WORDS = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding',
  'accept-language', 'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection',
  'content-base', 'content-encoding', 'content-language', 'content-length', 'content-location',
  'content-md5', 'content-range', 'content-type', 'date', 'etag', 'expect', 'expires', 'from', 'host',
  'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since', 'last-modified',
  'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
  'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via',
  'warning', 'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url',
  'public', 'set-cookie', 'keep-alive', 'origin',
];
const DICTIONARY_TAIL =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized' +
  '403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
  'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
  'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,' +
  'text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

export const SPDY_DICTIONARY: Buffer = Buffer.concat([
  ...DICTIONARY_WORDS.flatMap((w) => [lengthPrefix(w.length), Buffer.from(w, 'latin1')]),
  Buffer.from(DICTIONARY_TAIL, 'latin1'),
]);

function lengthPrefix(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n, 0);
  return b;
}

export type Headers = Map<string, string[]>;

/** Name/value pairs as an uncompressed header block. */
export function serializeHeaders(headers: Headers): Buffer {
  const parts: Buffer[] = [lengthPrefix(headers.size)];
  for (const [name, values] of headers) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(values.join('\0'), 'utf8');
    parts.push(lengthPrefix(n.length), n, lengthPrefix(v.length), v);
  }
  return Buffer.concat(parts);
}

/** An uncompressed header block's name/value pairs (names lower-cased). */
export function parseHeaders(block: Buffer): Headers {
  const headers: Headers = new Map();
  let at = 0;
  const take = (): Buffer => {
    if (at + 4 > block.length) throw new SpdyProtocolError('truncated header block');
    const n = block.readUInt32BE(at);
    at += 4;
    if (at + n > block.length) throw new SpdyProtocolError('truncated header block');
    const bytes = block.subarray(at, at + n);
    at += n;
    return bytes;
  };
  if (block.length < 4) throw new SpdyProtocolError('truncated header block');
  const count = block.readUInt32BE(0);
  at = 4;
  for (let i = 0; i < count; i++) {
    const name = take().toString('utf8').toLowerCase();
    const values = take().toString('utf8').split('\0');
    headers.set(name, [...(headers.get(name) ?? []), ...values]);
  }
  return headers;
}

const SYNC_FLUSH_MARKER = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

/** The header blocks this side sends, as one zlib stream of stored blocks. */
export class HeaderBlockWriter {
  private started = false;

  encode(headers: Headers): Buffer {
    const raw = serializeHeaders(headers);
    if (raw.length > 0xffff) throw new SpdyProtocolError('header block too large');
    const stored = Buffer.allocUnsafe(5);
    stored[0] = 0x00; // BFINAL 0, BTYPE 00 (stored), padded to the byte boundary
    stored.writeUInt16LE(raw.length, 1);
    stored.writeUInt16LE(~raw.length & 0xffff, 3);
    // CMF 0x78 (deflate, 32K window), FLG 0x01: no preset dictionary, check bits right.
    const head = this.started ? [] : [Buffer.from([0x78, 0x01])];
    this.started = true;
    // Then the empty stored block a zlib sync flush ends with: Go's inflater hands out a stored
    // block's bytes only when the next block starts, and each frame must be readable on its own.
    return Buffer.concat([...head, stored, raw, SYNC_FLUSH_MARKER]);
  }
}

/** The peer's header blocks: one inflate context for the whole session, in arrival order. */
export class HeaderBlockReader {
  private readonly inflate = zlib.createInflate({ dictionary: SPDY_DICTIONARY });
  private output: Buffer[] = [];
  private failure: Error | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    this.inflate.on('data', (chunk: Buffer) => this.output.push(chunk));
    this.inflate.on('error', (e: Error) => (this.failure = new SpdyProtocolError(`header block does not inflate: ${e.message}`)));
  }

  /** The headers of the next compressed block (calls resolve in the order they were made). */
  decode(block: Buffer): Promise<Headers> {
    const next = this.queue.then(
      () =>
        new Promise<Headers>((resolve, reject) => {
          if (this.failure) return reject(this.failure);
          this.inflate.write(block);
          this.inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            // Output of the flush is pushed before its callback; a tick more for a late chunk.
            setImmediate(() => {
              if (this.failure) return reject(this.failure);
              const raw = Buffer.concat(this.output);
              this.output = [];
              try {
                resolve(parseHeaders(raw));
              } catch (e) {
                reject(e);
              }
            });
          });
        }),
    );
    this.queue = next.catch(() => {});
    return next;
  }

  close(): void {
    this.inflate.destroy();
  }
}

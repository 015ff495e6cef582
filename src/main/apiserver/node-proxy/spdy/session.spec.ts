/**
 * The SPDY server session against a client written here the way Go's spdystream (kubectl's)
 * frames things: header blocks deflated with the SPDY/3 dictionary as one zlib stream,
 * sync-flushed per block; all over a real loopback TCP connection.
 */
import net from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { controlFrame, dataFrame, FLAG_FIN, FrameReader, FrameType, pingFrame, rstStreamFrame, type Frame } from './frames.js';
import { parseHeaders, serializeHeaders, SPDY_DICTIONARY, type Headers } from './header-block.js';
import { SpdySession, type SpdyStream } from './session.js';

class TestClient {
  readonly frames: Frame[] = [];
  private readonly reader = new FrameReader();
  private readonly deflate = zlib.createDeflate({ dictionary: SPDY_DICTIONARY });
  private readonly inflate = zlib.createInflate(); // this side's replies carry stored blocks: no dictionary needed
  private deflated: Buffer[] = [];
  private inflated: Buffer[] = [];

  constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => this.frames.push(...this.reader.push(d)));
    this.deflate.on('data', (d: Buffer) => this.deflated.push(d));
    this.inflate.on('data', (d: Buffer) => this.inflated.push(d));
  }

  private async compress(headers: Headers): Promise<Buffer> {
    this.deflate.write(serializeHeaders(headers));
    await new Promise<void>((r) => this.deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => r()));
    await new Promise((r) => setImmediate(r));
    const out = Buffer.concat(this.deflated);
    this.deflated = [];
    return out;
  }

  async decompress(block: Buffer): Promise<Headers> {
    this.inflate.write(block);
    await new Promise<void>((r) => this.inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => r()));
    await new Promise((r) => setImmediate(r));
    const out = Buffer.concat(this.inflated);
    this.inflated = [];
    return parseHeaders(out);
  }

  async synStream(id: number, headers: Record<string, string>, flags = 0): Promise<void> {
    const block = await this.compress(new Map(Object.entries(headers).map(([k, v]) => [k, [v]])));
    const fixed = Buffer.alloc(10);
    fixed.writeUInt32BE(id, 0);
    this.socket.write(controlFrame(FrameType.SYN_STREAM, flags, Buffer.concat([fixed, block])));
  }

  async next(match: (f: Frame) => boolean, what: string): Promise<Frame> {
    for (let i = 0; i < 200; i++) {
      const at = this.frames.findIndex(match);
      if (at >= 0) return this.frames.splice(at, 1)[0];
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${what} frame arrived; frames: ${JSON.stringify(this.frames.map((f) => (f.kind === 'data' ? `data ${f.streamId}` : `control ${f.type}`)))}`);
  }
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function connect(onStream: (s: SpdyStream, session: SpdySession) => void): Promise<TestClient> {
  const server = net.createServer((socket) => {
    const session: SpdySession = new SpdySession(socket, (s) => onStream(s, session));
    cleanups.push(() => session.close());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  cleanups.push(() => {
    socket.destroy();
    server.close();
  });
  return new TestClient(socket);
}

describe('SPDY/3.1 server session', () => {
  it('builds the SPDY/3 dictionary byte for byte (length and the Adler-32 peers announce)', () => {
    let a = 1;
    let b = 0;
    for (const byte of SPDY_DICTIONARY) {
      a = (a + byte) % 65521;
      b = (b + a) % 65521;
    }
    expect(SPDY_DICTIONARY.length).toBe(1423);
    expect(((b << 16) | a) >>> 0).toBe(0xe3c6a7c2);
  });

  it('accepts streams with their headers, replies, carries data both ways and half-closes', async () => {
    const opened: SpdyStream[] = [];
    const client = await connect((s) => {
      opened.push(s);
      s.on('data', (d: Buffer) => s.write(Buffer.from(`echo:${d.toString()}`)));
      s.on('end', () => s.end());
    });
    await client.synStream(1, { streamtype: 'data', port: '80', requestid: '0' });
    await client.synStream(3, { streamType: 'error', port: '80', requestID: '0' }); // names are case-insensitive
    const reply1 = await client.next((f) => f.kind === 'control' && f.type === FrameType.SYN_REPLY && f.payload.readUInt32BE(0) === 1, 'SYN_REPLY 1');
    const reply3 = await client.next((f) => f.kind === 'control' && f.type === FrameType.SYN_REPLY && f.payload.readUInt32BE(0) === 3, 'SYN_REPLY 3');
    // Every block ends with a sync flush (an empty stored block), as an inflater that only
    // releases a block's bytes when the next one starts (Go's) needs.
    expect((reply1 as { payload: Buffer }).payload.subarray(-5)).toEqual(Buffer.from([0, 0, 0, 0xff, 0xff]));
    expect((reply3 as { payload: Buffer }).payload.subarray(-5)).toEqual(Buffer.from([0, 0, 0, 0xff, 0xff]));
    expect((await client.decompress((reply1 as { payload: Buffer }).payload.subarray(4))).size).toBe(0);
    expect((await client.decompress((reply3 as { payload: Buffer }).payload.subarray(4))).size).toBe(0);
    expect(opened.map((s) => [s.id, s.header('streamType'), s.header('port'), s.header('requestID')])).toEqual([[1, 'data', '80', '0'], [3, 'error', '80', '0']]);

    client.socket.write(dataFrame(1, 0, Buffer.from('hello')));
    const echoed = await client.next((f) => f.kind === 'data' && f.streamId === 1 && f.payload.length > 0, 'echo');
    expect((echoed as { payload: Buffer }).payload.toString()).toBe('echo:hello');
    client.socket.write(dataFrame(1, FLAG_FIN, Buffer.alloc(0)));
    const fin = await client.next((f) => f.kind === 'data' && f.streamId === 1 && (f.flags & FLAG_FIN) !== 0, 'FIN');
    expect(fin.kind).toBe('data');
  });

  it('echoes PING, forgets reset streams and refuses data for unknown ones', async () => {
    const closed: number[] = [];
    const client = await connect((s) => s.on('close', () => closed.push(s.id)));
    client.socket.write(pingFrame(7));
    const pong = await client.next((f) => f.kind === 'control' && f.type === FrameType.PING, 'PING');
    expect((pong as { payload: Buffer }).payload.readUInt32BE(0)).toBe(7);
    await client.synStream(5, { streamtype: 'data' });
    await client.next((f) => f.kind === 'control' && f.type === FrameType.SYN_REPLY, 'SYN_REPLY');
    client.socket.write(rstStreamFrame(5, 5));
    await expect.poll(() => closed).toEqual([5]);
    client.socket.write(dataFrame(9, 0, Buffer.from('x')));
    const rst = await client.next((f) => f.kind === 'control' && f.type === FrameType.RST_STREAM, 'RST_STREAM');
    expect((rst as { payload: Buffer }).payload.readUInt32BE(0)).toBe(9);
  });

  it('acknowledges received data with window updates, per stream and for the session', async () => {
    const client = await connect((s) => s.on('data', () => {}));
    await client.synStream(1, { streamtype: 'data' });
    await client.next((f) => f.kind === 'control' && f.type === FrameType.SYN_REPLY, 'SYN_REPLY');
    client.socket.write(dataFrame(1, 0, Buffer.alloc(40 * 1024)));
    const perStream = await client.next((f) => f.kind === 'control' && f.type === FrameType.WINDOW_UPDATE && f.payload.readUInt32BE(0) === 1, 'stream WINDOW_UPDATE');
    const session = await client.next((f) => f.kind === 'control' && f.type === FrameType.WINDOW_UPDATE && f.payload.readUInt32BE(0) === 0, 'session WINDOW_UPDATE');
    expect((perStream as { payload: Buffer }).payload.readUInt32BE(4)).toBe(40 * 1024);
    expect((session as { payload: Buffer }).payload.readUInt32BE(4)).toBe(40 * 1024);
  });

  it('ends the session with GOAWAY on a frame of another SPDY version', async () => {
    const client = await connect(() => {});
    const bad = controlFrame(FrameType.PING, 0, Buffer.alloc(4));
    bad.writeUInt16BE(0x8002, 0); // version 2
    client.socket.write(bad);
    const goAway = await client.next((f) => f.kind === 'control' && f.type === FrameType.GOAWAY, 'GOAWAY');
    expect(goAway.kind).toBe('control');
  });
});

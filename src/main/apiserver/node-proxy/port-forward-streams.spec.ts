/**
 * The portforward.k8s.io stream protocol against SPDY streams opened by a test client, with a
 * real TCP server on 127.0.0.1 standing in for the pod's port.
 */
import net from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { controlFrame, dataFrame, FLAG_FIN, FrameReader, FrameType, rstStreamFrame, type Frame } from './spdy/frames.js';
import { serializeHeaders, SPDY_DICTIONARY } from './spdy/header-block.js';
import { SpdySession } from './spdy/session.js';
import { PortForwardStreams } from './port-forward-streams.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function listen(onConnection: (s: net.Socket) => void): Promise<number> {
  const server = net.createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => server.close());
  return (server.address() as net.AddressInfo).port;
}

/** A client session with the port-forward server: streams by id, their data and FIN seen. */
async function forwarder(dial: (port: number) => Promise<net.Socket>) {
  const port = await listen((socket) => {
    const streams = new PortForwardStreams({ namespace: 'default', name: 'web', uid: 'uid-1', dial });
    const session: SpdySession = new SpdySession(socket, (s) => streams.onStream(s, session));
    cleanups.push(() => {
      streams.close();
      session.close();
    });
  });
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  cleanups.push(() => socket.destroy());
  const reader = new FrameReader();
  const received = new Map<number, { bytes: Buffer; fin: boolean }>();
  socket.on('data', (d: Buffer) => {
    for (const f of reader.push(d) as Frame[]) {
      if (f.kind !== 'data') continue;
      const r = received.get(f.streamId) ?? { bytes: Buffer.alloc(0), fin: false };
      received.set(f.streamId, { bytes: Buffer.concat([r.bytes, f.payload]), fin: r.fin || (f.flags & FLAG_FIN) !== 0 });
    }
  });
  const deflate = zlib.createDeflate({ dictionary: SPDY_DICTIONARY });
  let out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const open = async (id: number, headers: Record<string, string>) => {
    deflate.write(serializeHeaders(new Map(Object.entries(headers).map(([k, v]) => [k, [v]]))));
    await new Promise<void>((r) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => r()));
    await new Promise((r) => setImmediate(r));
    const fixed = Buffer.alloc(10);
    fixed.writeUInt32BE(id, 0);
    socket.write(controlFrame(FrameType.SYN_STREAM, 0, Buffer.concat([fixed, ...out])));
    out = [];
  };
  return { socket, received, open, text: (id: number) => received.get(id)?.bytes.toString() ?? '', ended: (id: number) => received.get(id)?.fin === true };
}

describe('port-forward streams', () => {
  it('joins the error and data streams of a request and copies bytes to the pod port and back', async () => {
    const podPort = await listen((s) => s.on('data', (d: Buffer) => s.write(`pod got ${d.toString()}`)));
    const dialed: number[] = [];
    const c = await forwarder(async (port) => {
      dialed.push(port);
      return net.connect(podPort, '127.0.0.1');
    });
    await c.open(1, { streamType: 'error', port: '8080', requestID: '0' });
    c.socket.write(dataFrame(1, FLAG_FIN, Buffer.alloc(0))); // kubectl half-closes the error stream at once
    await c.open(3, { streamType: 'data', port: '8080', requestID: '0' });
    c.socket.write(dataFrame(3, 0, Buffer.from('hello')));
    await expect.poll(() => c.text(3)).toBe('pod got hello');
    expect(dialed).toEqual([8080]);
    c.socket.write(dataFrame(3, FLAG_FIN, Buffer.alloc(0))); // the local connection closed: the pod side ends too
    await expect.poll(() => c.ended(3) && c.ended(1)).toBe(true);
    expect(c.text(1)).toBe(''); // no error
  });

  it('writes a failure to connect to the error stream, as kubectl prints it', async () => {
    const c = await forwarder(async () => {
      throw new Error('connect ECONNREFUSED 10.100.0.5:9');
    });
    await c.open(1, { streamType: 'error', port: '9', requestID: '4' });
    await c.open(3, { streamType: 'data', port: '9', requestID: '4' });
    await expect.poll(() => c.ended(1) && c.ended(3)).toBe(true);
    expect(c.text(1)).toBe('error forwarding port 9 to pod default/web, uid uid-1: connect ECONNREFUSED 10.100.0.5:9');
  });

  it('pairs streams of clients that send no requestID by their ids, and refuses a bad port header', async () => {
    const podPort = await listen((s) => s.end('banner'));
    const c = await forwarder(async () => net.connect(podPort, '127.0.0.1'));
    await c.open(1, { streamType: 'error', port: '22' });
    await c.open(3, { streamType: 'data', port: '22' });
    await expect.poll(() => c.text(3)).toBe('banner');
    await c.open(5, { streamType: 'error', port: 'http', requestID: '9' });
    await c.open(7, { streamType: 'data', port: 'http', requestID: '9' });
    await expect.poll(() => c.text(5)).toBe('error forwarding port http to pod default/web, uid uid-1: invalid port header "http"');
  });

  it('closes the pod connection when kubectl resets the stream while it was being opened', async () => {
    let podSideClosed = false;
    const podPort = await listen((s) => s.on('close', () => (podSideClosed = true)));
    let release!: () => void;
    const opened = new Promise<void>((r) => (release = r));
    const c = await forwarder(async () => {
      await opened; // the dial takes a while
      const socket = net.connect(podPort, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      return socket;
    });
    await c.open(1, { streamType: 'error', port: '80', requestID: '1' });
    await c.open(3, { streamType: 'data', port: '80', requestID: '1' });
    await new Promise((r) => setTimeout(r, 50));
    c.socket.write(rstStreamFrame(3, 5));
    await new Promise((r) => setTimeout(r, 50));
    release();
    await expect.poll(() => podSideClosed).toBe(true);
  });

  it('stops reading from kubectl while the pod reads slower than kubectl sends, and loses nothing', async () => {
    const hold = vi.spyOn(SpdySession.prototype, 'hold');
    let received = 0;
    const podPort = await listen((s) => {
      s.pause(); // a pod busy elsewhere for a while
      setTimeout(() => s.resume(), 500);
      s.on('data', (d: Buffer) => (received += d.length));
    });
    const c = await forwarder(async () => {
      const socket = net.connect(podPort, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      return socket;
    });
    await c.open(1, { streamType: 'error', port: '80', requestID: '1' });
    await c.open(3, { streamType: 'data', port: '80', requestID: '1' });
    const chunk = Buffer.alloc(64 * 1024, 7);
    const total = 16 * 1024 * 1024;
    for (let sent = 0; sent < total; sent += chunk.length) {
      if (!c.socket.write(dataFrame(3, 0, chunk))) await new Promise((r) => c.socket.once('drain', r));
    }
    await expect.poll(() => received, { timeout: 15_000 }).toBe(total);
    expect(hold).toHaveBeenCalled();
    hold.mockRestore();
  }, 20_000);
});

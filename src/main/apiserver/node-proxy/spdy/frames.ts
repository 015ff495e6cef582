/**
 * SPDY/3.1 framing (draft-mbelshe-httpbis-spdy-00, with 3.1's session flow control frame), the
 * subset a server of Kubernetes streaming needs: kubectl's `port-forward` speaks it, directly
 * after an `Upgrade: SPDY/3.1` or tunnelled inside WebSocket binary messages.
 *
 * Every frame has an 8-byte header. Control frames: 1 bit set, 15-bit version (3), 16-bit type,
 * 8-bit flags, 24-bit length. Data frames: 1 bit clear, 31-bit stream id, 8-bit flags, 24-bit
 * length. All integers are big-endian.
 */

export const SPDY_VERSION = 3;

export const FrameType = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

export const FLAG_FIN = 0x01;

/** RST_STREAM status codes used here. */
export const RstStatus = { PROTOCOL_ERROR: 1, INVALID_STREAM: 2, REFUSED_STREAM: 3, CANCEL: 5, INTERNAL_ERROR: 6 } as const;

/** Largest payload this side puts in one data frame (the format allows 16 MB). */
export const MAX_DATA_PAYLOAD = 64 * 1024;
/** Largest frame accepted from a peer: bigger ones are a protocol error, not a memory risk. */
const MAX_FRAME_PAYLOAD = 16 * 1024 * 1024 - 1;

export type Frame =
  | { kind: 'data'; streamId: number; flags: number; payload: Buffer }
  | { kind: 'control'; type: number; flags: number; payload: Buffer };

export class SpdyProtocolError extends Error {}

/** Splits a byte stream into frames; bytes of an incomplete frame wait for the next push. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** The frames completed by `chunk`, in order. */
  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    let at = 0;
    while (this.pending.length - at >= 8) {
      const length = this.pending.readUIntBE(at + 5, 3);
      if (length > MAX_FRAME_PAYLOAD) throw new SpdyProtocolError(`frame of ${length} bytes`);
      if (this.pending.length - at < 8 + length) break;
      const flags = this.pending[at + 4];
      const payload = this.pending.subarray(at + 8, at + 8 + length);
      if (this.pending[at] & 0x80) {
        const version = this.pending.readUInt16BE(at) & 0x7fff;
        if (version !== SPDY_VERSION) throw new SpdyProtocolError(`SPDY version ${version}; only version 3 is spoken`);
        frames.push({ kind: 'control', type: this.pending.readUInt16BE(at + 2), flags, payload });
      } else {
        frames.push({ kind: 'data', streamId: this.pending.readUInt32BE(at) & 0x7fffffff, flags, payload });
      }
      at += 8 + length;
    }
    this.pending = at === this.pending.length ? Buffer.alloc(0) : Buffer.from(this.pending.subarray(at));
    return frames;
  }
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(8 + payload.length);
  frame.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  frame.writeUInt16BE(type, 2);
  frame[4] = flags;
  frame.writeUIntBE(payload.length, 5, 3);
  payload.copy(frame, 8);
  return frame;
}

export function dataFrame(streamId: number, flags: number, payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(8 + payload.length);
  frame.writeUInt32BE(streamId & 0x7fffffff, 0);
  frame[4] = flags;
  frame.writeUIntBE(payload.length, 5, 3);
  payload.copy(frame, 8);
  return frame;
}

function u32s(...values: number[]): Buffer {
  const b = Buffer.allocUnsafe(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
}

export const synReplyFrame = (streamId: number, headerBlock: Buffer, flags = 0): Buffer =>
  controlFrame(FrameType.SYN_REPLY, flags, Buffer.concat([u32s(streamId & 0x7fffffff), headerBlock]));
export const rstStreamFrame = (streamId: number, status: number): Buffer => controlFrame(FrameType.RST_STREAM, 0, u32s(streamId & 0x7fffffff, status));
export const pingFrame = (id: number): Buffer => controlFrame(FrameType.PING, 0, u32s(id));
export const goAwayFrame = (lastStreamId: number, status = 0): Buffer => controlFrame(FrameType.GOAWAY, 0, u32s(lastStreamId & 0x7fffffff, status));
export const windowUpdateFrame = (streamId: number, delta: number): Buffer => controlFrame(FrameType.WINDOW_UPDATE, 0, u32s(streamId & 0x7fffffff, delta & 0x7fffffff));

/** The fields of a SYN_STREAM: its stream id and the compressed header block. */
export function parseSynStream(payload: Buffer): { streamId: number; headerBlock: Buffer } {
  if (payload.length < 10) throw new SpdyProtocolError('SYN_STREAM too short');
  return { streamId: payload.readUInt32BE(0) & 0x7fffffff, headerBlock: payload.subarray(10) };
}

/** The stream id that RST_STREAM, HEADERS and WINDOW_UPDATE frames start with. */
export function streamIdOf(payload: Buffer): number {
  if (payload.length < 4) throw new SpdyProtocolError('control frame too short');
  return payload.readUInt32BE(0) & 0x7fffffff;
}

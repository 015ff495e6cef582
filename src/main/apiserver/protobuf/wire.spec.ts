import { describe, expect, it } from 'vitest';
import { double, encodeMessage, int, str } from './testing/encoder.js';
import { WireFormatError, WireReader, WireType } from './wire.js';

const reader = (...bytes: number[]): WireReader => new WireReader(Uint8Array.from(bytes));

describe('WireReader', () => {
  it('reads one- and multi-byte varints', () => {
    expect(reader(0x05).readVarint()).toBe(5n);
    expect(reader(0xac, 0x02).readVarint()).toBe(300n);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).readVarint()).toBe(2n ** 64n - 1n);
  });

  it('reads negative int32 and int64 values, which Go writes as ten-byte two\'s complement', () => {
    expect(new WireReader(int(-1).payload).readInt64()).toBe(-1);
    expect(new WireReader(int(-5).payload).readInt64()).toBe(-5);
    expect(new WireReader(int(-62135596800).payload).readInt64()).toBe(-62135596800);
  });

  it('reads int64 values up to 2^53 exactly and refuses larger ones', () => {
    expect(new WireReader(int(Number.MAX_SAFE_INTEGER).payload).readInt64()).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => new WireReader(int(2n ** 53n + 1n).payload).readInt64()).toThrow(/outside the range a JSON number holds/);
  });

  it('splits tags into field number and wire type', () => {
    expect(reader(0x0a).readTag()).toEqual({ field: 1, wireType: WireType.LengthDelimited });
    expect(reader(0x80, 0x01).readTag()).toEqual({ field: 16, wireType: WireType.Varint });
    expect(() => reader(0x02).readTag()).toThrow(/invalid field number 0/);
    expect(() => reader(0x0e).readTag()).toThrow(/invalid wire type 6/);
  });

  it('reads strings, bytes and doubles, and knows when it is done', () => {
    const r = new WireReader(encodeMessage([[1, str('héllo')], [2, double(2.5)]]));
    expect(r.readTag().field).toBe(1);
    expect(r.readString()).toBe('héllo');
    expect(r.readTag()).toEqual({ field: 2, wireType: WireType.Fixed64 });
    expect(r.readDouble()).toBe(2.5);
    expect(r.done).toBe(true);
  });

  it('replaces invalid UTF-8 as Go does', () => {
    expect(reader(0x02, 0xc3, 0x28).readString()).toBe('\ufffd(');
  });

  it('skips every wire type Kubernetes can send', () => {
    const r = reader(0x96, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x02, 0xaa, 0xbb, 1, 2, 3, 4);
    r.skip(WireType.Varint);
    r.skip(WireType.Fixed64);
    r.skip(WireType.LengthDelimited);
    r.skip(WireType.Fixed32);
    expect(r.done).toBe(true);
    expect(() => reader().skip(WireType.StartGroup)).toThrow(/groups/);
  });

  it('reports truncated input with the byte offset instead of reading past the end', () => {
    expect(() => reader(0x80).readVarint()).toThrow(WireFormatError);
    expect(() => reader(0x80).readVarint()).toThrow('malformed protobuf: truncated varint at byte 0');
    expect(() => reader(0x05, 0x61).readBytes()).toThrow(/length 5 runs past the end/);
    expect(() => reader(1, 2, 3).readDouble()).toThrow(/truncated fixed64/);
    expect(() => reader(1, 2).skip(WireType.Fixed32)).toThrow(/truncated fixed32/);
    expect(() => reader(...new Array<number>(11).fill(0xff)).readVarint()).toThrow(/longer than 10 bytes/);
  });
});

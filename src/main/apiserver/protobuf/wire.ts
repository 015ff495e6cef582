/**
 * A reader for the protobuf wire format (https://protobuf.dev/programming-guides/encoding/), just
 * enough for the proto2 messages Kubernetes generates with gogo-protobuf: varints (int32, int64,
 * bool, enum-like strings are length-delimited), length-delimited fields (strings, bytes, nested
 * messages, map entries, packed repeated scalars) and fixed64 (double). Kubernetes uses no
 * `sint32`/`sint64` fields, so zigzag decoding is not needed; groups are rejected.
 */
import { ProtobufDecodeError } from './errors.js';

/** The wire types a tag can announce. */
export const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** Raised for bytes that are not valid protobuf; the message decoder adds where it happened. */
export class WireFormatError extends ProtobufDecodeError {
  constructor(detail: string, offset: number) {
    super(`malformed protobuf: ${detail} at byte ${offset}`);
    this.name = 'WireFormatError';
  }
}

export interface Tag {
  field: number;
  wireType: WireType;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const utf8 = new TextDecoder('utf-8');

/**
 * Reads one message's bytes front to back. Every read either consumes exactly the bytes of one
 * value or throws `WireFormatError`; it never reads past the end of its buffer.
 */
export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  /** True once every byte has been consumed. */
  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** Offset of the next byte, for error messages. */
  get offset(): number {
    return this.pos;
  }

  readTag(): Tag {
    const at = this.pos;
    const key = this.readVarint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field < 1 || field > 0x1fffffff) throw new WireFormatError(`invalid field number ${field}`, at);
    if (wireType > WireType.Fixed32) throw new WireFormatError(`invalid wire type ${wireType}`, at);
    return { field, wireType: wireType as WireType };
  }

  /** An unsigned 64-bit varint. */
  readVarint(): bigint {
    const at = this.pos;
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new WireFormatError('truncated varint', at);
      const byte = this.buf[this.pos++]!;
      result |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if (byte < 0x80) return BigInt.asUintN(64, result);
    }
    throw new WireFormatError('varint longer than 10 bytes', at);
  }

  /**
   * A signed `int32`/`int64` (two's complement, negative values take 10 bytes) as a JS number.
   * Values beyond ±2^53 cannot be represented exactly and are rejected rather than rounded.
   */
  readInt64(): number {
    const at = this.pos;
    const value = BigInt.asIntN(64, this.readVarint());
    if (value > MAX_SAFE || value < MIN_SAFE) {
      throw new WireFormatError(`integer ${value} is outside the range a JSON number holds exactly`, at);
    }
    return Number(value);
  }

  readBool(): boolean {
    return this.readVarint() !== 0n;
  }

  /** A length-delimited field's payload (a view, not a copy). */
  readBytes(): Uint8Array {
    const at = this.pos;
    const length = this.readVarint();
    if (length > BigInt(this.buf.length - this.pos)) {
      throw new WireFormatError(`length ${length} runs past the end of the message`, at);
    }
    const start = this.pos;
    this.pos += Number(length);
    return this.buf.subarray(start, this.pos);
  }

  /** A string; invalid UTF-8 becomes U+FFFD, as Go's JSON encoder does. */
  readString(): string {
    return utf8.decode(this.readBytes());
  }

  readDouble(): number {
    const at = this.pos;
    if (this.buf.length - this.pos < 8) throw new WireFormatError('truncated fixed64', at);
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getFloat64(0, true);
  }

  /** Skips one value of the given wire type (used for the envelope's ignorable fields only). */
  skip(wireType: WireType): void {
    switch (wireType) {
      case WireType.Varint:
        this.readVarint();
        return;
      case WireType.Fixed64:
        this.advance(8);
        return;
      case WireType.LengthDelimited:
        this.readBytes();
        return;
      case WireType.Fixed32:
        this.advance(4);
        return;
      default:
        throw new WireFormatError(`groups (wire type ${wireType}) are not used by Kubernetes`, this.pos);
    }
  }

  private advance(n: number): void {
    if (this.buf.length - this.pos < n) throw new WireFormatError(`truncated fixed${n * 8}`, this.pos);
    this.pos += n;
  }
}

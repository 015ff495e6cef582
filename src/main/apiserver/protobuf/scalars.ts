/**
 * The apimachinery types that are small messages on the wire but scalars in JSON, decoded to the
 * JSON their Go `MarshalJSON` methods produce:
 * - `Time` {seconds=1, nanos=2}: RFC 3339 in UTC with second precision; upstream's protobuf
 *   decoding drops the nanoseconds too. An empty message is Go's zero time, which JSON writes as
 *   `null`: it is returned as `undefined` so the field is left out.
 * - `MicroTime` {seconds=1, nanos=2}: RFC 3339 with a six-digit fraction.
 * - `IntOrString` {type=1, intVal=2, strVal=3}: a JSON number (type 0) or string (type 1).
 * - `Quantity` {string=1}: the canonical string, `"0"` when empty.
 * - `FieldsV1` / `RawExtension` {raw=1}: the JSON document held in the bytes.
 */
import { ProtobufDecodeError } from './errors.js';
import { WireReader, WireType } from './wire.js';

/** Go's `time.Time` JSON encoding fails outside years 0000-9999; so do we. */
const MIN_SECONDS = -62167219200; // 0000-01-01T00:00:00Z
const MAX_SECONDS = 253402300799; // 9999-12-31T23:59:59Z

interface Timestamp {
  seconds: number;
  nanos: number;
}

/** Reads {seconds=1, nanos=2}; `undefined` for an empty message (the zero time). */
function readTimestamp(bytes: Uint8Array, typeName: string): Timestamp | undefined {
  if (bytes.length === 0) return undefined;
  const reader = new WireReader(bytes);
  const ts: Timestamp = { seconds: 0, nanos: 0 };
  while (!reader.done) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.Varint) ts.seconds = reader.readInt64();
    else if (field === 2 && wireType === WireType.Varint) ts.nanos = reader.readInt64();
    else throw unexpected(typeName, field, wireType);
  }
  // time.Unix normalises nanoseconds outside [0, 1e9) into the seconds.
  ts.seconds += Math.floor(ts.nanos / 1e9);
  ts.nanos = ((ts.nanos % 1e9) + 1e9) % 1e9;
  if (ts.seconds < MIN_SECONDS || ts.seconds > MAX_SECONDS) {
    throw new ProtobufDecodeError(`${typeName} of ${ts.seconds} seconds is outside the years 0000-9999 that RFC 3339 can write`);
  }
  return ts;
}

function utcSeconds(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString(); // 2024-05-01T12:00:00.000Z
  return iso.slice(0, 19);
}

/** meta/v1 Time as JSON: `2024-05-01T12:00:00Z`, or `undefined` for the zero time. */
export function decodeTime(bytes: Uint8Array): string | undefined {
  const ts = readTimestamp(bytes, 'Time');
  return ts && `${utcSeconds(ts.seconds)}Z`;
}

/** meta/v1 MicroTime as JSON: `2024-05-01T12:00:00.123456Z`, or `undefined` for the zero time. */
export function decodeMicroTime(bytes: Uint8Array): string | undefined {
  const ts = readTimestamp(bytes, 'MicroTime');
  return ts && `${utcSeconds(ts.seconds)}.${String(Math.floor(ts.nanos / 1000)).padStart(6, '0')}Z`;
}

/** intstr.IntOrString as JSON: the number for type 0 (Int), the string for type 1 (String). */
export function decodeIntOrString(bytes: Uint8Array): number | string {
  const reader = new WireReader(bytes);
  let type = 0;
  let intVal = 0;
  let strVal = '';
  while (!reader.done) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.Varint) type = reader.readInt64();
    else if (field === 2 && wireType === WireType.Varint) intVal = reader.readInt64();
    else if (field === 3 && wireType === WireType.LengthDelimited) strVal = reader.readString();
    else throw unexpected('IntOrString', field, wireType);
  }
  if (type === 0) return intVal;
  if (type === 1) return strVal;
  throw new ProtobufDecodeError(`IntOrString has type ${type}; only 0 (integer) and 1 (string) exist`);
}

/** resource.Quantity as JSON: its string form (`"500m"`, `"1Gi"`). */
export function decodeQuantity(bytes: Uint8Array): string {
  const reader = new WireReader(bytes);
  let value = '';
  while (!reader.done) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.LengthDelimited) value = reader.readString();
    else throw unexpected('Quantity', field, wireType);
  }
  return value === '' ? '0' : value;
}

/**
 * FieldsV1 and RawExtension ({raw=1}): the embedded JSON document, parsed. `undefined` when no
 * bytes are present (Go marshals a nil Raw as `null`).
 */
export function decodeRawJson(bytes: Uint8Array, typeName: string): unknown {
  const reader = new WireReader(bytes);
  let raw: Uint8Array | undefined;
  while (!reader.done) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.LengthDelimited) raw = reader.readBytes();
    else throw unexpected(typeName, field, wireType);
  }
  if (raw === undefined || raw.length === 0) return undefined;
  const text = new TextDecoder('utf-8').decode(raw);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ProtobufDecodeError(`${typeName} must hold JSON, but its bytes do not parse: ${(e as Error).message}`);
  }
}

function unexpected(typeName: string, field: number, wireType: number): ProtobufDecodeError {
  return new ProtobufDecodeError(`${typeName} has no field ${field} with wire type ${wireType}`);
}

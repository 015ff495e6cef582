/**
 * Test-only protobuf writer. Messages are built field by field with explicit field numbers taken
 * from the upstream `.proto` files, independently of the decoder's tables, so a wrong number in a
 * table shows up as a failing test. Helpers mimic gogo-protobuf, which writes every non-pointer
 * field, zero values included.
 */

/** One encoded value without its tag: the wire type and the bytes that follow the tag. */
export interface Encoded {
  wireType: 0 | 1 | 2;
  payload: Uint8Array;
}

/** A field of a message: number and value. `undefined` entries are skipped (pointer left nil). */
export type Field = readonly [number, Encoded] | undefined;

function varintBytes(value: bigint): Uint8Array {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return Uint8Array.from(out);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

/** An int32/int64/enum value; negative numbers take ten bytes, as in Go. */
export const int = (value: number | bigint): Encoded => ({ wireType: 0, payload: varintBytes(BigInt(value)) });
export const bool = (value: boolean): Encoded => int(value ? 1 : 0);
export const bytes = (value: Uint8Array): Encoded => ({
  wireType: 2,
  payload: concat([varintBytes(BigInt(value.length)), value]),
});
export const str = (value: string): Encoded => bytes(new TextEncoder().encode(value));
export const double = (value: number): Encoded => {
  const payload = new Uint8Array(8);
  new DataView(payload.buffer).setFloat64(0, value, true);
  return { wireType: 1, payload };
};

/** The bytes of a message made of `fields`, in the given order. */
export function encodeMessage(fields: readonly Field[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const field of fields) {
    if (!field) continue;
    const [number, value] = field;
    parts.push(varintBytes(BigInt((number << 3) | value.wireType)), value.payload);
  }
  return concat(parts);
}

/** A nested message as a length-delimited value. */
export const msg = (...fields: Field[]): Encoded => bytes(encodeMessage(fields));

/** The contents of a length-delimited value (a message's own bytes), without the length prefix. */
export function contents(value: Encoded): Uint8Array {
  let i = 0;
  while (value.payload[i]! >= 0x80) i++;
  return value.payload.subarray(i + 1);
}

/** A repeated field: one tagged occurrence per element. */
export const repeated = (number: number, values: readonly Encoded[]): Field[] => values.map((v) => [number, v] as const);

/** A packed repeated varint field (what proto3 writers send; gogo's proto2 output is unpacked). */
export const packed = (values: readonly number[]): Encoded => bytes(concat(values.map((v) => varintBytes(BigInt(v)))));

/** A `map<string, V>` field: one {key=1, value=2} entry per key, sorted as gogo sorts them. */
export function mapField(number: number, entries: Record<string, Encoded>): Field[] {
  return Object.keys(entries)
    .sort()
    .map((key) => [number, msg([1, str(key)], [2, entries[key]!])] as const);
}

/** `map<string, string>`. */
export const stringMap = (number: number, entries: Record<string, string>): Field[] =>
  mapField(number, Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, str(v)])));

/** meta/v1 Time or MicroTime; gogo writes both fields of a non-zero time. */
export const time = (iso: string): Encoded => {
  const ms = Date.parse(iso);
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return msg([1, int(seconds)], [2, int(nanos)]);
};
/** A zero meta/v1 Time: an empty message. */
export const zeroTime = (): Encoded => msg();

/** intstr.IntOrString {type=1, intVal=2, strVal=3}, all written. */
export const intOrString = (value: number | string): Encoded =>
  typeof value === 'number' ? msg([1, int(0)], [2, int(value)], [3, str('')]) : msg([1, int(1)], [2, int(0)], [3, str(value)]);

/** resource.Quantity {string=1}. */
export const quantity = (value: string): Encoded => msg([1, str(value)]);

export interface MetaInput {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  extra?: Field[];
}

/** ObjectMeta as gogo writes it: fields 1-8 always (empty strings, generation 0, zero time). */
export function objectMeta(m: MetaInput): Encoded {
  return msg(
    [1, str(m.name ?? '')],
    [2, str(m.generateName ?? '')],
    [3, str(m.namespace ?? '')],
    [4, str('')],
    [5, str('')],
    [6, str('')],
    [7, int(0)],
    [8, m.creationTimestamp ? time(m.creationTimestamp) : zeroTime()],
    ...stringMap(11, m.labels ?? {}),
    ...stringMap(12, m.annotations ?? {}),
    ...(m.extra ?? []),
  );
}

/** A complete request body: `k8s\0` and a runtime.Unknown {typeMeta, raw, contentEncoding, contentType}. */
export function envelope(apiVersion: string, kind: string, raw: readonly Field[]): Buffer {
  const unknown = encodeMessage([
    [1, msg([1, str(apiVersion)], [2, str(kind)])],
    [2, bytes(encodeMessage(raw))],
    [3, str('')],
    [4, str('')],
  ]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}

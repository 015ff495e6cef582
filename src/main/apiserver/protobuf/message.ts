/**
 * Schema-driven decoding of one Kubernetes protobuf message into the JSON object a JSON client
 * would have sent. The structural schema says what each field is (string, integer, reference,
 * list, map...); the field-number tables say where it is on the wire and which zero values count.
 *
 * JSON conventions follow Go's `encoding/json` on the upstream types:
 * - a scalar that gogo-protobuf wrote only because Go always writes non-pointers is dropped when
 *   it holds its zero value (`omitempty`), unless the layout lists it in `keepZero`;
 * - nested messages are kept even when empty (`status: {}`, `resources: {}`), as JSON writes them;
 * - repeated fields become arrays, map entries ({key=1, value=2}) become objects, `bytes` become
 *   base64 strings, and the apimachinery scalars are handled by `scalars.ts`.
 * A field number missing from the layout is an error, never silently dropped.
 */
import { MICRO_TIME, TIME, meta } from '../schema/dsl.js';
import { INT_OR_STRING, QUANTITY, getDefinition, type Definition, type Schema } from '../schema/index.js';
import { ProtobufDecodeError } from './errors.js';
import { layoutFor, type MessageLayout } from './field-numbers/index.js';
import { decodeIntOrString, decodeMicroTime, decodeQuantity, decodeRawJson, decodeTime } from './scalars.js';
import { WireReader, WireType } from './wire.js';

type JsonObject = Record<string, unknown>;

/** Where a field number leads: a property of the definition, or an embedded (inlined) struct. */
type Slot = { property: string } | { inline: MessageLayout };

interface IndexedLayout {
  slots: Map<number, Slot>;
  keepZero: Set<string>;
}

const indexCache = new WeakMap<MessageLayout, IndexedLayout>();

function indexed(layout: MessageLayout): IndexedLayout {
  let index = indexCache.get(layout);
  if (!index) {
    const slots = new Map<number, Slot>();
    for (const [property, number] of Object.entries(layout.fields)) slots.set(number, { property });
    for (const [number, inline] of Object.entries(layout.inline ?? {})) slots.set(Number(number), { inline });
    index = { slots, keepZero: new Set(layout.keepZero) };
    indexCache.set(layout, index);
  }
  return index;
}

const WIRE_NAMES: Record<number, string> = {
  [WireType.Varint]: 'varint',
  [WireType.Fixed64]: 'fixed64',
  [WireType.LengthDelimited]: 'length-delimited',
  [WireType.Fixed32]: 'fixed32',
};

/** Human-readable location: `spec.template.spec.containers[0] (io.k8s.api.core.v1.Container)`. */
function where(path: string, definitionName: string): string {
  return `${path === '' ? 'the top level' : path} (${definitionName})`;
}

/** Gives errors raised below this point (wire format, scalars) the location they happened at. */
function located<T>(path: string, definitionName: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ProtobufDecodeError && e.path === undefined) {
      throw new ProtobufDecodeError(`cannot decode ${where(path, definitionName)}: ${e.message}`, path);
    }
    throw e;
  }
}

/**
 * Decodes `bytes` as the message of `definition` (an object type with a layout), returning its
 * JSON form. `path` is the JSON path of the message, for error messages.
 */
export function decodeMessage(bytes: Uint8Array, definition: Definition, path = ''): JsonObject {
  const layout = layoutFor(definition.name);
  if (!layout) {
    throw new ProtobufDecodeError(
      `cannot decode ${where(path, definition.name)}: this server has no protobuf field numbers for that type; ` +
        'send the object as JSON instead',
      path,
    );
  }
  const out: JsonObject = {};
  readFields(bytes, definition, layout, out, path);
  return out;
}

/** Reads every field of one message (or embedded struct) into `out`. */
function readFields(bytes: Uint8Array, definition: Definition, layout: MessageLayout, out: JsonObject, path: string): void {
  const { slots, keepZero } = indexed(layout);
  const reader = new WireReader(bytes);
  while (!reader.done) {
    const { field, wireType } = located(path, definition.name, () => reader.readTag());
    const slot = slots.get(field);
    if (!slot) {
      throw new ProtobufDecodeError(
        `cannot decode ${where(path, definition.name)}: field number ${field} is not known to this server ` +
          '(the client is probably newer); send the object as JSON, or leave that field out',
        path,
      );
    }
    if ('inline' in slot) {
      expectWire(wireType, WireType.LengthDelimited, path, definition.name, `embedded field ${field}`);
      const embedded = located(path, definition.name, () => reader.readBytes());
      readFields(embedded, definition, slot.inline, out, path);
      continue;
    }
    const name = slot.property;
    const schema = definition.properties[name];
    if (!schema) {
      throw new ProtobufDecodeError(`cannot decode ${where(path, definition.name)}: the schema has no property ${name}`, path);
    }
    readProperty(reader, wireType, schema, out, name, keepZero.has(name), join(path, name), definition.name);
  }
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** Reads one occurrence of a property: a whole value, one list element, or one map entry. */
function readProperty(
  reader: WireReader,
  wireType: WireType,
  schema: Schema,
  out: JsonObject,
  name: string,
  keepZero: boolean,
  path: string,
  owner: string,
): void {
  if (schema.type === 'array') {
    const list = (out[name] ??= []) as unknown[];
    if (isPackable(schema.items) && wireType === WireType.LengthDelimited) {
      const packed = new WireReader(located(path, owner, () => reader.readBytes()));
      while (!packed.done) list.push(readValue(packed, scalarWireType(schema.items), schema.items, `${path}[${list.length}]`, owner));
      return;
    }
    const element = readValue(reader, wireType, schema.items, `${path}[${list.length}]`, owner);
    if (element !== undefined) list.push(element);
    return;
  }
  if (schema.type === 'map') {
    expectWire(wireType, WireType.LengthDelimited, path, owner, name);
    const entry = located(path, owner, () => reader.readBytes());
    const [key, value] = readMapEntry(entry, schema.values, path, owner);
    const object = (out[name] ??= {}) as JsonObject;
    if (value !== undefined) object[key] = value;
    return;
  }
  const value = readValue(reader, wireType, schema, path, owner);
  if (value === undefined || (!keepZero && isOmittedZero(value, schema))) delete out[name];
  else out[name] = value;
}

/** A map entry {key=1, value=2}; a missing value is the proto default of its type. */
function readMapEntry(bytes: Uint8Array, values: Schema, path: string, owner: string): [string, unknown] {
  const reader = new WireReader(bytes);
  let key = '';
  let value: unknown;
  let seen = false;
  while (!reader.done) {
    const { field, wireType } = located(path, owner, () => reader.readTag());
    if (field === 1) {
      expectWire(wireType, WireType.LengthDelimited, path, owner, 'map key');
      key = located(path, owner, () => reader.readString());
    } else if (field === 2) {
      value = readValue(reader, wireType, values, `${path}[${JSON.stringify(key)}]`, owner);
      seen = true;
    } else {
      throw new ProtobufDecodeError(`cannot decode ${where(path, owner)}: a map entry has no field ${field}`, path);
    }
  }
  if (!seen) value = readValue(new WireReader(new Uint8Array(0)), WireType.LengthDelimited, values, path, owner, true);
  return [key, value];
}

/**
 * Reads one value of `schema`. With `empty` set, returns the value an absent field has (proto
 * default): used for map entries whose value the encoder left out.
 */
function readValue(
  reader: WireReader,
  wireType: WireType,
  schema: Schema,
  path: string,
  owner: string,
  empty = false,
): unknown {
  switch (schema.type) {
    case 'string': {
      if (empty) return schema.format === 'quantity' ? '0' : schema.format === 'int-or-string' ? 0 : '';
      expectWire(wireType, WireType.LengthDelimited, path, owner);
      const bytes = located(path, owner, () => reader.readBytes());
      return located(path, owner, () => decodeStringFormat(bytes, schema.format));
    }
    case 'integer':
      if (empty) return 0;
      expectWire(wireType, WireType.Varint, path, owner);
      return located(path, owner, () => reader.readInt64());
    case 'number':
      if (empty) return 0;
      expectWire(wireType, WireType.Fixed64, path, owner);
      return located(path, owner, () => reader.readDouble());
    case 'boolean':
      if (empty) return false;
      expectWire(wireType, WireType.Varint, path, owner);
      return located(path, owner, () => reader.readBool());
    case 'any': {
      if (empty) return undefined;
      expectWire(wireType, WireType.LengthDelimited, path, owner);
      const bytes = located(path, owner, () => reader.readBytes());
      return located(path, owner, () => decodeRawJson(bytes, 'RawExtension'));
    }
    case 'ref': {
      const target = getDefinition(schema.ref);
      if (!target) throw new ProtobufDecodeError(`cannot decode ${where(path, owner)}: unknown type ${schema.ref}`, path);
      const bytes = empty ? new Uint8Array(0) : readLengthDelimited(reader, wireType, path, owner);
      return target.scalar ? located(path, owner, () => decodeNamedScalar(target.name, bytes)) : decodeMessage(bytes, target, path);
    }
    case 'array':
    case 'map':
      throw new ProtobufDecodeError(`cannot decode ${where(path, owner)}: nested ${schema.type}s have no protobuf form`, path);
  }
}

function readLengthDelimited(reader: WireReader, wireType: WireType, path: string, owner: string): Uint8Array {
  expectWire(wireType, WireType.LengthDelimited, path, owner);
  return located(path, owner, () => reader.readBytes());
}

/** Strings by format: plain UTF-8, base64 of `bytes`, or one of the apimachinery scalar messages. */
function decodeStringFormat(bytes: Uint8Array, format: string | undefined): unknown {
  switch (format) {
    case 'byte':
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    case 'int-or-string':
      return decodeIntOrString(bytes);
    case 'quantity':
      return decodeQuantity(bytes);
    case 'date-time':
      return decodeTime(bytes);
    default:
      return new TextDecoder('utf-8').decode(bytes);
  }
}

/** The named non-object definitions (`Definition.scalar`) that have a protobuf message form. */
function decodeNamedScalar(name: string, bytes: Uint8Array): unknown {
  switch (name) {
    case TIME:
      return decodeTime(bytes);
    case MICRO_TIME:
      return decodeMicroTime(bytes);
    case QUANTITY:
      return decodeQuantity(bytes);
    case INT_OR_STRING:
      return decodeIntOrString(bytes);
    case meta('FieldsV1'):
      return decodeRawJson(bytes, 'FieldsV1');
    default:
      throw new ProtobufDecodeError(`${name} has no protobuf form known to this server`);
  }
}

/** Named scalars the decoder understands; the completeness spec checks every reachable one is here. */
export const SUPPORTED_SCALARS: readonly string[] = [TIME, MICRO_TIME, QUANTITY, INT_OR_STRING, meta('FieldsV1')];

/** Scalars a proto2 encoder may pack into one length-delimited field. */
function isPackable(schema: Schema): boolean {
  return schema.type === 'integer' || schema.type === 'boolean' || schema.type === 'number';
}

function scalarWireType(schema: Schema): WireType {
  return schema.type === 'number' ? WireType.Fixed64 : WireType.Varint;
}

/** Go `omitempty` on a non-pointer scalar: `""`, `0` and `false` are not written to JSON. */
function isOmittedZero(value: unknown, schema: Schema): boolean {
  if (schema.type === 'string' && (schema.format === 'int-or-string' || schema.format === 'quantity')) return false;
  return value === '' || value === 0 || value === false;
}

function expectWire(actual: WireType, expected: WireType, path: string, owner: string, what = 'the field'): void {
  if (actual !== expected) {
    throw new ProtobufDecodeError(
      `cannot decode ${where(path, owner)}: ${what} arrived as ${WIRE_NAMES[actual] ?? `wire type ${actual}`} ` +
        `but its type needs ${WIRE_NAMES[expected]}`,
      path,
    );
  }
}

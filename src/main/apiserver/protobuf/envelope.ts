/**
 * The frame around every Kubernetes protobuf body (k8s.io/apimachinery runtime/serializer/protobuf):
 * the 4-byte magic `k8s\0`, then a `runtime.Unknown` message
 *   {typeMeta=1 {apiVersion=1, kind=2}, raw=2, contentEncoding=3, contentType=4}
 * whose `raw` holds the object's own message. Clients always write all four fields, the last two
 * empty.
 */
import { ProtobufDecodeError } from './errors.js';
import { WireReader, WireType, type Tag } from './wire.js';

/** The media type of Kubernetes protobuf bodies. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

export interface Envelope {
  apiVersion: string;
  kind: string;
  /** The object's message, without type information. */
  raw: Uint8Array;
}

/** Unwraps the magic prefix and the `runtime.Unknown` envelope. */
export function readEnvelope(body: Uint8Array): Envelope {
  if (body.length < MAGIC.length || MAGIC.some((byte, i) => body[i] !== byte)) {
    throw new ProtobufDecodeError(
      `the body is not a Kubernetes protobuf message: it does not start with the bytes "k8s\\0" ` +
        `(send ${PROTOBUF_MEDIA_TYPE} only as written by client-go, or send JSON)`,
    );
  }
  const reader = new WireReader(body.subarray(MAGIC.length));
  const envelope: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0) };
  let contentEncoding = '';
  let contentType = '';
  try {
    while (!reader.done) {
      const tag = reader.readTag();
      const bytes = lengthDelimited(reader, tag, 'runtime.Unknown');
      if (tag.field === 1) readTypeMeta(bytes, envelope);
      else if (tag.field === 2) envelope.raw = bytes;
      else if (tag.field === 3) contentEncoding = utf8(bytes);
      else if (tag.field === 4) contentType = utf8(bytes);
      else throw new ProtobufDecodeError(`runtime.Unknown has no field ${tag.field}`);
    }
  } catch (e) {
    if (e instanceof ProtobufDecodeError) throw new ProtobufDecodeError(`cannot read the protobuf envelope: ${e.message}`, '');
    throw e;
  }
  if (contentEncoding !== '') {
    const detail = `the protobuf envelope declares content encoding "${contentEncoding}", which this server does not support`;
    throw new ProtobufDecodeError(detail, '');
  }
  if (contentType !== '' && contentType !== PROTOBUF_MEDIA_TYPE) {
    const detail = `the protobuf envelope declares its object as "${contentType}"; only ${PROTOBUF_MEDIA_TYPE} is supported`;
    throw new ProtobufDecodeError(detail, '');
  }
  if (envelope.kind === '' || envelope.apiVersion === '') {
    throw new ProtobufDecodeError('the protobuf envelope does not say the apiVersion and kind of the object', '');
  }
  return envelope;
}

/** runtime.TypeMeta {apiVersion=1, kind=2}. Note: not meta/v1 TypeMeta, which numbers them the other way. */
function readTypeMeta(bytes: Uint8Array, envelope: Envelope): void {
  const reader = new WireReader(bytes);
  while (!reader.done) {
    const tag = reader.readTag();
    const value = utf8(lengthDelimited(reader, tag, 'runtime.TypeMeta'));
    if (tag.field === 1) envelope.apiVersion = value;
    else if (tag.field === 2) envelope.kind = value;
    else throw new ProtobufDecodeError(`runtime.TypeMeta has no field ${tag.field}`);
  }
}

function lengthDelimited(reader: WireReader, tag: Tag, message: string): Uint8Array {
  if (tag.wireType !== WireType.LengthDelimited) {
    throw new ProtobufDecodeError(`field ${tag.field} of ${message} must be length-delimited, got wire type ${tag.wireType}`);
  }
  return reader.readBytes();
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

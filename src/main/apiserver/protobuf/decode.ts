/**
 * Decoding a whole Kubernetes protobuf request body (`application/vnd.kubernetes.protobuf`, as
 * client-go's typed clients send them) into the JSON object a JSON client would have sent.
 */
import { meta } from '../schema/dsl.js';
import { definitionForKind, getDefinition, type Definition } from '../schema/index.js';
import { readEnvelope } from './envelope.js';
import { ProtobufDecodeError } from './errors.js';
import { decodeMessage } from './message.js';

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  /** The object as JSON, `apiVersion` and `kind` first. */
  object: Record<string, unknown>;
}

/** Splits `apps/v1` into group and version; `v1` is the core group. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The definition an envelope's type names. DeleteOptions is accepted under any group version
 * (clients send it as `v1`, the group of the resource, or `meta.k8s.io/v1`), as upstream does.
 */
function definitionFor(apiVersion: string, kind: string): Definition {
  const { group, version } = parseApiVersion(apiVersion);
  const definition =
    definitionForKind(group, version, kind) ?? (kind === 'DeleteOptions' ? getDefinition(meta('DeleteOptions')) : undefined);
  if (!definition) {
    throw new ProtobufDecodeError(
      `cannot decode a protobuf ${kind} of ${apiVersion}: this server does not serve that kind; send JSON instead`,
      '',
    );
  }
  return definition;
}

/**
 * Checks the `k8s\0` magic, reads the `runtime.Unknown` envelope, and decodes the object it
 * carries by the schema of its kind. Throws `ProtobufDecodeError` for anything it cannot decode
 * exactly; never drops data.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): DecodedObject {
  const { apiVersion, kind, raw } = readEnvelope(body);
  const fields = decodeMessage(raw, definitionFor(apiVersion, kind));
  return { apiVersion, kind, object: { apiVersion, kind, ...fields } };
}

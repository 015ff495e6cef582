/**
 * Decoding of Kubernetes protobuf request bodies. kubectl's typed clients (`kubectl create
 * namespace|configmap|secret|deployment|service|serviceaccount|ingress`, the deletes of `kubectl
 * drain --disable-eviction`) send `application/vnd.kubernetes.protobuf` and do not retry with JSON,
 * so the API server decodes them into the JSON object a JSON client would have sent. Responses
 * stay JSON: kubectl's Accept header lists `application/json` too.
 */
import { decodeKubernetesProtobuf, parseApiVersion } from './decode.js';
import { ProtobufDecodeError } from './errors.js';

export { ProtobufDecodeError } from './errors.js';
export { PROTOBUF_MEDIA_TYPE } from './envelope.js';
export { decodeKubernetesProtobuf, type DecodedObject } from './decode.js';

export interface ExpectedKind {
  group: string;
  version: string;
  kind: string;
}

/**
 * Decodes a protobuf request body into its JSON object (`apiVersion` and `kind` from the
 * envelope). With `expected`, the body must be that kind in that group version (DeleteOptions is
 * accepted from any group version, as upstream does). Throws `ProtobufDecodeError` with a message
 * for a person; the caller answers it with 400 Bad Request.
 */
export function decodeProtobufBody(body: Uint8Array, expected: ExpectedKind | undefined): Record<string, unknown> {
  const { apiVersion, kind, object } = decodeKubernetesProtobuf(body);
  if (expected) {
    const { group, version } = parseApiVersion(apiVersion);
    const expectedApiVersion = expected.group === '' ? expected.version : `${expected.group}/${expected.version}`;
    const sameVersion = (group === expected.group && version === expected.version) || expected.kind === 'DeleteOptions';
    if (kind !== expected.kind || !sameVersion) {
      throw new ProtobufDecodeError(
        `the body is a ${kind} of ${apiVersion}, but this endpoint takes a ${expected.kind} of ${expectedApiVersion}`,
        '',
      );
    }
  }
  return object;
}

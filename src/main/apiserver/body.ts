/**
 * Decoding request bodies: JSON or YAML objects, with the size limit and content-type rules of
 * the upstream API server (3 MiB, 415 for unknown media types, 400 with the parser's message).
 */
import { parse as parseYaml } from 'yaml';
import { errors } from './errors.js';
import type { ApiRequest } from './http/types.js';
import { decodeProtobufBody, ProtobufDecodeError, PROTOBUF_MEDIA_TYPE } from './protobuf/index.js';

/** What create and update bodies may be: JSON, YAML, or Kubernetes protobuf (kubectl's typed clients send it). */
export const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', PROTOBUF_MEDIA_TYPE] as const;

/** Upstream's `MaxRequestBodyBytes`. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function mediaType(req: ApiRequest): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();
}

/** Parses a body into a JSON value. `allowed` lists the media types this endpoint takes. */
export function decodeBody(req: ApiRequest, allowed: readonly string[] = OBJECT_MEDIA_TYPES): unknown {
  const type = mediaType(req);
  if (!allowed.includes(type)) {
    throw errors.unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: ${allowed.join(', ')}`,
    );
  }
  const body = req.body ?? Buffer.alloc(0);
  if (body.length > MAX_BODY_BYTES) {
    throw errors.tooLarge(`the request body is ${body.length} bytes, larger than the limit of ${MAX_BODY_BYTES} bytes`);
  }
  if (type === PROTOBUF_MEDIA_TYPE) {
    try {
      return decodeProtobufBody(body, undefined);
    } catch (e) {
      if (e instanceof ProtobufDecodeError) throw errors.badRequest(e.message);
      throw e;
    }
  }
  const text = body.toString('utf8');
  if (text.trim() === '') throw errors.badRequest('the request body is empty: send a JSON or YAML object');
  // `application/apply-patch+yaml` is YAML too: decode it so the patch step answers 415 for it.
  if (type === 'application/yaml' || type.endsWith('+yaml')) {
    try {
      return parseYaml(text);
    } catch (e) {
      throw errors.badRequest(`the request body is not valid YAML: ${(e as Error).message}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`the request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Like `decodeBody`, but the result must be a JSON object. */
export function decodeObjectBody(req: ApiRequest, allowed?: readonly string[]): Record<string, unknown> {
  const value = decodeBody(req, allowed);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest(`the request body must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

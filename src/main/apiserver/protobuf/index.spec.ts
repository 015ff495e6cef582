import { describe, expect, it } from 'vitest';
import { PROTOBUF_MEDIA_TYPE, ProtobufDecodeError, decodeProtobufBody } from './index.js';
import { envelope, int, objectMeta, str, stringMap } from './testing/encoder.js';

const configMap = envelope('v1', 'ConfigMap', [[1, objectMeta({ name: 'foo' })], ...stringMap(2, { a: 'b' })]);

describe('decodeProtobufBody', () => {
  it('returns the JSON object with apiVersion and kind from the envelope', () => {
    expect(decodeProtobufBody(configMap, { group: '', version: 'v1', kind: 'ConfigMap' })).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'foo' }, data: { a: 'b' },
    });
    expect(decodeProtobufBody(configMap, undefined).kind).toBe('ConfigMap');
  });

  it('refuses a body of another kind or group version than the endpoint takes', () => {
    expect(() => decodeProtobufBody(configMap, { group: '', version: 'v1', kind: 'Secret' })).toThrow(
      'the body is a ConfigMap of v1, but this endpoint takes a Secret of v1',
    );
    const deployment = envelope('apps/v1', 'Deployment', [[1, objectMeta({ name: 'web' })]]);
    expect(() => decodeProtobufBody(deployment, { group: 'extensions', version: 'v1beta1', kind: 'Deployment' })).toThrow(
      /takes a Deployment of extensions\/v1beta1/,
    );
  });

  it('takes DeleteOptions from any group version', () => {
    const options = envelope('v1', 'DeleteOptions', [[1, int(0)], [4, str('Background')]]);
    expect(decodeProtobufBody(options, { group: 'apps', version: 'v1', kind: 'DeleteOptions' })).toEqual({
      apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, propagationPolicy: 'Background',
    });
  });

  it('throws ProtobufDecodeError for bodies that are not protobuf', () => {
    expect(() => decodeProtobufBody(Buffer.from('{}'), undefined)).toThrow(ProtobufDecodeError);
  });

  it('names the media type', () => {
    expect(PROTOBUF_MEDIA_TYPE).toBe('application/vnd.kubernetes.protobuf');
  });
});

import { describe, expect, it } from 'vitest';
import { configMapStrategy, type ConfigMap } from './configmap.js';
import { secretStrategy, type Secret } from './secret.js';
import { errorTexts } from './spec-support.js';

const now = new Date('2024-05-01T12:00:00Z');

describe('ConfigMap', () => {
  it('keys must be valid config keys', () => {
    const cm: ConfigMap = { metadata: { name: 'c', namespace: 'd' }, data: { 'good.key': 'x', 'bad key': 'y' } };
    expect(errorTexts(configMapStrategy.validate(cm))).toEqual([
      "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name', or 'KEY_NAME', or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it('a key may not be in both data and binaryData', () => {
    const cm: ConfigMap = { metadata: { name: 'c' }, data: { a: 'x' }, binaryData: { a: 'eA==' } };
    expect(errorTexts(configMapStrategy.validate(cm))).toEqual(['data[a]: Invalid value: "a": duplicate of key present in binaryData']);
  });

  it('immutable: true freezes the data', () => {
    const old: ConfigMap = { metadata: { name: 'c' }, data: { a: '1' }, immutable: true };
    const next: ConfigMap = { ...old, data: { a: '2' } };
    expect(errorTexts(configMapStrategy.validateUpdate(next, old))).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
    expect(errorTexts(configMapStrategy.validateUpdate({ ...old, immutable: false }, old))).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  it('DATA counts data and binaryData keys', () => {
    const cm: ConfigMap = { metadata: { name: 'c', creationTimestamp: '2024-05-01T11:59:50Z' }, data: { a: '1', b: '2' }, binaryData: { c: 'eA==' } };
    expect(configMapStrategy.table.cells(cm, now)).toEqual([3, '10s']);
  });
});

describe('Secret', () => {
  it('defaults type to Opaque and folds stringData into data', () => {
    const s: Secret = { metadata: { name: 's' }, stringData: { password: 'hunter2' } };
    secretStrategy.defaults(s);
    expect(s).toEqual({ metadata: { name: 's' }, type: 'Opaque', data: { password: 'aHVudGVyMg==' } });
  });

  it('data must be base64', () => {
    const s: Secret = { metadata: { name: 's' }, type: 'Opaque', data: { token: 'not base64!' } };
    expect(errorTexts(secretStrategy.validate(s))).toEqual(['data[token]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3']);
  });

  it('built-in types require their keys', () => {
    expect(errorTexts(secretStrategy.validate({ metadata: { name: 't' }, type: 'kubernetes.io/tls', data: {} }))).toEqual([
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
    expect(errorTexts(secretStrategy.validate({ metadata: { name: 'sa' }, type: 'kubernetes.io/service-account-token' }))).toEqual([
      'metadata.annotations[kubernetes.io/service-account.name]: Required value',
    ]);
  });

  it('type is immutable', () => {
    const old: Secret = { metadata: { name: 's' }, type: 'Opaque' };
    expect(errorTexts(secretStrategy.validateUpdate({ ...old, type: 'example.com/custom' }, old))).toEqual([
      'type: Invalid value: "example.com/custom": field is immutable',
    ]);
  });

  it('TYPE DATA AGE and the type field selector', () => {
    const s: Secret = { metadata: { name: 's', creationTimestamp: '2024-05-01T11:00:00Z' }, type: 'Opaque', data: { a: 'eA==' } };
    expect(secretStrategy.table.cells(s, now)).toEqual(['Opaque', 1, '60m']);
    expect(secretStrategy.fieldSelectors(s)).toEqual({ type: 'Opaque' });
  });
});

import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { algorithmFor, decodeJwt, keyId, signJwt, verifyJwtSignature } from './jwt.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('JWS', () => {
  it('signs ES256 with raw r||s signatures and verifies them', () => {
    const token = signJwt({ sub: 'x' }, ec.privateKey);
    const jwt = decodeJwt(token)!;
    expect(jwt.header).toEqual({ alg: 'ES256', kid: keyId(ec.publicKey) });
    expect(jwt.signature).toHaveLength(64);
    expect(verifyJwtSignature(jwt, [ec.publicKey])).toBe(true);
    expect(verifyJwtSignature(jwt, [rsa.publicKey])).toBe(false);
  });

  it('signs and verifies RS256 with RSA keys', () => {
    const jwt = decodeJwt(signJwt({ sub: 'x' }, rsa.privateKey))!;
    expect(jwt.header.alg).toBe('RS256');
    expect(verifyJwtSignature(jwt, [ec.publicKey, createPublicKey(rsa.privateKey)])).toBe(true);
  });

  it('refuses algorithm substitution and malformed tokens', () => {
    const [, payload, signature] = signJwt({ sub: 'x' }, ec.privateKey).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    expect(verifyJwtSignature(decodeJwt(none)!, [ec.publicKey])).toBe(false);
    const rs = `${Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url')}.${payload}.${signature}`;
    expect(verifyJwtSignature(decodeJwt(rs)!, [ec.publicKey])).toBe(false);
    expect(decodeJwt('a.b')).toBeUndefined();
    expect(decodeJwt('!!.??.**')).toBeUndefined();
    expect(decodeJwt(`${Buffer.from('[]').toString('base64url')}.e30.`)).toBeUndefined();
  });

  it('only accepts P-256 among EC curves', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    expect(() => algorithmFor(p384.privateKey)).toThrow(/P-256/);
  });
});

/**
 * Compact JWS (RFC 7515) signing and verification for JWTs with Node's `crypto`: ES256 for
 * P-256 keys (signatures as raw r||s, RFC 7518 §3.4) and RS256 for RSA keys. Only what
 * service-account tokens need: no `none`, no HMAC, the algorithm always follows from the key.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { isPlainObject as isObject } from '../../util/json.js';

export type JwsAlgorithm = 'ES256' | 'RS256';

export interface JwsHeader {
  alg: string;
  kid?: string;
  typ?: string;
}

/** A token split into its parts; the payload is parsed JSON, not yet trusted. */
export interface DecodedJwt {
  header: JwsHeader;
  payload: Record<string, unknown>;
  /** `base64url(header).base64url(payload)`: the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

/** The JWS algorithm for a key: ES256 for P-256 EC keys, RS256 for RSA keys. */
export function algorithmFor(key: KeyObject): JwsAlgorithm {
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve !== 'prime256v1') throw new Error(`unsupported EC curve ${curve ?? 'unknown'} for JWT signing: use P-256`);
    return 'ES256';
  }
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  throw new Error(`unsupported key type ${key.asymmetricKeyType ?? 'unknown'} for JWT signing: use an EC P-256 or RSA key`);
}

/** A stable key id: base64url(SHA-256(DER of the public key)), as upstream derives `kid`. */
export function keyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
}

export function signJwt(payload: Record<string, unknown>, privateKey: KeyObject): string {
  const alg = algorithmFor(privateKey);
  const header: JwsHeader = { alg, kid: keyId(createPublicKey(privateKey)) };
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const signature = sign('sha256', Buffer.from(signingInput), alg === 'ES256' ? { key: privateKey, dsaEncoding: 'ieee-p1363' } : privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Splits and parses a compact JWS; undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as JwsHeader;
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    if (!isObject(header) || typeof header.alg !== 'string' || !isObject(payload)) return undefined;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return undefined;
  }
}

/**
 * True when one of `publicKeys` signed the token with the algorithm that key implies (the
 * header's `alg` must agree; a `kid`, when present, picks the key).
 */
export function verifyJwtSignature(jwt: DecodedJwt, publicKeys: readonly KeyObject[]): boolean {
  const candidates = jwt.header.kid ? publicKeys.filter((k) => keyId(k) === jwt.header.kid) : publicKeys;
  for (const key of candidates) {
    const alg = algorithmFor(key);
    if (jwt.header.alg !== alg) continue;
    const data = Buffer.from(jwt.signingInput);
    const ok = alg === 'ES256'
      ? jwt.signature.length === 64 && verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, jwt.signature)
      : verify('sha256', data, key, jwt.signature);
    if (ok) return true;
  }
  return false;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}


/**
 * Checking a presented service-account JWT (upstream `jwt.go` `Authenticator`, `claims.go`
 * `validator`, `legacy.go` `legacyValidator`): signature by a trusted key, issuer, time claims
 * and audience, then that the objects it names still exist with the uids it names.
 */
import type { KeyObject } from 'node:crypto';
import type { KubeObject } from '../../../shared/api/object.js';
import type { UserInfo } from '../http/types.js';
import { decodeJwt, verifyJwtSignature, type DecodedJwt } from './jwt.js';
import { LEGACY_CLAIMS, LEGACY_ISSUER, serviceAccountUser, serviceAccountUsername, type BoundClaims } from './service-account-claims.js';

/** How the authenticator finds the objects a token names; undefined when absent. */
export interface ServiceAccountLookup {
  getServiceAccount(namespace: string, name: string): Promise<KubeObject | undefined>;
  getPod(namespace: string, name: string): Promise<KubeObject | undefined>;
  getSecret(namespace: string, name: string): Promise<KubeObject | undefined>;
}

/** The verdict on a token: the user, or why it was refused (`undefined`: not a service-account token). */
export type TokenVerdict = { user: UserInfo } | { error: string } | undefined;

export interface ValidationContext {
  publicKeys: readonly KeyObject[];
  issuers: readonly string[];
  audiences: readonly string[];
  acceptLegacy: boolean;
  leewaySeconds: number;
  now: Date;
  lookup: ServiceAccountLookup;
}

export async function verifyServiceAccountToken(token: string, ctx: ValidationContext): Promise<TokenVerdict> {
  const jwt = decodeJwt(token);
  if (!jwt) return undefined;
  const iss = jwt.payload.iss;
  const legacy = iss === LEGACY_ISSUER;
  if (typeof iss !== 'string' || (!ctx.issuers.includes(iss) && !(legacy && ctx.acceptLegacy))) return undefined;
  if (!verifyJwtSignature(jwt, ctx.publicKeys)) return { error: 'invalid signature' };
  return legacy ? validateLegacy(token, jwt, ctx) : validateBound(jwt, ctx);
}

async function validateBound(jwt: DecodedJwt, ctx: ValidationContext): Promise<TokenVerdict> {
  const p = jwt.payload;
  const now = ctx.now.getTime() / 1000;
  const leeway = ctx.leewaySeconds;
  if (typeof p.exp !== 'number') return { error: 'exp claim is missing' };
  if (now > p.exp + leeway) return { error: 'service account token has expired' };
  if (typeof p.nbf === 'number' && now < p.nbf - leeway) return { error: 'service account token is not valid yet' };
  if (typeof p.iat === 'number' && now < p.iat - leeway) return { error: 'service account token used before issued' };
  const aud = typeof p.aud === 'string' ? [p.aud] : Array.isArray(p.aud) ? p.aud : [];
  if (!aud.some((a) => ctx.audiences.includes(a as string))) return { error: 'token audiences do not match the API server audiences' };

  const k = p['kubernetes.io'] as BoundClaims | undefined;
  const namespace = k?.namespace;
  const sa = k?.serviceaccount;
  if (!namespace || !sa?.name || !sa.uid) return { error: 'kubernetes.io claims are incomplete' };
  if (p.sub !== serviceAccountUsername(namespace, sa.name)) return { error: 'sub claim is invalid' };

  const deletedBefore = ctx.now.getTime() - leeway * 1000;
  const account = await ctx.lookup.getServiceAccount(namespace, sa.name);
  const accountProblem = checkLive(account, sa.uid, deletedBefore, `service account ${namespace}/${sa.name}`);
  if (accountProblem) return { error: accountProblem };
  if (k.pod) {
    const pod = k.pod.name ? await ctx.lookup.getPod(namespace, k.pod.name) : undefined;
    const problem = checkLive(pod, k.pod.uid, deletedBefore, `pod ${namespace}/${k.pod.name}`);
    if (problem) return { error: `service account token has been invalidated: ${problem}` };
  }
  if (k.secret) {
    const secret = k.secret.name ? await ctx.lookup.getSecret(namespace, k.secret.name) : undefined;
    const problem = checkLive(secret, k.secret.uid, deletedBefore, `secret ${namespace}/${k.secret.name}`);
    if (problem) return { error: `service account token has been invalidated: ${problem}` };
  }
  return { user: serviceAccountUser(namespace, sa.name, sa.uid) };
}

async function validateLegacy(token: string, jwt: DecodedJwt, ctx: ValidationContext): Promise<TokenVerdict> {
  const p = jwt.payload;
  const claim = (name: string) => (typeof p[name] === 'string' ? (p[name] as string) : '');
  const namespace = claim(LEGACY_CLAIMS.namespace);
  const secretName = claim(LEGACY_CLAIMS.secretName);
  const name = claim(LEGACY_CLAIMS.serviceAccountName);
  const uid = claim(LEGACY_CLAIMS.serviceAccountUid);
  if (!namespace || !secretName || !name || !uid) return { error: 'legacy token claims are incomplete' };
  if (p.sub !== serviceAccountUsername(namespace, name)) return { error: 'sub claim is invalid' };

  const secret = await ctx.lookup.getSecret(namespace, secretName);
  if (!secret || secret.metadata.deletionTimestamp) return { error: 'token has been invalidated' };
  const stored = (secret as { data?: Record<string, string> }).data?.token;
  if (!stored || Buffer.from(stored, 'base64').toString('utf8') !== token) return { error: "token does not match server's copy" };
  const account = await ctx.lookup.getServiceAccount(namespace, name);
  const problem = checkLive(account, uid, Number.POSITIVE_INFINITY, `service account ${namespace}/${name}`);
  return problem ? { error: problem } : { user: serviceAccountUser(namespace, name, uid) };
}

/** Why `obj` does not count as the live object with `uid` (deleted before `deletedBeforeMs` counts as gone). */
function checkLive(obj: KubeObject | undefined, uid: string | undefined, deletedBeforeMs: number, what: string): string | undefined {
  if (!obj) return `${what} not found`;
  const deleted = obj.metadata.deletionTimestamp;
  if (deleted && Date.parse(deleted) < deletedBeforeMs) return `${what} has been deleted`;
  if (uid && obj.metadata.uid !== uid) return `${what} has uid ${obj.metadata.uid}, not ${uid} as the token claims`;
  return undefined;
}

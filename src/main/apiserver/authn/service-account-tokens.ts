/**
 * Service-account tokens (upstream `pkg/serviceaccount`): signed JWTs naming a ServiceAccount,
 * and the authenticator that turns one back into a user.
 *
 * - Bound tokens (TokenRequest, projected volumes): `iss`, `sub`
 *   (`system:serviceaccount:<ns>:<name>`), `aud`, `exp`, `iat`, `nbf` and the private claim
 *   `kubernetes.io: {namespace, serviceaccount: {name, uid}, pod?: {name, uid}, secret?: ...}`.
 *   Valid while unexpired and while the ServiceAccount (and the bound pod or secret) still
 *   exists with the same uid.
 * - Legacy tokens (Secrets of type `kubernetes.io/service-account-token`): issuer
 *   `kubernetes/serviceaccount`, flat `kubernetes.io/serviceaccount/*` claims, no expiry. Valid
 *   while the Secret still holds exactly this token and the ServiceAccount still exists.
 *
 * Existence checks go through an injected `ServiceAccountLookup`, so the authenticator reads
 * the cluster the way every other client does.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { ApiClient } from '../../client/api-client.js';
import { systemClock, type Clock } from '../../util/time.js';
import type { Authenticator } from '../authn.js';
import type { UserInfo } from '../http/types.js';
import { algorithmFor, signJwt } from './jwt.js';
import { DEFAULT_ISSUER, LEGACY_CLAIMS, LEGACY_ISSUER, serviceAccountUsername } from './service-account-claims.js';
import { verifyServiceAccountToken, type ServiceAccountLookup, type TokenVerdict } from './token-validation.js';

export { DEFAULT_ISSUER, LEGACY_ISSUER, serviceAccountUser, serviceAccountUsername } from './service-account-claims.js';
export type { ServiceAccountLookup, TokenVerdict } from './token-validation.js';
/** Upstream's default for TokenRequest and projected tokens: one hour. */
export const DEFAULT_EXPIRATION_SECONDS = 3600;

export interface SigningKeyPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A fresh EC P-256 key pair for ES256 (PKCS#8 private key, SPKI public key). */
export function generateServiceAccountSigningKey(): SigningKeyPem {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export interface ObjectRef {
  name: string;
  uid: string;
}

export interface BoundTokenRequest {
  namespace: string;
  serviceAccount: ObjectRef;
  /** Binds the token to a pod: it stops working when the pod is deleted. */
  pod?: ObjectRef;
  /** Binds the token to a Secret (TokenRequest with a Secret boundObjectRef). */
  secret?: ObjectRef;
  /** Default: the issuer (what the API server accepts). */
  audiences?: string[];
  /** Default 3600. */
  expirationSeconds?: number;
}

export interface IssuedToken {
  token: string;
  expirationTimestamp: Date;
}

export interface TokenIssuerOptions {
  key: SigningKeyPem;
  /** `iss` of bound tokens; default `https://kubernetes.default.svc.cluster.local`. */
  issuer?: string;
  clock?: Clock;
}

/** Signs service-account tokens with the cluster's service-account key. */
export class ServiceAccountTokenIssuer {
  readonly issuer: string;
  private readonly privateKey: KeyObject;
  private readonly clock: Clock;

  constructor(options: TokenIssuerOptions) {
    this.privateKey = createPrivateKey(options.key.privateKeyPem);
    algorithmFor(this.privateKey); // fails early on an unusable key
    this.issuer = options.issuer ?? DEFAULT_ISSUER;
    this.clock = options.clock ?? systemClock;
  }

  /** A bound token (what the kubelet mounts and `kubectl create token` prints). */
  issueToken(request: BoundTokenRequest): IssuedToken {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const expirationSeconds = request.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
    const kubernetes: Record<string, unknown> = {
      namespace: request.namespace,
      serviceaccount: { name: request.serviceAccount.name, uid: request.serviceAccount.uid },
    };
    if (request.pod) kubernetes.pod = { name: request.pod.name, uid: request.pod.uid };
    else if (request.secret) kubernetes.secret = { name: request.secret.name, uid: request.secret.uid };
    const token = signJwt({
      aud: request.audiences?.length ? request.audiences : [this.issuer],
      exp: now + expirationSeconds,
      iat: now,
      iss: this.issuer,
      'kubernetes.io': kubernetes,
      nbf: now,
      sub: serviceAccountUsername(request.namespace, request.serviceAccount.name),
    }, this.privateKey);
    return { token, expirationTimestamp: new Date((now + expirationSeconds) * 1000) };
  }

  /** A legacy, non-expiring token for a `kubernetes.io/service-account-token` Secret. */
  issueLegacyToken(request: { namespace: string; serviceAccount: ObjectRef; secretName: string }): string {
    return signJwt({
      iss: LEGACY_ISSUER,
      [LEGACY_CLAIMS.namespace]: request.namespace,
      [LEGACY_CLAIMS.secretName]: request.secretName,
      [LEGACY_CLAIMS.serviceAccountName]: request.serviceAccount.name,
      [LEGACY_CLAIMS.serviceAccountUid]: request.serviceAccount.uid,
      sub: serviceAccountUsername(request.namespace, request.serviceAccount.name),
    }, this.privateKey);
  }
}

/** A lookup that reads through an API client (the in-process admin client). */
export function apiLookup(client: ApiClient): ServiceAccountLookup {
  return {
    getServiceAccount: (ns, name) => client.tryGet({ apiVersion: 'v1', resource: 'serviceaccounts' }, ns, name),
    getPod: (ns, name) => client.tryGet({ apiVersion: 'v1', resource: 'pods' }, ns, name),
    getSecret: (ns, name) => client.tryGet({ apiVersion: 'v1', resource: 'secrets' }, ns, name),
  };
}

export interface TokenAuthenticatorOptions {
  /** PEM public keys whose signatures are trusted (the current key and any retired ones). */
  publicKeyPems: readonly string[];
  lookup: ServiceAccountLookup;
  /** Issuers of bound tokens accepted; default `[DEFAULT_ISSUER]`. */
  issuers?: readonly string[];
  /** The API server's audiences; a bound token must name one. Default: the issuers. */
  audiences?: readonly string[];
  /** Accept legacy Secret-based tokens; default true. */
  acceptLegacy?: boolean;
  /** Clock skew tolerated for exp/nbf and for deletions; default 60 s (upstream `DefaultLeeway`). */
  leewaySeconds?: number;
  clock?: Clock;
}

/** `Authenticator` for service-account JWTs; tokens from other issuers fall through (undefined). */
export class ServiceAccountTokenAuthenticator implements Authenticator {
  private readonly publicKeys: KeyObject[];
  private readonly issuers: readonly string[];
  private readonly audiences: readonly string[];

  constructor(private readonly options: TokenAuthenticatorOptions) {
    this.publicKeys = options.publicKeyPems.map((pem) => createPublicKey(pem));
    this.issuers = options.issuers ?? [DEFAULT_ISSUER];
    this.audiences = options.audiences ?? this.issuers;
  }

  async authenticate(token: string): Promise<UserInfo | undefined> {
    const verdict = await this.verify(token);
    return verdict && 'user' in verdict ? verdict.user : undefined;
  }

  /** Like `authenticate`, with the reason a service-account token was refused. */
  verify(token: string): Promise<TokenVerdict> {
    return verifyServiceAccountToken(token, {
      publicKeys: this.publicKeys,
      issuers: this.issuers,
      audiences: this.audiences,
      acceptLegacy: this.options.acceptLegacy ?? true,
      leewaySeconds: this.options.leewaySeconds ?? 60,
      now: (this.options.clock ?? systemClock).now(),
      lookup: this.options.lookup,
    });
  }
}

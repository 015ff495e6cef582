/**
 * The names service-account tokens carry (upstream `pkg/serviceaccount/claims.go`,
 * `legacy.go` and apiserver `authentication/serviceaccount`): issuers, the private claims of
 * bound and legacy tokens, and the user a token stands for.
 */
import type { UserInfo } from '../http/types.js';

export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';

/** The private claim of bound tokens, under `kubernetes.io`. */
export interface BoundClaims {
  namespace?: string;
  serviceaccount?: { name?: string; uid?: string };
  pod?: { name?: string; uid?: string };
  secret?: { name?: string; uid?: string };
}

/** The flat private claims of legacy Secret tokens. */
export const LEGACY_CLAIMS = {
  namespace: 'kubernetes.io/serviceaccount/namespace',
  secretName: 'kubernetes.io/serviceaccount/secret.name',
  serviceAccountName: 'kubernetes.io/serviceaccount/service-account.name',
  serviceAccountUid: 'kubernetes.io/serviceaccount/service-account.uid',
} as const;

export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The user a valid token stands for (upstream `ServiceAccountInfo.UserInfo`). */
export function serviceAccountUser(namespace: string, name: string, uid: string): UserInfo {
  return {
    username: serviceAccountUsername(namespace, name),
    uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

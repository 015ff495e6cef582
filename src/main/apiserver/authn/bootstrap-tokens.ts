/**
 * Bootstrap ("join") tokens, as upstream (`k8s.io/cluster-bootstrap/token`,
 * `plugin/pkg/auth/authenticator/token/bootstrap`): a token `<id>.<secret>` (6 and 16 characters
 * of [a-z0-9]) lives in a Secret of type `bootstrap.kubernetes.io/token` named
 * `bootstrap-token-<id>` in `kube-system`:
 *
 * ```yaml
 * data:                                  # base64 in the stored object
 *   token-id: abcdef
 *   token-secret: 0123456789abcdef
 *   usage-bootstrap-authentication: "true"
 *   auth-extra-groups: system:bootstrappers:pilothouse   # optional, comma-separated
 *   expiration: 2026-01-02T00:00:00Z                      # optional, RFC 3339
 *   description: ...                                      # optional
 * ```
 *
 * `BootstrapTokenAuthenticator` accepts such a token as the user `system:bootstrap:<id>` in the
 * groups `system:bootstrappers`, the Secret's `auth-extra-groups` and `system:authenticated`,
 * while the Secret exists (not being deleted), is of the right type, holds the same id and
 * secret (compared in constant time), is marked for authentication and has not expired. Deleting
 * the Secret revokes the token at once. Anything else falls through (undefined), so other
 * authenticators in the chain get their turn.
 */
import { randomInt } from 'node:crypto';
import type { KubeObject } from '../../../shared/api/object.js';
import { rfc3339, systemClock, type Clock } from '../../util/time.js';
import { constantTimeEqual, type Authenticator } from '../authn.js';
import type { UserInfo } from '../http/types.js';

export const BOOTSTRAP_TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
export const BOOTSTRAP_TOKEN_NAMESPACE = 'kube-system';
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = 'bootstrap-token-';
export const BOOTSTRAP_USER_PREFIX = 'system:bootstrap:';
export const BOOTSTRAPPERS_GROUP = 'system:bootstrappers';
/** The extra group `pilothouse token create` gives its tokens (kubeadm uses `system:bootstrappers:kubeadm:default-node-token`). */
export const PILOTHOUSE_BOOTSTRAPPERS_GROUP = 'system:bootstrappers:pilothouse';
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** Data keys of a bootstrap token Secret. */
export const BOOTSTRAP_KEYS = {
  id: 'token-id',
  secret: 'token-secret',
  expiration: 'expiration',
  description: 'description',
  extraGroups: 'auth-extra-groups',
  usageAuthentication: 'usage-bootstrap-authentication',
  usageSigning: 'usage-bootstrap-signing',
} as const;

const TOKEN_PATTERN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const ID_PATTERN = /^[a-z0-9]{6}$/;
const GROUP_PATTERN = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;
const TOKEN_CHARS = '0123456789abcdefghijklmnopqrstuvwxyz';

export interface BootstrapToken {
  id: string;
  secret: string;
  /** `<id>.<secret>`, what `pilothouse agent --token` takes. */
  token: string;
}

/** A fresh random token (uniform over [a-z0-9], from the OS CSPRNG). */
export function generateBootstrapToken(): BootstrapToken {
  const pick = (n: number) => Array.from({ length: n }, () => TOKEN_CHARS[randomInt(TOKEN_CHARS.length)]).join('');
  const id = pick(6);
  const secret = pick(16);
  return { id, secret, token: `${id}.${secret}` };
}

/** `{id, secret}` of a well-formed token, else undefined. */
export function parseBootstrapToken(token: string): { id: string; secret: string } | undefined {
  const m = TOKEN_PATTERN.exec(token);
  return m ? { id: m[1], secret: m[2] } : undefined;
}

export function isBootstrapTokenId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export function bootstrapTokenSecretName(id: string): string {
  return BOOTSTRAP_TOKEN_SECRET_PREFIX + id;
}

export interface BootstrapSecretOptions {
  token: { id: string; secret: string };
  /** Absent: the token never expires. */
  expiresAt?: Date;
  description?: string;
  /** Each must match `system:bootstrappers:[a-z0-9:-]*[a-z0-9]`; default `[PILOTHOUSE_BOOTSTRAPPERS_GROUP]`. */
  extraGroups?: string[];
}

/** The Secret that makes `token` valid for authentication (create it in `kube-system`). */
export function bootstrapTokenSecret(options: BootstrapSecretOptions): KubeObject {
  const { id, secret } = options.token;
  if (!ID_PATTERN.test(id) || !/^[a-z0-9]{16}$/.test(secret)) throw new Error('bootstrap token: the id must be 6 and the secret 16 characters of [a-z0-9]');
  const groups = options.extraGroups ?? [PILOTHOUSE_BOOTSTRAPPERS_GROUP];
  for (const g of groups) if (!GROUP_PATTERN.test(g)) throw new Error(`bootstrap token: extra group "${g}" must match ${GROUP_PATTERN.source}`);
  const data: Record<string, string> = {
    [BOOTSTRAP_KEYS.id]: id,
    [BOOTSTRAP_KEYS.secret]: secret,
    [BOOTSTRAP_KEYS.usageAuthentication]: 'true',
  };
  if (groups.length) data[BOOTSTRAP_KEYS.extraGroups] = groups.join(',');
  if (options.expiresAt) data[BOOTSTRAP_KEYS.expiration] = rfc3339(options.expiresAt);
  if (options.description) data[BOOTSTRAP_KEYS.description] = options.description;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: bootstrapTokenSecretName(id), namespace: BOOTSTRAP_TOKEN_NAMESPACE },
    type: BOOTSTRAP_TOKEN_SECRET_TYPE,
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')])),
  };
}

/** The decoded value of one data key of a Secret ('' when absent). */
export function secretValue(secret: KubeObject, key: string): string {
  const data = (secret as { data?: Record<string, string> }).data;
  const v = data?.[key];
  return typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : '';
}

/** True when the Secret's `expiration` has passed or cannot be read (upstream treats unreadable as expired). */
export function isBootstrapTokenExpired(secret: KubeObject, now: Date): boolean {
  const text = secretValue(secret, BOOTSTRAP_KEYS.expiration);
  if (!text) return false;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return true;
  const at = Date.parse(text);
  return !Number.isFinite(at) || at <= now.getTime();
}

/** How the authenticator reads Secrets (`apiLookup(client)` from service-account-tokens.ts fits). */
export interface BootstrapTokenLookup {
  /** The Secret, or undefined when it does not exist; other failures reject. */
  getSecret(namespace: string, name: string): Promise<KubeObject | undefined>;
}

export interface BootstrapTokenAuthenticatorOptions {
  lookup: BootstrapTokenLookup;
  clock?: Clock;
  /** Namespace holding the token Secrets (default `kube-system`). */
  namespace?: string;
}

/** Why a well-formed token was refused (for logs and tests; never sent to the client). */
export type BootstrapVerdict = { user: UserInfo } | { refused: string } | undefined;

export class BootstrapTokenAuthenticator implements Authenticator {
  private readonly clock: Clock;
  private readonly namespace: string;

  constructor(private readonly options: BootstrapTokenAuthenticatorOptions) {
    this.clock = options.clock ?? systemClock;
    this.namespace = options.namespace ?? BOOTSTRAP_TOKEN_NAMESPACE;
  }

  async authenticate(token: string): Promise<UserInfo | undefined> {
    const verdict = await this.verify(token);
    return verdict && 'user' in verdict ? verdict.user : undefined;
  }

  /** Undefined for tokens that are not bootstrap tokens at all; else the user or the refusal reason. */
  async verify(token: string): Promise<BootstrapVerdict> {
    const parsed = parseBootstrapToken(token);
    if (!parsed) return undefined;
    const name = bootstrapTokenSecretName(parsed.id);
    const secret = await this.options.lookup.getSecret(this.namespace, name);
    if (!secret) return { refused: `no Secret ${this.namespace}/${name}` };
    if (secret.metadata.deletionTimestamp) return { refused: `Secret ${name} is being deleted` };
    if ((secret as { type?: string }).type !== BOOTSTRAP_TOKEN_SECRET_TYPE) return { refused: `Secret ${name} is not of type ${BOOTSTRAP_TOKEN_SECRET_TYPE}` };
    if (!constantTimeEqual(secretValue(secret, BOOTSTRAP_KEYS.secret), parsed.secret)) return { refused: `Secret ${name} holds another token-secret` };
    if (secretValue(secret, BOOTSTRAP_KEYS.id) !== parsed.id) return { refused: `Secret ${name} holds another token-id` };
    if (isBootstrapTokenExpired(secret, this.clock.now())) return { refused: `token ${parsed.id} has expired` };
    if (secretValue(secret, BOOTSTRAP_KEYS.usageAuthentication) !== 'true') {
      return { refused: `Secret ${name} is not marked ${BOOTSTRAP_KEYS.usageAuthentication}=true` };
    }
    const groups = new Set([BOOTSTRAPPERS_GROUP]);
    const extra = secretValue(secret, BOOTSTRAP_KEYS.extraGroups);
    for (const g of extra ? extra.split(',') : []) {
      if (!GROUP_PATTERN.test(g)) return { refused: `Secret ${name} has an invalid ${BOOTSTRAP_KEYS.extraGroups} entry "${g}"` };
      groups.add(g);
    }
    return { user: { username: BOOTSTRAP_USER_PREFIX + parsed.id, groups: [...[...groups].sort(), AUTHENTICATED_GROUP] } };
  }
}

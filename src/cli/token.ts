/**
 * `pilothouse token create|list|delete`: join tokens for `pilothouse agent`, kept as upstream
 * bootstrap-token Secrets in `kube-system` (see `apiserver/authn/bootstrap-tokens.ts`), managed
 * through the API over HTTPS with the credentials of a kubeconfig (like `kubeadm token`).
 *
 * `create` prints a hint with the whole `pilothouse agent` command, and the token itself as its
 * LAST line, so scripts can take `| tail -n 1`.
 */
import { ApiClient, ApiClientError } from '../main/client/api-client.js';
import { caCertHash } from '../main/client/ca-pinning.js';
import { HttpsTransport, TransportError } from '../main/client/https-transport.js';
import { KubeconfigError, loadKubeconfigCredentials } from '../main/client/kubeconfig-credentials.js';
import { defaultKubeconfigPath } from '../main/cluster/kubeconfig.js';
import {
  BOOTSTRAP_KEYS, BOOTSTRAP_TOKEN_NAMESPACE, BOOTSTRAP_TOKEN_SECRET_TYPE, bootstrapTokenSecret, bootstrapTokenSecretName,
  generateBootstrapToken, isBootstrapTokenExpired, isBootstrapTokenId, secretValue, type BootstrapToken,
} from '../main/apiserver/authn/bootstrap-tokens.js';
import type { KubeObject } from '../shared/api/object.js';
import { UnknownAddonError } from '../main/addons/addon-state.js';
import { rfc3339 } from '../main/util/time.js';

const SECRETS = { apiVersion: 'v1', resource: 'secrets' } as const;

export interface TokenCommandOptions {
  kubeconfig?: string;
  context?: string;
}

export interface TokenCreateOptions extends TokenCommandOptions {
  /** Go duration (`24h`, `1h30m`); `0` never expires. */
  ttl: string;
  description?: string;
}

/** A command-line mistake or a refusal, printed as one line. */
export class TokenCommandError extends Error {}

export interface CreatedJoinToken extends BootstrapToken {
  expiresAt?: Date;
}

/** Creates a fresh bootstrap token Secret (a new id if one is taken). */
export async function createJoinToken(client: ApiClient, options: { ttlMs: number; description?: string; now?: Date }): Promise<CreatedJoinToken> {
  const now = options.now ?? new Date();
  const expiresAt = options.ttlMs > 0 ? new Date(now.getTime() + options.ttlMs) : undefined;
  for (let attempt = 0; ; attempt++) {
    const token = generateBootstrapToken();
    try {
      await client.create(SECRETS, BOOTSTRAP_TOKEN_NAMESPACE, bootstrapTokenSecret({ token, expiresAt, description: options.description }));
      return { ...token, expiresAt };
    } catch (e) {
      if (attempt < 3 && e instanceof ApiClientError && e.reason === 'AlreadyExists') continue;
      throw e;
    }
  }
}

export async function runTokenCreate(opts: TokenCreateOptions): Promise<void> {
  const ttlMs = parseGoDuration(opts.ttl);
  const { client, server, ca, close } = connect(opts);
  try {
    const created = await createJoinToken(client, { ttlMs, description: opts.description });
    const expiry = created.expiresAt ? `expires ${rfc3339(created.expiresAt)}` : 'never expires';
    console.log(`Join token ${created.id} created (${expiry}; revoke it with: pilothouse token delete ${created.id}).`);
    console.log(`Join a node with: pilothouse agent --server ${server} --token ${created.token} --ca-cert-hash ${caCertHash(ca)} --name <node-name>`);
    console.log(created.token);
  } finally {
    close();
  }
}

export async function runTokenList(opts: TokenCommandOptions): Promise<void> {
  const { client, close } = connect(opts);
  try {
    const list = await client.list(SECRETS, BOOTSTRAP_TOKEN_NAMESPACE, { fieldSelector: `type=${BOOTSTRAP_TOKEN_SECRET_TYPE}` });
    const now = new Date();
    const rows = list.items
      .filter((s) => secretValue(s, BOOTSTRAP_KEYS.id) && s.metadata.name === bootstrapTokenSecretName(secretValue(s, BOOTSTRAP_KEYS.id)))
      .map((s) => tokenRow(s, now));
    printTable(['TOKEN', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION', 'EXTRA GROUPS'], rows);
  } finally {
    close();
  }
}

export async function runTokenDelete(ids: string[], opts: TokenCommandOptions): Promise<void> {
  const { client, close } = connect(opts);
  try {
    for (const text of ids) {
      const id = text.split('.')[0];
      if (!isBootstrapTokenId(id)) throw new TokenCommandError(`"${text}" is not a token id: expected 6 characters of [a-z0-9] (or the whole token)`);
      try {
        await client.delete(SECRETS, BOOTSTRAP_TOKEN_NAMESPACE, bootstrapTokenSecretName(id));
      } catch (e) {
        if (e instanceof ApiClientError && e.code === 404) throw new TokenCommandError(`no join token ${id} (see pilothouse token list)`);
        throw e;
      }
      console.log(`join token ${id} deleted`);
    }
  } finally {
    close();
  }
}

/** Turns the failures a user can act on into one line; anything else is rethrown. */
export function tokenCommandMessage(e: unknown, server?: string): string | undefined {
  if (e instanceof TokenCommandError || e instanceof KubeconfigError || e instanceof TransportError || e instanceof UnknownAddonError) return e.message;
  if (e instanceof ApiClientError) {
    if (e.code === 401) return `the API server${server ? ` at ${server}` : ''} refused the kubeconfig's credentials (401): ${e.message}`;
    return `the API server${server ? ` at ${server}` : ''} refused: ${e.message}`;
  }
  return undefined;
}

function connect(opts: TokenCommandOptions): { client: ApiClient; server: string; ca: string; close(): void } {
  const path = opts.kubeconfig ?? defaultKubeconfigPath();
  const creds = loadKubeconfigCredentials(path, opts.context);
  const transport = new HttpsTransport(creds);
  return { client: new ApiClient(transport), server: transport.server, ca: creds.ca, close: () => transport.close() };
}

function tokenRow(s: KubeObject, now: Date): string[] {
  const id = secretValue(s, BOOTSTRAP_KEYS.id);
  const expiration = secretValue(s, BOOTSTRAP_KEYS.expiration);
  let ttl = '<forever>';
  if (expiration) ttl = isBootstrapTokenExpired(s, now) ? '<invalid>' : roundedDuration(Date.parse(expiration) - now.getTime());
  const usages = Object.keys((s as { data?: object }).data ?? {})
    .filter((k) => k.startsWith('usage-bootstrap-') && secretValue(s, k) === 'true')
    .map((k) => k.slice('usage-bootstrap-'.length))
    .join(',');
  return [
    `${id}.${secretValue(s, BOOTSTRAP_KEYS.secret)}`, ttl, expiration || '<never>', usages || '<none>',
    secretValue(s, BOOTSTRAP_KEYS.description) || '<none>', secretValue(s, BOOTSTRAP_KEYS.extraGroups) || '<none>',
  ];
}

/** `6d`, `23h`, `59m`, `30s`: the largest whole unit (apimachinery's `ShortHumanDuration`, as kubeadm prints TTLs). */
function roundedDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join('').trimEnd());
}

/** Go's `time.ParseDuration` for h, m, s, ms (`24h`, `1h30m`, `90s`); `0` is zero. Throws with the expected form. */
export function parseGoDuration(text: string): number {
  const t = text.trim();
  if (t === '0') return 0;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * units[m[2]];
    end = re.lastIndex;
  }
  if (!t || end !== t.length) throw new TokenCommandError(`invalid duration "${text}": use a Go duration such as 24h, 1h30m or 90m (0 never expires)`);
  return total;
}

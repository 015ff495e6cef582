/**
 * Service-account tokens for `serviceAccountToken` projections (upstream `pkg/kubelet/token`
 * `Manager`): the kubelet asks the API server through the TokenRequest API
 * (`POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token`), bound to the pod, and caches
 * the answer. A cached token is renewed once less than 20% of its lifetime is left (minus up to
 * 10s of jitter) or it is older than 24h, as upstream's `requiresRefresh` says; the volume
 * refresh on every pod sync (at least once a minute) picks the new token up.
 */
import type { ApiClient } from '../../client/api-client.js';
import type { Pod } from '../api-types.js';
import type { Clock } from '../../util/time.js';
import type { TokenProjection, TokenSource } from './payloads.js';

const SERVICE_ACCOUNTS = { apiVersion: 'v1', resource: 'serviceaccounts' };
const MAX_TTL_MS = 24 * 3600 * 1000;
const MAX_JITTER_MS = 10_000;
/** The API's default when a projection names no lifetime. */
const DEFAULT_EXPIRATION_SECONDS = 3600;

interface CachedToken {
  token: string;
  podUid: string;
  expiresMs: number;
  expirationSeconds: number;
}

interface TokenRequestAnswer {
  spec?: { expirationSeconds?: number };
  status?: { token?: string; expirationTimestamp?: string };
}

export class TokenManager implements TokenSource {
  /** By `namespace/serviceAccount/audience/expirationSeconds/podUid`. */
  private readonly cache = new Map<string, CachedToken>();

  constructor(
    private readonly client: ApiClient,
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
  ) {}

  async token(pod: Pod, projection: TokenProjection): Promise<string> {
    const namespace = pod.metadata.namespace ?? 'default';
    const serviceAccount = pod.spec?.serviceAccountName || 'default';
    const expirationSeconds = projection.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
    const key = [namespace, serviceAccount, projection.audience ?? '', expirationSeconds, pod.metadata.uid].join('/');
    const cached = this.cache.get(key);
    if (cached && !this.requiresRefresh(cached)) return cached.token;
    try {
      const fresh = await this.request(pod, namespace, serviceAccount, projection.audience, expirationSeconds);
      this.cache.set(key, fresh);
      return fresh.token;
    } catch (e) {
      // Upstream keeps serving a cached token that has not expired yet when renewal fails.
      if (cached && cached.expiresMs > this.clock.now().getTime()) return cached.token;
      throw e;
    }
  }

  /** Drops the tokens of a pod that is gone. */
  forgetPod(podUid: string): void {
    for (const [key, t] of this.cache) if (t.podUid === podUid) this.cache.delete(key);
  }

  get size(): number {
    return this.cache.size;
  }

  private requiresRefresh(t: CachedToken): boolean {
    const now = this.clock.now().getTime();
    const jitter = this.random() * MAX_JITTER_MS;
    const issuedMs = t.expiresMs - t.expirationSeconds * 1000;
    if (now > issuedMs + MAX_TTL_MS - jitter) return true;
    return now > t.expiresMs - t.expirationSeconds * 1000 * 0.2 - jitter;
  }

  private async request(pod: Pod, namespace: string, serviceAccount: string, audience: string | undefined, expirationSeconds: number): Promise<CachedToken> {
    const answer = (await this.client.createSubresource(SERVICE_ACCOUNTS, namespace, serviceAccount, 'token', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        audiences: audience ? [audience] : [],
        expirationSeconds,
        boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid },
      },
    })) as TokenRequestAnswer;
    const token = answer.status?.token;
    const expires = Date.parse(answer.status?.expirationTimestamp ?? '');
    if (!token || Number.isNaN(expires)) {
      throw new Error(`the TokenRequest for service account ${namespace}/${serviceAccount} came back without a token or expiry`);
    }
    return { token, podUid: pod.metadata.uid!, expiresMs: expires, expirationSeconds: answer.spec?.expirationSeconds ?? expirationSeconds };
  }
}

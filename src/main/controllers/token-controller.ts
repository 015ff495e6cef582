/**
 * Token controller (upstream `pkg/controller/serviceaccount/tokens_controller.go`): fills
 * Secrets of type `kubernetes.io/service-account-token` that name a ServiceAccount in the
 * annotation `kubernetes.io/service-account.name` with `data.token` (a legacy, non-expiring
 * JWT), `data.ca.crt` and `data.namespace`, and records the account's uid in
 * `kubernetes.io/service-account.uid`. A token Secret whose ServiceAccount does not exist is
 * deleted, and so are the token Secrets of a ServiceAccount that is deleted. Since 1.24 no
 * token Secret is created automatically; only Secrets users create are served.
 *
 * Keys: `secret/<ns>/<name>` and `account/<ns>/<name>/<uid>` (an account that was deleted).
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client/api-client.js';
import type { Informer } from '../client/informer.js';
import type { ServiceAccountTokenIssuer } from '../apiserver/authn/service-account-tokens.js';
import { isConflict, isNotFound, updateWithRetry } from './conflict-retry.js';
import { silentLog, type ControllerLog } from './controller-log.js';
import { InformerController } from './informer-controller.js';

export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const SERVICE_ACCOUNT_NAME_KEY = 'kubernetes.io/service-account.name';
export const SERVICE_ACCOUNT_UID_KEY = 'kubernetes.io/service-account.uid';

const SECRETS = { apiVersion: 'v1', resource: 'secrets' };
const SERVICEACCOUNTS = { apiVersion: 'v1', resource: 'serviceaccounts' };
const SECRET = 'secret/';
const ACCOUNT = 'account/';

interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

export interface TokenControllerOptions {
  client: ApiClient;
  issuer: ServiceAccountTokenIssuer;
  /** The cluster CA certificate (PEM) written as `ca.crt`. */
  caPem: string;
  log?: ControllerLog;
}

export class TokenController extends InformerController {
  private readonly client: ApiClient;
  private readonly issuer: ServiceAccountTokenIssuer;
  private readonly caBase64: string;
  private readonly log: ControllerLog;
  private readonly secrets: Informer<Secret>;
  private readonly accounts: Informer;

  constructor(options: TokenControllerOptions) {
    super('token-controller');
    this.client = options.client;
    this.issuer = options.issuer;
    this.caBase64 = Buffer.from(options.caPem).toString('base64');
    this.log = options.log ?? silentLog;
    this.secrets = this.informer<Secret>(this.client, SECRETS, { selectors: { fieldSelector: `type=${SERVICE_ACCOUNT_TOKEN_TYPE}` } });
    this.accounts = this.informer(this.client, SERVICEACCOUNTS);
    this.secrets.addHandlers({
      onAdd: (s) => this.queue.add(SECRET + key(s)),
      onUpdate: (_old, s) => this.queue.add(SECRET + key(s)),
    });
    this.accounts.addHandlers({
      onAdd: (sa) => this.enqueueTokensOf(sa),
      onDelete: (sa) => this.queue.add(`${ACCOUNT}${key(sa)}/${sa.metadata.uid}`),
    });
  }

  protected async reconcile(k: string): Promise<void> {
    if (k.startsWith(SECRET)) return this.syncSecret(k.slice(SECRET.length));
    if (k.startsWith(ACCOUNT)) return this.deleteTokensOfDeletedAccount(k.slice(ACCOUNT.length));
  }

  private async syncSecret(secretKey: string): Promise<void> {
    const secret = this.secrets.get(secretKey);
    if (!secret || secret.metadata.deletionTimestamp) return;
    const namespace = secret.metadata.namespace!;
    const annotations = secret.metadata.annotations ?? {};
    const account = await this.findAccount(namespace, annotations[SERVICE_ACCOUNT_NAME_KEY] ?? '', annotations[SERVICE_ACCOUNT_UID_KEY]);
    if (!account) {
      await this.deleteSecret(secret, 'its service account does not exist');
      return;
    }
    if (!this.needsUpdate(secret, account)) return;
    await updateWithRetry<Secret>(this.client, { ref: SECRETS, namespace, name: secret.metadata.name!, uid: secret.metadata.uid }, (live) => {
      if (!this.needsUpdate(live, account)) return false;
      const data = (live.data ??= {});
      data['ca.crt'] = this.caBase64;
      if (!data.namespace) data.namespace = Buffer.from(namespace).toString('base64');
      if (!data.token) {
        const token = this.issuer.issueLegacyToken({
          namespace, serviceAccount: { name: account.metadata.name!, uid: account.metadata.uid! }, secretName: live.metadata.name!,
        });
        data.token = Buffer.from(token).toString('base64');
      }
      live.metadata.annotations = {
        ...live.metadata.annotations,
        [SERVICE_ACCOUNT_NAME_KEY]: account.metadata.name!,
        [SERVICE_ACCOUNT_UID_KEY]: account.metadata.uid!,
      };
      return true;
    });
    this.log('populated service account token', { namespace, secret: secret.metadata.name, serviceaccount: account.metadata.name });
  }

  private needsUpdate(secret: Secret, account: KubeObject): boolean {
    const data = secret.data ?? {};
    return data['ca.crt'] !== this.caBase64 || !data.namespace || !data.token ||
      secret.metadata.annotations?.[SERVICE_ACCOUNT_UID_KEY] !== account.metadata.uid;
  }

  /** The account from the cache, else from the API (it may be newer than the cache). */
  private async findAccount(namespace: string, name: string, uid: string | undefined): Promise<KubeObject | undefined> {
    if (!name) return undefined;
    const matches = (sa: KubeObject | undefined) => (sa && (!uid || sa.metadata.uid === uid) ? sa : undefined);
    return matches(this.accounts.get(`${namespace}/${name}`)) ?? matches(await this.client.tryGet(SERVICEACCOUNTS, namespace, name));
  }

  /** `<ns>/<name>/<uid>` of an account that was deleted: delete its token Secrets. */
  private async deleteTokensOfDeletedAccount(rest: string): Promise<void> {
    const [namespace, name, uid] = rest.split('/');
    const live = this.accounts.get(`${namespace}/${name}`);
    if (live?.metadata.uid === uid) return;
    for (const secret of this.secrets.list()) {
      if (secret.metadata.namespace !== namespace) continue;
      const annotations = secret.metadata.annotations ?? {};
      if (annotations[SERVICE_ACCOUNT_NAME_KEY] !== name) continue;
      const secretUid = annotations[SERVICE_ACCOUNT_UID_KEY];
      if (secretUid ? secretUid === uid : !live) await this.deleteSecret(secret, 'its service account was deleted');
    }
  }

  private enqueueTokensOf(sa: KubeObject): void {
    for (const secret of this.secrets.list()) {
      if (secret.metadata.namespace === sa.metadata.namespace && secret.metadata.annotations?.[SERVICE_ACCOUNT_NAME_KEY] === sa.metadata.name) {
        this.queue.add(SECRET + key(secret));
      }
    }
  }

  private async deleteSecret(secret: Secret, why: string): Promise<void> {
    try {
      await this.client.delete(SECRETS, secret.metadata.namespace, secret.metadata.name!, { preconditions: { uid: secret.metadata.uid } });
      this.log(`deleted service account token: ${why}`, { namespace: secret.metadata.namespace, secret: secret.metadata.name });
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }
}

function key(obj: KubeObject): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/api/object.js';
import {
  ServiceAccountTokenAuthenticator, ServiceAccountTokenIssuer, apiLookup, generateServiceAccountSigningKey,
} from '../apiserver/authn/service-account-tokens.js';
import { TokenController } from './token-controller.js';
import { eventually, startTestCluster, type TestCluster } from './testing/test-cluster.js';

const SERVICEACCOUNTS = { apiVersion: 'v1', resource: 'serviceaccounts' };
const SECRETS = { apiVersion: 'v1', resource: 'secrets' };

type Secret = KubeObject & { data?: Record<string, string> };

let cluster: TestCluster;
let controller: TokenController;
let authn: ServiceAccountTokenAuthenticator;

beforeAll(async () => {
  cluster = await startTestCluster();
  const key = generateServiceAccountSigningKey();
  controller = new TokenController({ client: cluster.client, issuer: new ServiceAccountTokenIssuer({ key }), caPem: cluster.credentials.ca.cert });
  authn = new ServiceAccountTokenAuthenticator({ publicKeyPems: [key.publicKeyPem], lookup: apiLookup(cluster.client) });
  controller.start();
  await controller.waitForSync();
});

afterAll(async () => {
  await controller?.stop();
  await cluster?.dispose();
});

function tokenSecret(name: string, account: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
    metadata: { name, annotations: { 'kubernetes.io/service-account.name': account } },
  } as KubeObject;
}

const decode = (v: string | undefined) => Buffer.from(v ?? '', 'base64').toString('utf8');

describe('TokenController', () => {
  it('fills a legacy token Secret with token, ca.crt and namespace', async () => {
    const sa = await cluster.client.create(SERVICEACCOUNTS, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } });
    await cluster.client.create(SECRETS, 'default', tokenSecret('builder-token', 'builder'));
    const secret = await eventually(async () => {
      const s = (await cluster.client.get(SECRETS, 'default', 'builder-token')) as Secret;
      return s.data?.token ? s : undefined;
    }, 'the token to be filled in');
    expect(decode(secret.data?.['ca.crt'])).toBe(cluster.credentials.ca.cert);
    expect(decode(secret.data?.namespace)).toBe('default');
    expect(secret.metadata.annotations?.['kubernetes.io/service-account.uid']).toBe(sa.metadata.uid);
    const user = await authn.authenticate(decode(secret.data?.token));
    expect(user?.username).toBe('system:serviceaccount:default:builder');
  });

  it('deletes token Secrets of a missing or deleted service account', async () => {
    await cluster.client.create(SECRETS, 'default', tokenSecret('orphan-token', 'nobody'));
    await eventually(async () => (await cluster.client.tryGet(SECRETS, 'default', 'orphan-token')) === undefined, 'the token of a missing account to go');

    await cluster.client.create(SERVICEACCOUNTS, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'temp' } });
    await cluster.client.create(SECRETS, 'default', tokenSecret('temp-token', 'temp'));
    const secret = await eventually(async () => {
      const s = (await cluster.client.get(SECRETS, 'default', 'temp-token')) as Secret;
      return s.data?.token ? s : undefined;
    }, 'the temp token to be filled in');
    const token = decode(secret.data?.token);
    await cluster.client.delete(SERVICEACCOUNTS, 'default', 'temp');
    await eventually(async () => (await cluster.client.tryGet(SECRETS, 'default', 'temp-token')) === undefined, 'the token of a deleted account to go');
    expect(await authn.authenticate(token)).toBeUndefined();
  });
});

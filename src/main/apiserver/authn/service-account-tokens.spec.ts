import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object.js';
import { ApiClientError } from '../../client/api-client.js';
import { startTestCluster, type TestCluster } from '../../controllers/testing/test-cluster.js';
import { ManualClock } from '../testing/in-process-server.js';
import { decodeJwt } from './jwt.js';
import {
  DEFAULT_ISSUER, ServiceAccountTokenAuthenticator, ServiceAccountTokenIssuer, apiLookup, generateServiceAccountSigningKey,
  type SigningKeyPem,
} from './service-account-tokens.js';
import { tokenRequestHandler } from './token-request.js';

const SERVICEACCOUNTS = { apiVersion: 'v1', resource: 'serviceaccounts' };
const PODS = { apiVersion: 'v1', resource: 'pods' };
const SECRETS = { apiVersion: 'v1', resource: 'secrets' };

let cluster: TestCluster;
let key: SigningKeyPem;
let clock: ManualClock;
let issuer: ServiceAccountTokenIssuer;
let authn: ServiceAccountTokenAuthenticator;

beforeAll(async () => {
  cluster = await startTestCluster();
  key = generateServiceAccountSigningKey();
  clock = new ManualClock(new Date());
  issuer = new ServiceAccountTokenIssuer({ key, clock });
  authn = new ServiceAccountTokenAuthenticator({ publicKeyPems: [key.publicKeyPem], lookup: apiLookup(cluster.client), clock });
  cluster.apiServer.addHandler(tokenRequestHandler({ client: cluster.client, issuer }));
});

afterAll(async () => {
  await cluster?.dispose();
});

async function serviceAccount(name: string): Promise<KubeObject> {
  return cluster.client.create(SERVICEACCOUNTS, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
}

const saRef = (sa: KubeObject) => ({ name: sa.metadata.name!, uid: sa.metadata.uid! });

describe('service-account tokens', () => {
  it('round-trips a bound token with upstream claims into the service-account user', async () => {
    const sa = await serviceAccount('robot');
    const { token, expirationTimestamp } = issuer.issueToken({ namespace: 'default', serviceAccount: saRef(sa), expirationSeconds: 600 });
    const jwt = decodeJwt(token)!;
    expect(jwt.header.alg).toBe('ES256');
    expect(jwt.header.kid).toBeTruthy();
    expect(jwt.payload).toMatchObject({
      iss: DEFAULT_ISSUER,
      sub: 'system:serviceaccount:default:robot',
      aud: [DEFAULT_ISSUER],
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'robot', uid: sa.metadata.uid } },
    });
    expect((jwt.payload.exp as number) - (jwt.payload.iat as number)).toBe(600);
    expect(jwt.payload.nbf).toBe(jwt.payload.iat);
    expect(expirationTimestamp.getTime()).toBe((jwt.payload.exp as number) * 1000);

    expect(await authn.authenticate(token)).toEqual({
      username: 'system:serviceaccount:default:robot',
      uid: sa.metadata.uid,
      groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
    });
  });

  it('rejects expired tokens, other keys, other audiences, and tokens it did not issue', async () => {
    const sa = await serviceAccount('expiring');
    const { token } = issuer.issueToken({ namespace: 'default', serviceAccount: saRef(sa), expirationSeconds: 600 });
    clock.advance(600 + 61);
    expect(await authn.verify(token)).toEqual({ error: 'service account token has expired' });
    clock.advance(-(600 + 61));

    const forger = new ServiceAccountTokenIssuer({ key: generateServiceAccountSigningKey(), clock });
    const forged = forger.issueToken({ namespace: 'default', serviceAccount: saRef(sa) }).token;
    expect(await authn.verify(forged)).toEqual({ error: 'invalid signature' });
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ ...decodeJwt(token)!.payload, sub: 'system:serviceaccount:default:admin' })).toString('base64url');
    expect(await authn.verify(`${header}.${payload}.${signature}`)).toEqual({ error: 'invalid signature' });

    const elsewhere = issuer.issueToken({ namespace: 'default', serviceAccount: saRef(sa), audiences: ['vault'] }).token;
    expect(await authn.verify(elsewhere)).toEqual({ error: 'token audiences do not match the API server audiences' });
    expect(await authn.verify('not-a-jwt')).toBeUndefined();
    expect(await authn.authenticate(cluster.credentials.adminToken)).toBeUndefined();
  });

  it('stops accepting a token once its service account is deleted or replaced', async () => {
    const sa = await serviceAccount('short-lived');
    const { token } = issuer.issueToken({ namespace: 'default', serviceAccount: saRef(sa) });
    expect(await authn.authenticate(token)).toBeDefined();
    await cluster.client.delete(SERVICEACCOUNTS, 'default', 'short-lived');
    expect(await authn.verify(token)).toEqual({ error: 'service account default/short-lived not found' });
    await serviceAccount('short-lived');
    expect(await authn.verify(token)).toMatchObject({ error: expect.stringContaining('not') });
  });

  it('binds a token to a pod: invalid once the pod is gone', async () => {
    const sa = await serviceAccount('pod-runner');
    const pod = await cluster.client.create(PODS, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bound' },
      spec: { serviceAccountName: 'pod-runner', containers: [{ name: 'c', image: 'busybox' }] },
    });
    const { token } = issuer.issueToken({
      namespace: 'default', serviceAccount: saRef(sa), pod: { name: 'bound', uid: pod.metadata.uid! }, audiences: [DEFAULT_ISSUER],
    });
    expect(decodeJwt(token)!.payload['kubernetes.io']).toMatchObject({ pod: { name: 'bound', uid: pod.metadata.uid } });
    expect((await authn.authenticate(token))?.username).toBe('system:serviceaccount:default:pod-runner');
    await cluster.client.delete(PODS, 'default', 'bound');
    expect(await authn.verify(token)).toEqual({ error: 'service account token has been invalidated: pod default/bound not found' });
  });

  it('validates legacy Secret tokens against the stored copy', async () => {
    const sa = await serviceAccount('legacy');
    const token = issuer.issueLegacyToken({ namespace: 'default', serviceAccount: saRef(sa), secretName: 'legacy-token' });
    expect(decodeJwt(token)!.payload.iss).toBe('kubernetes/serviceaccount');
    await cluster.client.create(SECRETS, 'default', {
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
      metadata: { name: 'legacy-token', annotations: { 'kubernetes.io/service-account.name': 'legacy' } },
      data: { token: Buffer.from(token).toString('base64') },
    } as KubeObject);
    expect((await authn.authenticate(token))?.username).toBe('system:serviceaccount:default:legacy');
    await cluster.client.delete(SECRETS, 'default', 'legacy-token');
    expect(await authn.verify(token)).toEqual({ error: 'token has been invalidated' });
  });
});

describe('serviceaccounts/{name}/token (TokenRequest)', () => {
  async function requestToken(name: string, spec: Record<string, unknown>): Promise<any> {
    return cluster.client.createSubresource(SERVICEACCOUNTS, 'default', name, 'token', {
      apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec,
    });
  }

  it('issues a token the authenticator accepts, with defaults filled in', async () => {
    const sa = await serviceAccount('requester');
    const res = await requestToken('requester', {});
    expect(res.kind).toBe('TokenRequest');
    expect(res.spec).toMatchObject({ audiences: [DEFAULT_ISSUER], expirationSeconds: 3600 });
    expect(Date.parse(res.status.expirationTimestamp)).toBeGreaterThan(Date.now());
    expect((await authn.authenticate(res.status.token))?.uid).toBe(sa.metadata.uid);
  });

  it('answers like upstream for bad requests', async () => {
    await serviceAccount('strict');
    const err = (p: Promise<unknown>) => p.then(() => undefined, (e: ApiClientError) => e);
    expect((await err(requestToken('missing', {})))?.code).toBe(404);
    const short = await err(requestToken('strict', { expirationSeconds: 60 }));
    expect(short?.code).toBe(422);
    expect(short?.message).toContain('may not specify a duration less than 10 minutes');
    expect((await err(requestToken('strict', { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'nope' } })))?.code).toBe(404);
  });
});

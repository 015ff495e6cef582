import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiClientError } from '../../client/api-client.js';
import { InProcessTransport } from '../../client/transport.js';
import { joinNode } from '../../kubelet/node-join.js';
import { createCertificateAuthority, type PemPair } from '../../pki/certificates.js';
import type { UserInfo } from '../http/types.js';
import {
  apiLookup, generateServiceAccountSigningKey, ServiceAccountTokenAuthenticator, ServiceAccountTokenIssuer,
} from '../authn/service-account-tokens.js';
import { startTestServer, type TestServer } from '../testing/in-process-server.js';
import { createKubeletCsr } from './kubelet-csr.js';
import { nodeJoinHandler } from './node-join-handler.js';

const PATH = '/apis/join.pilothouse.dev/v1/nodejoinrequests';
const BOOTSTRAPPER: UserInfo = { username: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] };
let s: TestServer;
let ca: PemPair;
let tokens: ServiceAccountTokenAuthenticator;

beforeAll(async () => {
  s = await startTestServer();
  ca = await createCertificateAuthority();
  const key = generateServiceAccountSigningKey();
  const issuer = new ServiceAccountTokenIssuer({ key, clock: s.clock });
  s.server.addHandler(nodeJoinHandler({ ca, client: s.client, issuer, clock: s.clock }));
  tokens = new ServiceAccountTokenAuthenticator({ publicKeyPems: [key.publicKeyPem], lookup: apiLookup(s.client), clock: s.clock });
});
afterAll(() => s.close());

const clientAs = (user: UserInfo) => new ApiClient(new InProcessTransport((req) => s.server.handle(req), user));

describe('joining a node', () => {
  it('signs the agent key for system:node:<node>, with the addresses as SANs', async () => {
    const joined = await joinNode(clientAs(BOOTSTRAPPER), 'agent-1', ['127.0.0.1', 'agent-1.example']);
    expect(joined.serving.ca).toBe(ca.cert);
    const cert = new X509Certificate(joined.serving.cert);
    expect(cert.subject).toBe('CN=system:node:agent-1\nO=system:nodes');
    expect(cert.verify(new X509Certificate(ca.cert).publicKey)).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('agent-1')).toBe('agent-1');
    expect(cert.checkHost('agent-1.example')).toBe('agent-1.example');
    expect(cert.ca).toBe(false);
    // The certificate is for the key generated on the agent.
    expect(cert.publicKey.export({ type: 'spki', format: 'der' }).equals(
      createPublicKey(createPrivateKey(joined.serving.key)).export({ type: 'spki', format: 'der' }),
    )).toBe(true);
  });

  it("gives the node a year-long token of its own service account, cut off by deleting the account", async () => {
    const joined = await joinNode(clientAs(BOOTSTRAPPER), 'agent-2', []);
    expect(joined.serviceAccount).toBe('kube-system/pilothouse-node-agent-2');
    expect(joined.expiresAt.getTime() - s.clock.now().getTime()).toBe(365 * 24 * 3600 * 1000);
    expect(await tokens.authenticate(joined.token)).toMatchObject({ username: 'system:serviceaccount:kube-system:pilothouse-node-agent-2' });
    // A re-join reuses the account: the first token stays valid.
    const again = await joinNode(clientAs({ username: 'system:serviceaccount:kube-system:pilothouse-node-agent-2', groups: [] }), 'agent-2', []);
    expect(await tokens.authenticate(joined.token)).toBeDefined();
    expect(await tokens.authenticate(again.token)).toBeDefined();
    await s.client.delete({ apiVersion: 'v1', resource: 'serviceaccounts' }, 'kube-system', 'pilothouse-node-agent-2');
    s.clock.advance(120); // past the deletion leeway
    expect(await tokens.authenticate(joined.token)).toBeUndefined();
  });

  it('refuses callers that are neither joining, admins nor the node', async () => {
    const e = await joinNode(clientAs({ username: 'bob', groups: ['system:authenticated'] }), 'agent-1', []).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiClientError);
    expect((e as ApiClientError).code).toBe(403);
    expect((e as Error).message).toMatch(/user "bob" may not join node "agent-1": use a join token/);
    const otherNode = clientAs({ username: 'system:serviceaccount:kube-system:pilothouse-node-agent-3', groups: [] });
    await expect(joinNode(otherNode, 'agent-4', [])).rejects.toMatchObject({ code: 403 });
  });

  it('checks the request', async () => {
    const post = (spec: unknown) => s.request('POST', PATH, { body: { kind: 'NodeJoinRequest', apiVersion: 'join.pilothouse.dev/v1', spec } });
    const { csr } = await createKubeletCsr('someone-else');
    expect((await post({ nodeName: 'agent-1', request: csr })).body.message).toMatch(/must name CN=system:node:agent-1, not CN=system:node:someone-else/);
    expect((await post({ nodeName: 'Agent_1', request: csr })).status).toBe(422);
    expect((await post({ nodeName: 'agent-1' })).status).toBe(422);
    expect((await post({ nodeName: 'agent-1', request: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----' })).status).toBe(400);
    expect((await post({ nodeName: 'agent-1', request: csr, addresses: ['not an address!'] })).status).toBe(422);
    expect((await s.request('GET', PATH)).status).toBe(405);
  });
});

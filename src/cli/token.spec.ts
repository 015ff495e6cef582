import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClientError } from '../main/client/api-client.js';
import { BootstrapTokenAuthenticator, secretValue } from '../main/apiserver/authn/bootstrap-tokens.js';
import { apiLookup } from '../main/apiserver/authn/service-account-tokens.js';
import { startTestServer, type TestServer } from '../main/apiserver/testing/in-process-server.js';
import { createJoinToken, parseGoDuration, tokenCommandMessage, TokenCommandError } from './token.js';

describe('parseGoDuration', () => {
  it('reads Go durations', () => {
    expect(parseGoDuration('24h')).toBe(86_400_000);
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('90s')).toBe(90_000);
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('0')).toBe(0);
  });

  it('refuses anything else with the expected form', () => {
    for (const bad of ['', '24', 'h', '1d', '1h 30m', '-1h', 'tomorrow']) {
      expect(() => parseGoDuration(bad)).toThrow(TokenCommandError);
    }
    expect(() => parseGoDuration('1d')).toThrow('invalid duration "1d": use a Go duration such as 24h, 1h30m or 90m (0 never expires)');
  });
});

describe('createJoinToken', () => {
  let s: TestServer;
  beforeEach(async () => (s = await startTestServer()));
  afterEach(() => s.close());

  it('creates a bootstrap token Secret the authenticator accepts', async () => {
    const now = new Date(s.clock.now());
    const created = await createJoinToken(s.client, { ttlMs: 3_600_000, description: 'test', now });
    expect(created.expiresAt?.toISOString()).toBe(new Date(now.getTime() + 3_600_000).toISOString());
    const secret = await s.client.get({ apiVersion: 'v1', resource: 'secrets' }, 'kube-system', `bootstrap-token-${created.id}`);
    expect(secretValue(secret, 'description')).toBe('test');
    const authn = new BootstrapTokenAuthenticator({ lookup: apiLookup(s.client), clock: s.clock });
    expect((await authn.authenticate(created.token))?.username).toBe(`system:bootstrap:${created.id}`);
  });

  it('leaves out the expiration for a TTL of 0', async () => {
    const created = await createJoinToken(s.client, { ttlMs: 0 });
    expect(created.expiresAt).toBeUndefined();
    const secret = await s.client.get({ apiVersion: 'v1', resource: 'secrets' }, 'kube-system', `bootstrap-token-${created.id}`);
    expect(secretValue(secret, 'expiration')).toBe('');
  });

  it('turns refusals into one line', () => {
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 401, message: 'Unauthorized' } as const;
    expect(tokenCommandMessage(new ApiClientError(status), 'https://h:1')).toBe("the API server at https://h:1 refused the kubeconfig's credentials (401): Unauthorized");
    expect(tokenCommandMessage(new Error('bug'))).toBeUndefined();
  });
});

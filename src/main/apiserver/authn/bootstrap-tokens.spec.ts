import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object.js';
import { ManualClock, startTestServer, type TestServer } from '../testing/in-process-server.js';
import {
  BOOTSTRAP_TOKEN_SECRET_TYPE, BootstrapTokenAuthenticator, bootstrapTokenSecret, generateBootstrapToken, isBootstrapTokenExpired,
  parseBootstrapToken, secretValue,
} from './bootstrap-tokens.js';
import { apiLookup } from './service-account-tokens.js';

const SECRETS = { apiVersion: 'v1', resource: 'secrets' };

describe('bootstrap token format', () => {
  it('generates <6>.<16> tokens of [a-z0-9] that parse back', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const t = generateBootstrapToken();
      expect(t.token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
      expect(parseBootstrapToken(t.token)).toEqual({ id: t.id, secret: t.secret });
      seen.add(t.token);
    }
    expect(seen.size).toBe(200);
  });

  it('rejects malformed tokens', () => {
    for (const bad of ['', 'abcdef', 'abcdef.0123456789abcde', 'ABCDEF.0123456789abcdef', 'abcdef.0123456789abcdef0', 'abcdef:0123456789abcdef', 'eyJhbGciOi.x.y']) {
      expect(parseBootstrapToken(bad)).toBeUndefined();
    }
  });

  it('builds the upstream Secret', () => {
    const s = bootstrapTokenSecret({
      token: { id: 'abcdef', secret: '0123456789abcdef' }, expiresAt: new Date('2026-01-02T03:04:05.678Z'), description: 'for agent-1',
    });
    expect(s.metadata).toEqual({ name: 'bootstrap-token-abcdef', namespace: 'kube-system' });
    expect(s.type).toBe(BOOTSTRAP_TOKEN_SECRET_TYPE);
    expect(Object.fromEntries(Object.keys(s.data as object).map((k) => [k, secretValue(s, k)]))).toEqual({
      'token-id': 'abcdef',
      'token-secret': '0123456789abcdef',
      'usage-bootstrap-authentication': 'true',
      'auth-extra-groups': 'system:bootstrappers:pilothouse',
      expiration: '2026-01-02T03:04:05Z',
      description: 'for agent-1',
    });
    expect(() => bootstrapTokenSecret({ token: { id: 'abc', secret: '0123456789abcdef' } })).toThrow(/6 and the secret 16/);
    expect(() => bootstrapTokenSecret({ token: { id: 'abcdef', secret: '0123456789abcdef' }, extraGroups: ['admins'] })).toThrow(/extra group/);
  });

  it('treats an unreadable expiration as expired', () => {
    const withExp = (v: string): KubeObject => ({ metadata: {}, data: { expiration: Buffer.from(v).toString('base64') } });
    const now = new Date('2026-01-01T00:00:00Z');
    expect(isBootstrapTokenExpired({ metadata: {} }, now)).toBe(false);
    expect(isBootstrapTokenExpired(withExp('2026-01-01T00:00:01Z'), now)).toBe(false);
    expect(isBootstrapTokenExpired(withExp('2026-01-01T00:00:00Z'), now)).toBe(true);
    expect(isBootstrapTokenExpired(withExp('2026-01-01T01:00:00+02:00'), now)).toBe(true);
    expect(isBootstrapTokenExpired(withExp('tomorrow'), now)).toBe(true);
  });
});

describe('BootstrapTokenAuthenticator (Secrets read through the API)', () => {
  let s: TestServer;
  let clock: ManualClock;
  let authn: BootstrapTokenAuthenticator;
  const token = { id: 'abcdef', secret: '0123456789abcdef' };
  const bearer = 'abcdef.0123456789abcdef';

  beforeEach(async () => {
    s = await startTestServer();
    clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    authn = new BootstrapTokenAuthenticator({ lookup: apiLookup(s.client), clock });
  });
  afterEach(() => s.close());

  const create = (secret: KubeObject) => s.client.create(SECRETS, 'kube-system', secret);

  it('authenticates a valid token as system:bootstrap:<id>', async () => {
    await create(bootstrapTokenSecret({ token, expiresAt: new Date('2026-01-02T00:00:00Z') }));
    expect(await authn.authenticate(bearer)).toEqual({
      username: 'system:bootstrap:abcdef',
      groups: ['system:bootstrappers', 'system:bootstrappers:pilothouse', 'system:authenticated'],
    });
  });

  it('ignores tokens that are not bootstrap tokens', async () => {
    expect(await authn.verify('not-a-bootstrap-token')).toBeUndefined();
    expect(await authn.authenticate('abcdef.0123456789abcdef')).toBeUndefined();
    expect(await authn.verify('abcdef.0123456789abcdef')).toEqual({ refused: 'no Secret kube-system/bootstrap-token-abcdef' });
  });

  it('refuses a wrong secret, an expired token, a missing usage, another type, bad groups', async () => {
    await create(bootstrapTokenSecret({ token, expiresAt: new Date('2026-01-01T01:00:00Z') }));
    expect(await authn.verify('abcdef.fedcba9876543210')).toMatchObject({ refused: expect.stringMatching(/another token-secret/) });
    clock.advance(3600);
    expect(await authn.verify(bearer)).toEqual({ refused: 'token abcdef has expired' });

    const b = { id: 'bbbbbb', secret: 'bbbbbbbbbbbbbbbb' };
    const noUsage = bootstrapTokenSecret({ token: b });
    delete (noUsage.data as Record<string, string>)['usage-bootstrap-authentication'];
    await create(noUsage);
    expect(await authn.verify('bbbbbb.bbbbbbbbbbbbbbbb')).toMatchObject({ refused: expect.stringMatching(/not marked usage-bootstrap-authentication/) });

    const c = { id: 'cccccc', secret: 'cccccccccccccccc' };
    await create({ ...bootstrapTokenSecret({ token: c }), type: 'Opaque' });
    expect(await authn.verify('cccccc.cccccccccccccccc')).toMatchObject({ refused: expect.stringMatching(/not of type/) });

    const d = { id: 'dddddd', secret: 'dddddddddddddddd' };
    const badGroups = bootstrapTokenSecret({ token: d });
    (badGroups.data as Record<string, string>)['auth-extra-groups'] = Buffer.from('system:masters').toString('base64');
    await create(badGroups);
    expect(await authn.verify('dddddd.dddddddddddddddd')).toMatchObject({ refused: expect.stringMatching(/invalid auth-extra-groups/) });

    const e = { id: 'eeeeee', secret: 'eeeeeeeeeeeeeeee' };
    const otherId = bootstrapTokenSecret({ token: e });
    (otherId.data as Record<string, string>)['token-id'] = Buffer.from('ffffff').toString('base64');
    await create(otherId);
    expect(await authn.verify('eeeeee.eeeeeeeeeeeeeeee')).toMatchObject({ refused: expect.stringMatching(/another token-id/) });
  });

  it('stops accepting a token once its Secret is deleted', async () => {
    await create(bootstrapTokenSecret({ token }));
    expect(await authn.authenticate(bearer)).toBeDefined();
    await s.client.delete(SECRETS, 'kube-system', 'bootstrap-token-abcdef');
    expect(await authn.authenticate(bearer)).toBeUndefined();
  });

  it('only looks in its namespace', async () => {
    await s.client.create(SECRETS, 'default', { ...bootstrapTokenSecret({ token }), metadata: { name: 'bootstrap-token-abcdef', namespace: 'default' } });
    expect(await authn.authenticate(bearer)).toBeUndefined();
  });
});

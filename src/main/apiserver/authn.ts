/**
 * Bearer-token authentication. Tokens are checked in constant time; authenticators are tried in
 * order (static tokens first; service-account and node tokens plug in the same way).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { UserInfo } from './http/types.js';

export interface Authenticator {
  authenticate(token: string): Promise<UserInfo | undefined> | UserInfo | undefined;
}

export const ADMIN_USER: UserInfo = { username: 'pilothouse-admin', groups: ['system:masters', 'system:authenticated'] };

/** Static tokens (the admin token written on first start, join tokens). */
export class StaticTokenAuthenticator implements Authenticator {
  private readonly tokens = new Map<string, UserInfo>();

  add(token: string, user: UserInfo): void {
    this.tokens.set(digest(token), user);
  }

  remove(token: string): void {
    this.tokens.delete(digest(token));
  }

  authenticate(token: string): UserInfo | undefined {
    // Hashing first makes lookups independent of how much of a token matches.
    return this.tokens.get(digest(token));
  }
}

export class ChainAuthenticator implements Authenticator {
  constructor(private readonly chain: Authenticator[]) {}

  async authenticate(token: string): Promise<UserInfo | undefined> {
    for (const a of this.chain) {
      const user = await a.authenticate(token);
      if (user) return user;
    }
    return undefined;
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Extracts the token from `Authorization: Bearer <token>`. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

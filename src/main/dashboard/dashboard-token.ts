/**
 * The dashboard's sign-in token: 32 random bytes (base64url), kept in `<data dir>/dashboard-token`
 * (mode 0600) so a bookmarked Dashboard URL keeps working across restarts. Compared in constant time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/files.js';

export const TOKEN_FILE = 'dashboard-token';

export function newDashboardToken(): string {
  return randomBytes(32).toString('base64url');
}

export function loadOrCreateDashboardToken(dataDir: string): string {
  const path = join(dataDir, TOKEN_FILE);
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(token)) {
      chmodSync(path, 0o600);
      return token;
    }
  }
  const token = newDashboardToken();
  writeFileAtomic(path, `${token}\n`, 0o600);
  return token;
}

export function tokensEqual(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

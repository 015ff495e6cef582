/**
 * Serves the built renderer (`out/renderer`) to the browser: files by extension, `index.html`
 * for any other path (the renderer routes itself), nothing outside the root, and security
 * headers (CSP, no framing, no sniffing) on every answer.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** The dashboard's Content Security Policy: only its own scripts, and WebSockets to itself. */
export function dashboardCsp(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function securityHeaders(origin: string): Record<string, string> {
  return {
    'content-security-policy': dashboardCsp(origin),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

export function serveStatic(rootDir: string, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
  const root = resolve(rootDir);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
    return;
  }
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(503, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
      .end(`The dashboard's files are missing (${index}). Build them with: npm run build\n`);
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400, { ...headers, 'content-type': 'text/plain' }).end('bad path\n');
    return;
  }
  const candidate = normalize(join(root, pathname));
  const inside = candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
  let file = index;
  if (inside && pathname !== '/' && existsSync(candidate) && statSync(candidate).isFile()) file = candidate;
  else if (extname(pathname) && pathname !== '/index.html') {
    // A missing asset is a 404, not the app: a broken build shows as such.
    res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, { ...headers, 'content-type': type, 'content-length': String(statSync(file).size) });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

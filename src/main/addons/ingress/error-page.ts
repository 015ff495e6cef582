/**
 * The answers the ingress controller gives itself (404 no rule, 501 resource backend, 502 pod
 * unreachable, 503 no service / port / endpoints): a small HTML page for browsers (an `Accept`
 * that names text/html), plain text for everything else (curl, scripts). Each says what failed
 * and what to look at.
 */
import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';

export interface ProxyError {
  status: number;
  /** One line: `Service default/web has no ready endpoints`. */
  title: string;
  /** A sentence or two for a person. */
  detail: string;
  /** Further lines (served hosts, paths). */
  hints?: string[];
}

/** Header that marks answers written by the controller, not by a backend. */
export const ERROR_HEADER = 'x-pilothouse-ingress-error';

export function wantsHtml(accept: string | undefined): boolean {
  return /\btext\/html\b/i.test(accept ?? '');
}

export function renderError(err: ProxyError, accept: string | undefined): { contentType: string; body: Buffer } {
  if (!wantsHtml(accept)) {
    const lines = [`${err.status} ${STATUS_CODES[err.status] ?? ''}: ${err.title}`, '', err.detail, ...(err.hints?.length ? ['', ...err.hints] : [])];
    return { contentType: 'text/plain; charset=utf-8', body: Buffer.from(`${lines.join('\n')}\n`) };
  }
  const hints = err.hints?.length ? `<ul>${err.hints.map((h) => `<li>${escapeHtml(h)}</li>`).join('')}</ul>` : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${err.status} ${escapeHtml(err.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:3em auto;max-width:42em;padding:0 1em;color:#222}
h1{font-size:1.3em}code,li{font-family:ui-monospace,monospace;font-size:.95em}small{color:#777}</style></head>
<body><h1>${err.status} ${escapeHtml(STATUS_CODES[err.status] ?? '')}: ${escapeHtml(err.title)}</h1>
<p>${escapeHtml(err.detail)}</p>${hints}
<p><small>Pilothouse ingress controller</small></p></body></html>
`;
  return { contentType: 'text/html; charset=utf-8', body: Buffer.from(html) };
}

/** Answers a request with the error page (HEAD gets the headers only). */
export function sendError(res: ServerResponse, err: ProxyError, accept: string | undefined, method = 'GET'): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { contentType, body } = renderError(err, accept);
  res.writeHead(err.status, {
    'content-type': contentType,
    'content-length': body.length,
    'cache-control': 'no-store',
    [ERROR_HEADER]: err.title,
  });
  res.end(method === 'HEAD' ? undefined : body);
}

/** The error as raw HTTP/1.1 bytes, for a socket taken over by an `upgrade` request. */
export function rawErrorResponse(err: ProxyError, accept: string | undefined): Buffer {
  const { contentType, body } = renderError(err, accept);
  const head = [
    `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? ''}`,
    `content-type: ${contentType}`,
    `content-length: ${body.length}`,
    'cache-control: no-store',
    `${ERROR_HEADER}: ${err.title.replace(/[\r\n]/g, ' ')}`,
    'connection: close',
  ];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

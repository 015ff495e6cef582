/** Error pages: HTML for browsers (escaped), plain text otherwise, raw bytes for upgraded sockets. */
import { describe, expect, it } from 'vitest';
import { rawErrorResponse, renderError, wantsHtml, type ProxyError } from './error-page.js';

const err: ProxyError = {
  status: 404,
  title: 'No Ingress rule matches',
  detail: 'no Ingress rule matches host <script>alert(1)</script> path /x',
  hints: ['Hosts served: a.localhost & b.localhost'],
};

describe('error pages', () => {
  it('chooses HTML only when the client asks for text/html', () => {
    expect(wantsHtml('text/html,application/xhtml+xml,*/*;q=0.8')).toBe(true);
    expect(wantsHtml('*/*')).toBe(false);
    expect(wantsHtml('application/json')).toBe(false);
    expect(wantsHtml(undefined)).toBe(false);
  });

  it('escapes what came from the request in the HTML page', () => {
    const { contentType, body } = renderError(err, 'text/html');
    expect(contentType).toBe('text/html; charset=utf-8');
    const html = body.toString();
    expect(html).toContain('<h1>404 Not Found: No Ingress rule matches</h1>');
    expect(html).toContain('host &lt;script&gt;alert(1)&lt;/script&gt; path /x');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<li>Hosts served: a.localhost &amp; b.localhost</li>');
  });

  it('writes plain text for everyone else', () => {
    const { contentType, body } = renderError(err, '*/*');
    expect(contentType).toBe('text/plain; charset=utf-8');
    expect(body.toString()).toBe(
      '404 Not Found: No Ingress rule matches\n\nno Ingress rule matches host <script>alert(1)</script> path /x\n\nHosts served: a.localhost & b.localhost\n',
    );
  });

  it('frames a complete HTTP/1.1 answer for a socket', () => {
    const raw = rawErrorResponse({ status: 502, title: 'Could not connect', detail: 'down' }, undefined).toString();
    const [head, body] = raw.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 502 Bad Gateway');
    expect(head).toContain(`content-length: ${Buffer.byteLength(body)}`);
    expect(head).toContain('connection: close');
    expect(body).toBe('502 Bad Gateway: Could not connect\n\ndown\n');
  });
});

/**
 * Header rewriting at the proxy, as ingress-nginx does it: hop-by-hop headers (RFC 9110 §7.6.1
 * and those named in `Connection`) stay on their hop; the backend learns the client through
 * `X-Forwarded-For` (appended to), `X-Real-IP`, `X-Forwarded-Host`, `-Port`, `-Proto`,
 * `-Scheme`, `X-Scheme`, and every request carries an `X-Request-ID` (kept when the client sent
 * one). `Host` is passed unchanged. An upgrade request keeps `Connection: upgrade` + `Upgrade`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect']);

/** Methods Node's client sends with a chunked body unless told the length. */
const CHUNKED_BY_DEFAULT = (method: string | undefined) => !['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'].includes(method ?? 'GET');

/** Header names named by the `Connection` header(s), lower-case. */
function connectionTokens(value: string | string[] | undefined): Set<string> {
  const values = Array.isArray(value) ? value : value ? [value] : [];
  return new Set(values.flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase()).filter(Boolean));
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
function clientAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

/** The headers to send to the backend for `req`, received on `serverPort`. */
export function upstreamHeaders(req: IncomingMessage, serverPort: number, upgrade = false): OutgoingHttpHeaders {
  const named = connectionTokens(req.headers.connection);
  const out: OutgoingHttpHeaders = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values || named.has(name)) continue;
    if (HOP_BY_HOP.has(name) && !(name === 'transfer-encoding' && !upgrade)) continue;
    // A chunked request body is sent on chunked again (Node re-frames it); other hop-by-hop headers stay here.
    out[name] = values.length === 1 ? values[0] : values;
  }
  const client = clientAddress(req);
  const prior = req.headers['x-forwarded-for'];
  out['x-forwarded-for'] = prior ? `${prior}, ${client}` : client;
  out['x-real-ip'] = client;
  out['x-forwarded-host'] = req.headers.host ?? '';
  out['x-forwarded-port'] = String(serverPort);
  out['x-forwarded-proto'] = 'http';
  out['x-forwarded-scheme'] = 'http';
  out['x-scheme'] = 'http';
  if (!req.headers['x-request-id']) out['x-request-id'] = randomBytes(16).toString('hex');
  if (upgrade) {
    out.connection = 'upgrade';
    out.upgrade = req.headers.upgrade ?? '';
  } else if (out['content-length'] === undefined && out['transfer-encoding'] === undefined && CHUNKED_BY_DEFAULT(req.method)) {
    out['content-length'] = '0'; // no body: say so, or Node would announce a chunked one
  }
  return out;
}

/**
 * A backend's response headers for the client, as a flat raw list (names keep their case,
 * repeated headers stay repeated). `keepUpgrade` keeps `Connection`/`Upgrade` on a 101.
 */
export function downstreamHeaders(rawHeaders: string[], keepUpgrade = false): string[] {
  const named = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === 'connection') for (const t of connectionTokens(rawHeaders[i + 1])) named.add(t);
  }
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const keep = keepUpgrade && (name === 'connection' || name === 'upgrade');
    if (!keep && (HOP_BY_HOP.has(name) || named.has(name))) continue;
    out.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  return out;
}

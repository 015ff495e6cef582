/**
 * `HttpsTransport`: the `Transport` for components that reach the API server over the network
 * (`pilothouse agent`, the token command, a remote cockpit), so `ApiClient` and `Informer` work
 * exactly as they do in process.
 *
 * Contract (the same one `InProcessTransport` keeps):
 * - Every request carries `Authorization: Bearer <token>` (or the connection presents a client
 *   certificate); the server certificate is verified
 *   against `ca` (PEM) and the server's name. There is no switch to skip verification.
 * - Non-streaming responses resolve as `ApiResponse` with the status code, lower-case headers,
 *   `Warning` headers as `warnings`, and the body parsed when it is JSON (the `Status` of a
 *   non-2xx answer), a string otherwise.
 * - A 2xx answer to a watch (`watch=true`) resolves with `stream`: each newline-delimited JSON
 *   event goes to `sink.write(event)` in order, and `sink.end()` runs once when the server ends
 *   the stream, the connection breaks, or a line is not JSON. A 2xx non-JSON answer of unknown
 *   length (`pods/log`, sent chunked) streams its raw bytes (Buffers) the same way. Closing the sink, or aborting `req.signal`,
 *   closes the connection.
 * - Connection problems reject with `TransportError`, whose message names the server URL and
 *   says what to check. Requests that are not streams give up after `requestTimeoutMs`.
 * - Connections are kept alive and reused; `close()` ends them.
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { ApiRequest, ApiResponse, StreamSink } from '../apiserver/http/types.js';
import type { Transport } from './transport.js';

export interface HttpsTransportOptions {
  /** `https://host:port` of the API server (a path prefix is kept). */
  server: string;
  /** PEM certificate(s) of the CA that signed the server's certificate. */
  ca: string;
  /** Bearer token sent with every request (or authenticate with `clientCertificate`). */
  token?: string;
  /** A client certificate and key (PEM) presented to the server, as kubeconfigs of kind and k3s do. */
  clientCertificate?: { cert: string; key: string };
  /** Non-streaming requests fail after this long without an answer (default 60 s; 0 = never). */
  requestTimeoutMs?: number;
  /** Establishing the TCP + TLS connection fails after this long (default 10 s). */
  connectTimeoutMs?: number;
  /** Extra headers on every request (e.g. `user-agent`). */
  headers?: Record<string, string>;
}

export type TransportErrorKind = 'unreachable' | 'tls' | 'timeout' | 'protocol';

/** The API server could not be reached, was not trusted, or answered something unreadable. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    readonly server: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** TLS verification failures, by OpenSSL / Node error code. */
const TLS_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

export class HttpsTransport implements Transport {
  readonly server: string;
  private readonly base: URL;
  private readonly agent: https.Agent;
  private readonly requestTimeoutMs: number;
  private readonly connectTimeoutMs: number;

  constructor(private readonly options: HttpsTransportOptions) {
    let base: URL;
    try {
      base = new URL(options.server);
    } catch {
      throw new TypeError(`invalid API server URL "${options.server}": expected https://HOST:PORT`);
    }
    if (base.protocol !== 'https:') throw new TypeError(`invalid API server URL "${options.server}": only https:// is supported`);
    if (!options.ca.includes('-----BEGIN CERTIFICATE-----')) throw new TypeError('HttpsTransport: ca must be a PEM certificate');
    if (!options.token && !options.clientCertificate) throw new TypeError('HttpsTransport: a bearer token or a client certificate is required');
    this.base = base;
    this.server = base.origin + base.pathname.replace(/\/+$/, '');
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.agent = new https.Agent({ keepAlive: true, ca: options.ca, rejectUnauthorized: true, ...options.clientCertificate });
  }

  request(req: ApiRequest): Promise<ApiResponse> {
    const watch = isWatch(req);
    const url = new URL(this.base.pathname.replace(/\/+$/, '') + req.path, this.base.origin);
    url.search = req.query.toString();
    const headers: Record<string, string> = { ...this.options.headers };
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = v;
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (req.body !== undefined) headers['content-length'] = String(req.body.length);
    else delete headers['content-type'];

    return new Promise<ApiResponse>((resolve, reject) => {
      if (req.signal?.aborted) return reject(this.error('timeout', 'the request was cancelled before it was sent'));
      let settled = false;
      const fail = (e: TransportError) => {
        if (settled) return;
        settled = true;
        reject(e);
      };
      const request = https.request(url, { method: req.method, headers, agent: this.agent, signal: req.signal }, (res) => {
        clearTimeout(connectTimer);
        const mode = streamMode(watch, res);
        if (mode) {
          request.setTimeout(0);
          settled = true;
          resolve({ status: res.statusCode!, headers: flatHeaders(res), stream: (sink) => pipeStream(res, sink, mode, req.signal) });
          return;
        }
        readBody(res).then(
          (body) => {
            settled = true;
            resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res), body: decodeBody(res, body), warnings: warnings(res) });
          },
          (e: Error) => fail(this.describe(e)),
        );
      });
      // Until the socket is connected and TLS done, the connect timeout applies; then the request timeout.
      const connectTimer = setTimeout(() => request.destroy(this.error('timeout', `no connection within ${this.connectTimeoutMs / 1000}s`)), this.connectTimeoutMs);
      request.on('socket', (socket) => {
        // A kept-alive socket is already connected; a new one is done once TLS is.
        if (socket.connecting) socket.once('secureConnect', () => clearTimeout(connectTimer));
        else clearTimeout(connectTimer);
      });
      if (!watch && this.requestTimeoutMs > 0) {
        request.setTimeout(this.requestTimeoutMs, () =>
          request.destroy(this.error('timeout', `no answer to ${req.method} ${req.path} within ${this.requestTimeoutMs / 1000}s`)),
        );
      }
      request.on('error', (e) => {
        clearTimeout(connectTimer);
        fail(e instanceof TransportError ? e : this.describe(e));
      });
      request.end(req.body);
    });
  }

  /** Closes idle kept-alive connections and refuses none; in-flight streams end with their sockets. */
  close(): void {
    this.agent.destroy();
  }

  /** A `TransportError` for a Node network / TLS error, saying what to check. */
  private describe(e: Error): TransportError {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (e.name === 'AbortError') return this.error('timeout', 'the request was cancelled', code);
    if (TLS_ERRORS.has(code) || /certificate|SSL|TLS/i.test(e.message)) {
      const what = code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? `its certificate does not name this host (${e.message}); connect through a name or address the certificate covers`
        : `its certificate is not trusted by the given CA (${code || e.message}); check that the CA (--ca-file / certificate-authority-data) belongs to this cluster`;
      return new TransportError('tls', this.server, `cannot verify the API server at ${this.server}: ${what}`, code);
    }
    if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)) {
      return new TransportError(
        'unreachable', this.server,
        `cannot reach the API server at ${this.server} (${code}): check that the cluster is running and the URL (--server / kubeconfig) is right`,
        code,
      );
    }
    return new TransportError('protocol', this.server, `request to the API server at ${this.server} failed: ${e.message}`, code);
  }

  private error(kind: TransportErrorKind, what: string, code?: string): TransportError {
    return new TransportError(kind, this.server, `API server at ${this.server}: ${what}`, code);
  }
}

function isWatch(req: ApiRequest): boolean {
  const v = req.query.get('watch');
  return req.method === 'GET' && (v === 'true' || v === '1' || /\/watch\//.test(req.path));
}

/**
 * How a response is delivered: a 2xx watch as events; a 2xx non-JSON body of unknown length
 * (`pods/log`, chunked) as raw bytes; everything else, JSON lists included, read whole.
 */
function streamMode(watch: boolean, res: IncomingMessage): 'events' | 'bytes' | undefined {
  const status = res.statusCode ?? 0;
  if (status < 200 || status >= 300) return undefined;
  if (watch) return 'events';
  const chunked = res.headers['content-length'] === undefined;
  return chunked && !(res.headers['content-type'] ?? '').includes('json') ? 'bytes' : undefined;
}

/** Feeds a streaming response into `sink` (see the module contract); ends it exactly once. */
function pipeStream(res: IncomingMessage, sink: StreamSink, mode: 'events' | 'bytes', signal?: AbortSignal): void {
  let ended = false;
  let partial = '';
  const finish = () => {
    if (ended) return;
    ended = true;
    res.destroy();
    sink.end();
  };
  // The consumer going away (closing the sink, aborting the request) is not the server ending
  // the stream: the connection closes and `sink.end()` is not called.
  const drop = () => {
    ended = true;
    res.destroy();
  };
  sink.onClose(drop);
  if (signal?.aborted) drop();
  signal?.addEventListener('abort', drop, { once: true });
  res.on('data', (chunk: Buffer) => {
    if (ended) return;
    if (mode === 'bytes') {
      sink.write(chunk);
      return;
    }
    partial += chunk.toString('utf8');
    let nl: number;
    while (!ended && (nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl).trim();
      partial = partial.slice(nl + 1);
      if (!line) continue;
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        console.warn(`https-transport: ending a watch on a line that is not JSON: ${line.slice(0, 120)}`);
        finish();
        return;
      }
      sink.write(event);
    }
  });
  res.on('end', () => {
    const rest = partial.trim();
    if (!ended && mode === 'events' && rest) {
      try {
        sink.write(JSON.parse(rest));
      } catch {
        // A torn last line: the stream broke mid-event; the consumer watches again from its last version.
      }
    }
    finish();
  });
  res.on('error', finish);
  res.on('aborted', finish);
  res.on('close', finish);
}

function readBody(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    res.on('aborted', () => reject(Object.assign(new Error('the connection closed in the middle of the answer'), { code: 'ECONNRESET' })));
  });
}

function decodeBody(res: IncomingMessage, body: Buffer): unknown {
  if (body.length === 0) return undefined;
  const text = body.toString('utf8');
  const type = res.headers['content-type'] ?? '';
  if (type.includes('json') || ((res.statusCode ?? 0) >= 400 && text.startsWith('{'))) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** `Warning: 299 - "message"` headers as plain messages. */
function warnings(res: IncomingMessage): string[] | undefined {
  const raw = res.headersDistinct?.warning ?? [];
  const out = raw.map((w) => {
    const m = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(w);
    return m ? m[1].replace(/\\(.)/g, '$1') : w;
  });
  return out.length ? out : undefined;
}

/**
 * Node HTTP(S) adapter for `ApiServer.handle()`: reads bodies (bounded), writes JSON / YAML /
 * text, streams watch events as newline-delimited JSON with backpressure, and closes streams
 * when the client goes away.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { stringify as toYaml } from 'yaml';
import { MAX_BODY_BYTES } from '../body.js';
import { errors } from '../errors.js';
import { encodeBody } from '../storage/decoded-cache.js';
import { encodeWatchChunk } from './watch-frames.js';
import type { ApiRequest, ApiResponse, StreamSink } from './types.js';

/** A streaming client that has this much unsent data is too slow; its stream is ended. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export type Handler = (req: ApiRequest) => Promise<ApiResponse>;
export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface ListenOptions {
  host: string;
  port: number;
  tls?: { cert: string; key: string };
}

export interface HttpServerHandle {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

export async function listen(handler: Handler, options: ListenOptions, onUpgrade?: UpgradeHandler): Promise<HttpServerHandle> {
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => void serve(handler, req, res);
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : http.createServer(onRequest);
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0; // watches and log follows are long-lived
  if (onUpgrade) server.on('upgrade', onUpgrade);
  const sockets = new Set<Duplex>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

async function serve(handler: Handler, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://localhost');
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  let body: Buffer | undefined;
  try {
    body = await readBody(req);
  } catch (e) {
    const status = (e as { status?: ApiResponse['body'] }).status;
    writeJson(res, { status: 413, body: status ?? errors.tooLarge('request body too large').status });
    req.resume();
    return;
  }
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const apiReq: ApiRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body, signal: abort.signal };
  const response = await handler(apiReq);
  if (response.stream) {
    startStream(res, response);
    return;
  }
  const wantsYaml = (headers.accept ?? '').split(',')[0].trim().startsWith('application/yaml');
  writeJson(res, response, wantsYaml);
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return Promise.resolve(undefined);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    return Promise.reject(errors.tooLarge(`the request body is ${declared} bytes, larger than the limit of ${MAX_BODY_BYTES} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        reject(errors.tooLarge(`the request body is larger than the limit of ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function writeJson(res: http.ServerResponse, response: ApiResponse, yaml = false): void {
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  if (response.warnings?.length) {
    res.setHeader('Warning', response.warnings.map((w) => `299 - ${JSON.stringify(w)}`));
  }
  let payload: string | Buffer;
  if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) {
    payload = response.body;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (yaml && response.status < 400) {
    payload = toYaml(response.body);
    headers['content-type'] = 'application/yaml';
  } else {
    payload = encodeBody(response.body ?? {});
    headers['content-type'] ??= 'application/json';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  headers['cache-control'] = 'no-cache, private';
  res.writeHead(response.status, headers);
  res.end(payload);
}

function startStream(res: http.ServerResponse, response: ApiResponse): void {
  const headers = { ...(response.headers ?? {}) };
  delete headers['transfer-encoding'];
  res.writeHead(response.status, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', ...headers });
  res.flushHeaders();
  const closers: (() => void)[] = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const c of closers) c();
  };
  res.on('close', close);
  const sink: StreamSink = {
    write(chunk) {
      if (closed) return false;
      const encoded = typeof chunk === 'string' || Buffer.isBuffer(chunk) ? chunk : encodeWatchChunk(chunk);
      if (typeof encoded === 'string' || Buffer.isBuffer(encoded)) {
        res.write(encoded);
        return res.writableLength < MAX_BUFFERED_BYTES;
      }
      // A watch event goes to every stream as the same ready-made chunk frame: one socket write
      // per stream instead of the HTTP layer framing each copy (three buffers, cork, uncork).
      const socket = res.socket;
      if (socket && (res as { chunkedEncoding?: boolean }).chunkedEncoding === true && res.headersSent) {
        socket.write(encoded.frame);
        return socket.writableLength < MAX_BUFFERED_BYTES;
      }
      res.write(encoded.line);
      return res.writableLength < MAX_BUFFERED_BYTES;
    },
    end() {
      if (!res.writableEnded) res.end();
      close();
    },
    get closed() {
      return closed;
    },
    onClose(cb) {
      closers.push(cb);
    },
  };
  response.stream!(sink);
}


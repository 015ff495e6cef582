/**
 * `Connection: Upgrade` requests (WebSocket and others): the handshake is forwarded to the pod;
 * when it answers 101 the answer goes back to the client and from then on the two connections
 * are spliced byte for byte until either side closes (no idle limit). A pod that declines the
 * upgrade has its answer relayed and the connection closed; one that breaks the connection gets
 * the client a 502, one that does not answer in time a 504. Spliced sockets are handed to `track` so the
 * server can close them when it stops.
 */
import { request as httpRequest, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { dialFirst } from './dial-endpoint.js';
import { rawErrorResponse, type ProxyError } from './error-page.js';
import { downstreamHeaders, upstreamHeaders } from './forwarded-headers.js';
import { originForm } from './route-table.js';
import { broken, timedOut, unreachable, type ProxyContext, type ProxyTarget } from './http-proxy.js';

export async function proxyUpgrade(
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  target: ProxyTarget,
  ctx: ProxyContext,
  track: (s: Duplex) => void,
): Promise<void> {
  const accept = req.headers.accept;
  const dialed = await dialFirst(ctx.dial, target.endpoints, ctx.connectTimeoutMs);
  if (!dialed.ok) {
    ctx.log('could not connect to a pod', { service: target.service, failures: dialed.failures.join('; ') });
    refuse(client, unreachable(target.service, dialed.failures), accept);
    return;
  }
  const stream = dialed.stream;
  if (client.destroyed) {
    stream.destroy();
    return;
  }
  track(stream);
  client.on('close', () => stream.destroy());
  const upstream = httpRequest({
    method: req.method,
    path: originForm(req.url ?? '/'),
    headers: upstreamHeaders(req, ctx.serverPort, true),
    setHost: false,
    createConnection: () => stream as Socket,
  });
  // Dialers may hand the stream over paused (after reading their own handshake): let it flow once the client listens.
  upstream.once('socket', (s) => s.resume());
  // Exactly one answer reaches the client: the pod's (101 or a refusal), or one of ours (502, 504).
  let answered = false;
  const answer = () => {
    if (answered) return false;
    answered = true;
    clearTimeout(timer);
    return true;
  };
  const pod = `${dialed.endpoint.ip}:${dialed.endpoint.port}`;
  const timer = setTimeout(() => {
    if (!answer()) return;
    refuse(client, timedOut(target.service, pod, ctx.responseTimeoutMs), accept);
    upstream.destroy();
  }, ctx.responseTimeoutMs);
  upstream.on('upgrade', (res, podSocket, podHead) => {
    if (!answer()) return podSocket.destroy();
    client.write(statusLine(res.statusCode ?? 101, res.statusMessage) + headerBlock(downstreamHeaders(res.rawHeaders, true)));
    if (podHead.length) client.write(podHead);
    if (head.length) podSocket.write(head);
    splice(client, podSocket);
  });
  upstream.on('response', (res) => {
    if (!answer()) return res.destroy();
    // The pod declined the upgrade: relay its answer (de-chunked, so without framing), then close.
    client.write(statusLine(res.statusCode ?? 502, res.statusMessage) + headerBlock([...downstreamHeaders(res.rawHeaders), 'Connection', 'close']));
    res.pipe(client);
  });
  upstream.on('error', (e) => {
    stream.destroy();
    if (!answer()) return client.destroy();
    refuse(client, broken(target.service, pod, e.message), accept);
  });
  upstream.end();
}

/** Writes an error answer on a socket that left the HTTP server, then closes it. */
export function refuse(client: Duplex, err: ProxyError, accept: string | undefined): void {
  if (client.destroyed) return;
  client.end(rawErrorResponse(err, accept));
}

function splice(a: Duplex, b: Duplex): void {
  a.pipe(b);
  b.pipe(a);
  const close = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', close);
  b.on('error', close);
  a.on('close', close);
  b.on('close', close);
}

function statusLine(status: number, message: string | undefined): string {
  return `HTTP/1.1 ${status} ${message || STATUS_CODES[status] || ''}\r\n`;
}

function headerBlock(raw: string[]): string {
  let out = '';
  for (let i = 0; i < raw.length; i += 2) out += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${out}\r\n`;
}

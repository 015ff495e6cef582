/**
 * Forwards one HTTP/1.1 request to a pod over a dialed stream and streams the answer back:
 * method, target and headers as received (hop-by-hop removed, X-Forwarded-* added), request
 * and response bodies piped in both directions without buffering (chunked stays chunked). The
 * backend connection serves this one request (`Connection: close`); the client's connection
 * stays alive for its next request. A pod that cannot be reached, or that breaks the connection
 * before answering, gets the client a 502 naming it; one that sends nothing in time, a 504.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ControllerLog } from '../../controllers/controller-log.js';
import type { Endpoint } from '../../network/endpoint-slices.js';
import { dialFirst, type Dialer } from './dial-endpoint.js';
import { sendError, type ProxyError } from './error-page.js';
import { downstreamHeaders, upstreamHeaders } from './forwarded-headers.js';
import { originForm } from './route-table.js';

/** Where a request goes: the Service (for messages) and its ready endpoints in try order. */
export interface ProxyTarget {
  service: string;
  endpoints: Endpoint[];
}

export interface ProxyContext {
  dial: Dialer;
  connectTimeoutMs: number;
  /** How long the pod may take, once the request is sent, to send its response headers (a 504 after that). Streams and upgrades, once answered, have no limit. */
  responseTimeoutMs: number;
  /** The port the controller listens on (`X-Forwarded-Port`). */
  serverPort: number;
  log: ControllerLog;
}

export async function proxyRequest(req: IncomingMessage, res: ServerResponse, target: ProxyTarget, ctx: ProxyContext): Promise<void> {
  const accept = req.headers.accept;
  const dialed = await dialFirst(ctx.dial, target.endpoints, ctx.connectTimeoutMs);
  if (!dialed.ok) {
    ctx.log('could not connect to a pod', { service: target.service, failures: dialed.failures.join('; ') });
    sendError(res, unreachable(target.service, dialed.failures), accept, req.method);
    return;
  }
  const stream = dialed.stream;
  const pod = `${dialed.endpoint.ip}:${dialed.endpoint.port}`;
  if (res.destroyed) {
    stream.destroy(); // the client left while we dialed
    return;
  }
  const upstream = httpRequest({
    method: req.method,
    path: originForm(req.url ?? '/'),
    headers: upstreamHeaders(req, ctx.serverPort),
    setHost: false,
    createConnection: () => stream as Socket,
  });
  // Dialers may hand the stream over paused (after reading their own handshake): let it flow once the client listens.
  upstream.once('socket', (s) => s.resume());
  // Like nginx's proxy_read_timeout: the clock runs from when the whole request was sent.
  let timer: NodeJS.Timeout | undefined;
  upstream.once('finish', () => {
    timer = setTimeout(() => {
      ctx.log('pod did not answer in time', { service: target.service, pod, timeoutMs: ctx.responseTimeoutMs });
      sendError(res, timedOut(target.service, pod, ctx.responseTimeoutMs), accept, req.method);
      upstream.destroy();
    }, ctx.responseTimeoutMs);
  });
  res.on('close', () => clearTimeout(timer));
  upstream.on('response', (answer) => {
    clearTimeout(timer);
    try {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, downstreamHeaders(answer.rawHeaders));
    } catch (e) {
      answer.destroy();
      sendError(res, broken(target.service, pod, `its response headers are invalid (${(e as Error).message})`), accept, req.method);
      return;
    }
    answer.pipe(res);
    answer.on('close', () => {
      if (!answer.complete) res.destroy(); // the pod broke off mid-answer: so must we
    });
  });
  upstream.on('error', (e) => {
    clearTimeout(timer);
    stream.destroy();
    if (res.writableEnded) return; // already answered (a 504), or the answer was complete
    if (res.headersSent) res.destroy();
    else sendError(res, broken(target.service, pod, e.message), accept, req.method);
  });
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

export function unreachable(service: string, failures: string[]): ProxyError {
  return {
    status: 502,
    title: `Could not connect to service ${service}`,
    detail: `The connection to the pods of service ${service} failed. Check that the pod listens on the service's target port.`,
    hints: failures,
  };
}

export function timedOut(service: string, pod: string, ms: number): ProxyError {
  return {
    status: 504,
    title: `Service ${service} did not answer in time`,
    detail: `Pod ${pod} of service ${service} accepted the connection but sent no response within ${ms / 1000} s.`,
  };
}

export function broken(service: string, pod: string, why: string): ProxyError {
  return {
    status: 502,
    title: `Service ${service} did not answer`,
    detail: `The connection to pod ${pod} of service ${service} failed before it answered: ${why}.`,
  };
}

/**
 * Real HTTP requests to the ingress controller on 127.0.0.1 for specs, with the Host header
 * set; the whole answer is collected.
 */
import { request, type Agent, type IncomingHttpHeaders } from 'node:http';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the request went over a connection an earlier request used. */
  reusedSocket: boolean;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent in one piece (with Content-Length), or as chunks (chunked transfer encoding). */
  body?: string | string[];
  /** Pause between body chunks (a slow upload). */
  chunkDelayMs?: number;
  agent?: Agent;
}

export function httpRequest(port: number, host: string, path: string, o: RequestOptions = {}): Promise<Answer> {
  const length = typeof o.body === 'string' ? { 'content-length': String(Buffer.byteLength(o.body)) } : {};
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: { host, ...length, ...o.headers }, agent: o.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString(), reusedSocket: req.reusedSocket }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const parts = Array.isArray(o.body) ? [...o.body] : o.body !== undefined ? [o.body] : [];
    const next = () => {
      const part = parts.shift();
      if (part === undefined) return req.end();
      req.write(part);
      if (o.chunkDelayMs) setTimeout(next, o.chunkDelayMs);
      else next();
    };
    next();
  });
}

/** GETs and parses the echo pod's JSON reply (throws with the body when it is not JSON). */
export async function echo(port: number, host: string, path: string, o: RequestOptions = {}): Promise<{ status: number; pod: string; reply: any; answer: Answer }> {
  const answer = await httpRequest(port, host, path, o);
  let reply: any;
  try {
    reply = JSON.parse(answer.body);
  } catch {
    throw new Error(`expected an echo reply from a pod, got ${answer.status}: ${answer.body.slice(0, 300)}`);
  }
  return { status: answer.status, pod: reply.pod, reply, answer };
}

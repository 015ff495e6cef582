/**
 * Opening a stream to a pod for one request: try the endpoints in the order given (round
 * robin already applied), each within a connect timeout, and move to the next when one fails —
 * ingress-nginx's `proxy_next_upstream error timeout` with 3 tries, safe because nothing of the
 * request has been sent yet. Every failure is reported so the 502 page can name the pods.
 */
import type { Duplex } from 'node:stream';
import type { Endpoint } from '../../network/endpoint-slices.js';

/** Opens a TCP stream to a pod IP and port inside the cluster network. */
export type Dialer = (ip: string, port: number) => Promise<Duplex>;

export const MAX_TRIES = 3;

export type DialResult = { ok: true; stream: Duplex; endpoint: Endpoint } | { ok: false; failures: string[] };

export async function dialFirst(dial: Dialer, endpoints: Endpoint[], timeoutMs: number): Promise<DialResult> {
  const failures: string[] = [];
  for (const endpoint of endpoints.slice(0, MAX_TRIES)) {
    try {
      return { ok: true, stream: await withTimeout(dial(endpoint.ip, endpoint.port), timeoutMs), endpoint };
    } catch (e) {
      failures.push(`${endpoint.ip}:${endpoint.port}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { ok: false, failures };
}

/** Rejects after `ms`; a stream that opens after that is destroyed. */
function withTimeout(opening: Promise<Duplex>, ms: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new Error(`no connection within ${ms} ms`));
    }, ms);
    opening.then(
      (stream) => {
        clearTimeout(timer);
        if (late) stream.destroy();
        else resolve(stream);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

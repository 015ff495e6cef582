/**
 * HTTPS GETs to the API server from inside a pod: the service-account bearer token and the
 * cluster CA are read from their files on every request, so a rotated token is picked up by the
 * next LIST or WATCH.
 */
import { readFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';

export interface ApiConnectionConfig {
  host: string;
  port: number;
  /** The bearer token file (the projected service-account token). */
  tokenFile: string;
  /** PEM bundle that signed the API server's certificate. */
  caFile: string;
}

export interface ApiResponse {
  request: ClientRequest;
  response: IncomingMessage;
}

export class ApiConnection {
  constructor(private readonly config: ApiConnectionConfig) {}

  /** Where requests go, for logs. */
  get address(): string {
    return `https://${this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host}:${this.config.port}`;
  }

  /** Sends `GET path`; resolves once the response headers arrive (any status). */
  get(path: string, signal: AbortSignal): Promise<ApiResponse> {
    const options: RequestOptions = {
      host: this.config.host,
      port: this.config.port,
      path,
      method: 'GET',
      ca: readFileSync(this.config.caFile),
      headers: { accept: 'application/json', authorization: `Bearer ${readFileSync(this.config.tokenFile, 'utf8').trim()}` },
      agent: false,
      signal,
    };
    return new Promise((resolve, reject) => {
      const req = request(options, (response) => resolve({ request: req, response }));
      req.on('error', reject);
      req.end();
    });
  }
}

/** Reads a whole response body as JSON; throws with the status and the API's message on non-2xx. */
export async function readJson(response: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const status = response.statusCode ?? 0;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(status, `unparseable response (${status}): ${text.slice(0, 200)}`);
  }
  if (status < 200 || status > 299) throw new ApiError(status, (body as { message?: string }).message ?? text.slice(0, 200));
  return body;
}

/** The API server answered with an error status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`${status}: ${message}`);
  }
}

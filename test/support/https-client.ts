/** Raw HTTPS requests to the API server (for what kubectl does not send: bad bodies, no token). */
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface Target {
  url: string;
  ca: string;
  token?: string;
}

/** Reads server, CA and token from a kubeconfig that `pilothouse serve` wrote. */
export function targetFromKubeconfig(path: string): Target {
  const doc = parse(readFileSync(path, 'utf8'));
  return {
    url: doc.clusters[0].cluster.server,
    ca: Buffer.from(doc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(),
    token: doc.users[0].user.token,
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

export function request(t: Target, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, t.url);
    const req = https.request(url, {
      method,
      ca: t.ca,
      headers: {
        ...(t.token ? { authorization: `Bearer ${t.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
        ...headers,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

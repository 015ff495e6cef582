/**
 * How `pilothouse agent` comes to trust and reach the control plane, before it runs anything:
 *
 * 1. Trust: the CA comes from `--ca-file`, or is found in the server's TLS chain by its
 *    `--ca-cert-hash` (see `client/ca-pinning.ts`); with both, the file must match the hash.
 *    Without either the agent refuses to start: verification is never skipped.
 * 2. Reach and authenticate: one authenticated request (`GET /api`) with the join token, so an
 *    unreachable server, a CA mismatch and a refused token each end in one clear line
 *    (`AgentStartError`) instead of a kubelet retrying forever.
 */
import { readFileSync } from 'node:fs';
import { ApiClient } from '../main/client/api-client.js';
import { CaPinError, caCertHash, discoverPinnedCa, parseCaCertHash } from '../main/client/ca-pinning.js';
import { HttpsTransport, TransportError } from '../main/client/https-transport.js';

/** A reason the agent cannot start, meant to be printed as one line. */
export class AgentStartError extends Error {}

export interface ConnectOptions {
  server: string;
  token: string;
  caFile?: string;
  caCertHash?: string;
  /** Sent as `user-agent`. */
  userAgent?: string;
}

export interface ControlPlane {
  client: ApiClient;
  transport: HttpsTransport;
  /** The cluster CA (PEM) this agent trusts. */
  ca: string;
}

export async function connectToControlPlane(o: ConnectOptions): Promise<ControlPlane> {
  let url: URL;
  try {
    url = new URL(o.server);
  } catch {
    throw new AgentStartError(`invalid --server "${o.server}": expected https://HOST:PORT`);
  }
  if (url.protocol !== 'https:') throw new AgentStartError(`invalid --server "${o.server}": the API server is only reached over https://`);
  if (!o.token) throw new AgentStartError('missing --token: create one on the control plane with `pilothouse token create`');
  const ca = await trustedCa(o);
  const transport = new HttpsTransport({ server: o.server, ca, token: o.token, headers: o.userAgent ? { 'user-agent': o.userAgent } : undefined });
  try {
    const res = await transport.request({ method: 'GET', path: '/api', query: new URLSearchParams(), headers: { accept: 'application/json' } });
    if (res.status === 401) {
      throw new AgentStartError(
        `the API server at ${transport.server} refused the join token (401 Unauthorized): it is wrong, expired or was deleted. ` +
          'Create a new one on the control plane with `pilothouse token create`',
      );
    }
    if (res.status >= 400) {
      const message = (res.body as { message?: string } | undefined)?.message ?? `status ${res.status}`;
      throw new AgentStartError(`the API server at ${transport.server} answered ${res.status}: ${message}`);
    }
  } catch (e) {
    transport.close();
    if (e instanceof AgentStartError) throw e;
    if (e instanceof TransportError) throw new AgentStartError(e.kind === 'tls' ? `${e.message} (CA mismatch?)` : e.message);
    throw e;
  }
  return { client: new ApiClient(transport), transport, ca };
}

async function trustedCa(o: ConnectOptions): Promise<string> {
  if (!o.caFile && !o.caCertHash) {
    throw new AgentStartError(
      'the agent must verify the API server: pass --ca-cert-hash sha256:... (printed by `pilothouse token create`) or --ca-file with the cluster CA',
    );
  }
  let pin: string | undefined;
  try {
    pin = o.caCertHash ? parseCaCertHash(o.caCertHash) : undefined;
  } catch (e) {
    throw new AgentStartError((e as Error).message);
  }
  if (o.caFile) {
    let pem: string;
    try {
      pem = readFileSync(o.caFile, 'utf8');
    } catch (e) {
      throw new AgentStartError(`cannot read --ca-file ${o.caFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new AgentStartError(`--ca-file ${o.caFile} holds no PEM certificate`);
    if (pin && caCertHash(pem) !== pin) {
      throw new AgentStartError(`CA mismatch: --ca-file ${o.caFile} has hash ${caCertHash(pem)}, not the --ca-cert-hash ${pin}`);
    }
    return pem;
  }
  try {
    return await discoverPinnedCa(o.server, pin!);
  } catch (e) {
    // CaPinError (no match, no CA in the chain) and connection failures alike name the server.
    throw new AgentStartError(e instanceof CaPinError || e instanceof Error ? e.message : String(e));
  }
}

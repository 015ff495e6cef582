/**
 * Reads what `HttpsTransport` needs from a kubeconfig file: the server URL, the CA
 * (`certificate-authority-data` or `certificate-authority`), and the user's bearer token
 * (`token` / `tokenFile`) or client certificate (`client-certificate[-data]` +
 * `client-key[-data]`), for the current context or a named one. Relative file paths are resolved
 * against the kubeconfig's directory, as kubectl does. `insecure-skip-tls-verify` is refused:
 * Pilothouse never talks to an API server it cannot verify. Errors are `KubeconfigError`s that
 * name the file and what is missing.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { HttpsTransportOptions } from './https-transport.js';

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

export interface KubeconfigCredentials extends HttpsTransportOptions {
  /** The context the credentials came from. */
  context: string;
}

interface Named {
  name?: string;
  [key: string]: unknown;
}

type Section = Record<string, unknown>;

export function loadKubeconfigCredentials(path: string, contextName?: string): KubeconfigCredentials {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Pass the file \`pilothouse serve\` wrote with --kubeconfig`);
  }
  let doc: Section;
  try {
    doc = (parse(text) ?? {}) as Section;
  } catch (e) {
    throw new KubeconfigError(`kubeconfig ${path} is not YAML: ${(e as Error).message}`);
  }
  const name = contextName ?? (doc['current-context'] as string | undefined);
  if (!name) throw new KubeconfigError(`kubeconfig ${path} has no current-context: name one with --context`);
  const context = find(doc.contexts, name, 'context', path);
  const clusterName = context.cluster as string | undefined;
  const userName = context.user as string | undefined;
  if (!clusterName) throw new KubeconfigError(`context "${name}" in ${path} names no cluster`);
  const cluster = find(doc.clusters, clusterName, 'cluster', path);
  const user = userName ? find(doc.users, userName, 'user', path) : {};
  const base = dirname(resolve(path));
  const server = cluster.server as string | undefined;
  if (!server) throw new KubeconfigError(`cluster "${clusterName}" in ${path} has no server`);
  if (cluster['insecure-skip-tls-verify']) {
    throw new KubeconfigError(`cluster "${clusterName}" in ${path} sets insecure-skip-tls-verify; Pilothouse only talks to servers it can verify: add certificate-authority-data`);
  }
  const ca = pem(cluster, 'certificate-authority', base);
  if (!ca) throw new KubeconfigError(`cluster "${clusterName}" in ${path} has no certificate-authority-data or certificate-authority`);
  const tokenFile = user.tokenFile as string | undefined;
  const token = (user.token as string | undefined) ?? (tokenFile ? readFileSync(resolve(base, tokenFile), 'utf8').trim() : undefined);
  const cert = pem(user, 'client-certificate', base);
  const key = pem(user, 'client-key', base);
  if (!token && !(cert && key)) {
    throw new KubeconfigError(`user "${userName ?? ''}" in ${path} has neither a token nor a client certificate and key; exec and auth-provider plugins are not supported`);
  }
  return { context: name, server, ca, token, clientCertificate: cert && key ? { cert, key } : undefined };
}

function find(list: unknown, name: string, what: string, path: string): Section {
  const entry = (Array.isArray(list) ? (list as Named[]) : []).find((e) => e?.name === name);
  const body = entry?.[what] as Section | undefined;
  if (!body) throw new KubeconfigError(`kubeconfig ${path} has no ${what} named "${name}"`);
  return body;
}

/** `<key>-data` (base64) or `<key>` (a file path). */
function pem(section: Section, key: string, base: string): string | undefined {
  const data = section[`${key}-data`] as string | undefined;
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  const file = section[key] as string | undefined;
  if (!file) return undefined;
  try {
    return readFileSync(resolve(base, file), 'utf8');
  } catch (e) {
    throw new KubeconfigError(`cannot read ${key} file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

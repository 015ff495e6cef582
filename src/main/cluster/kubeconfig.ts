/**
 * Kubeconfig files for the cluster: written whole (mode 0600) to a chosen path, or merged into
 * the user's kubeconfig as a `pilothouse` cluster, user and context the way kind does it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { writeFileAtomic } from '../util/files.js';

export interface KubeconfigEntry {
  name: string;
  server: string;
  caCert: string;
  token: string;
}

interface Named<T> {
  name: string;
  [key: string]: unknown;
  value?: T;
}

interface KubeconfigDoc {
  apiVersion: string;
  kind: string;
  clusters: Named<unknown>[];
  users: Named<unknown>[];
  contexts: Named<unknown>[];
  'current-context'?: string;
  preferences?: unknown;
  [key: string]: unknown;
}

function entries(e: KubeconfigEntry) {
  return {
    cluster: { name: e.name, cluster: { server: e.server, 'certificate-authority-data': Buffer.from(e.caCert).toString('base64') } },
    user: { name: e.name, user: { token: e.token } },
    context: { name: e.name, context: { cluster: e.name, user: e.name } },
  };
}

export function renderKubeconfig(e: KubeconfigEntry): string {
  const { cluster, user, context } = entries(e);
  const doc: KubeconfigDoc = {
    apiVersion: 'v1', kind: 'Config', clusters: [cluster], users: [user], contexts: [context], 'current-context': e.name, preferences: {},
  };
  return stringify(doc);
}

/** Writes a kubeconfig holding only this cluster. */
export function writeKubeconfig(path: string, e: KubeconfigEntry): void {
  writeFileAtomic(path, renderKubeconfig(e), 0o600);
}

/** The file kubectl reads first: the first entry of $KUBECONFIG, else ~/.kube/config. */
export function defaultKubeconfigPath(): string {
  const env = process.env.KUBECONFIG;
  if (env) return env.split(process.platform === 'win32' ? ';' : ':').filter(Boolean)[0];
  return join(homedir(), '.kube', 'config');
}

/** Adds or replaces this cluster's entries in an existing kubeconfig and makes it current. */
export function mergeKubeconfig(path: string, e: KubeconfigEntry): void {
  let doc: KubeconfigDoc = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [], preferences: {} };
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    const parsed = text.trim() ? (parse(text) as Partial<KubeconfigDoc> | null) : null;
    if (parsed && typeof parsed !== 'object') throw new Error(`${path} is not a kubeconfig file (expected a YAML mapping)`);
    doc = { ...doc, ...(parsed ?? {}) } as KubeconfigDoc;
  }
  const { cluster, user, context } = entries(e);
  const replace = (list: Named<unknown>[] | undefined, item: Named<unknown>) => [...(list ?? []).filter((x) => x?.name !== item.name), item];
  doc.clusters = replace(doc.clusters, cluster);
  doc.users = replace(doc.users, user);
  doc.contexts = replace(doc.contexts, context);
  doc['current-context'] = e.name;
  writeFileAtomic(path, stringify(doc), 0o600);
}

/**
 * The data directory: everything a cluster needs to come back after a restart — the SQLite
 * database, the CA and serving certificate, the admin token and settings. Secrets are 0600.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/files.js';
import { generateServiceAccountSigningKey, type SigningKeyPem } from '../apiserver/authn/service-account-tokens.js';
import { apiServerNames, createCertificateAuthority, issueCertificate, type PemPair } from '../pki/certificates.js';

export class DataDirError extends Error {}

export interface Credentials {
  ca: PemPair;
  serving: PemPair;
  adminToken: string;
  /** Signs and verifies service-account tokens (ES256). */
  serviceAccountKey: SigningKeyPem;
  /** This cluster's identity (labels its Docker containers so two clusters on one engine stay apart). */
  clusterId: string;
}

export interface DataDirLayout {
  root: string;
  database: string;
  pki: string;
  tokens: string;
}

export function layout(root: string): DataDirLayout {
  return { root, database: join(root, 'state.db'), pki: join(root, 'pki'), tokens: join(root, 'tokens') };
}

/** Creates the directory (0700) and checks it is writable, with an error that says what to do. */
export function prepareDataDir(root: string): DataDirLayout {
  const l = layout(root);
  try {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    for (const dir of [l.pki, l.tokens]) mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(root, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataDirError(
      `cannot use data directory ${root}: ${code ?? (e as Error).message}. ` +
        `Choose a directory you can write to with --data-dir, or fix its permissions.`,
    );
  }
  return l;
}

/** Loads the CA, serving certificate and admin token, creating what is missing. */
export async function loadOrCreateCredentials(l: DataDirLayout, extraHosts: string[] = []): Promise<Credentials> {
  const caCert = join(l.pki, 'ca.crt');
  const caKey = join(l.pki, 'ca.key');
  let ca: PemPair;
  if (existsSync(caCert) && existsSync(caKey)) {
    ca = { cert: readFileSync(caCert, 'utf8'), key: readFileSync(caKey, 'utf8') };
  } else {
    ca = await createCertificateAuthority();
    writeFileAtomic(caKey, ca.key, 0o600);
    writeFileAtomic(caCert, ca.cert, 0o644);
  }
  const servingCert = join(l.pki, 'apiserver.crt');
  const servingKey = join(l.pki, 'apiserver.key');
  const names = apiServerNames(extraHosts);
  let serving: PemPair | undefined;
  if (existsSync(servingCert) && existsSync(servingKey)) {
    serving = { cert: readFileSync(servingCert, 'utf8'), key: readFileSync(servingKey, 'utf8') };
    if (!coversNames(serving.cert, ca.cert, names)) serving = undefined;
  }
  if (!serving) {
    serving = await issueCertificate({ ca, commonName: 'kube-apiserver', ...names });
    writeFileAtomic(servingKey, serving.key, 0o600);
    writeFileAtomic(servingCert, serving.cert, 0o644);
  }
  const tokenFile = join(l.tokens, 'admin.token');
  let adminToken: string;
  if (existsSync(tokenFile)) {
    adminToken = readFileSync(tokenFile, 'utf8').trim();
    chmodSync(tokenFile, 0o600);
  } else {
    adminToken = randomBytes(32).toString('base64url');
    writeFileAtomic(tokenFile, adminToken + '\n', 0o600);
  }
  const saKey = join(l.pki, 'sa.key');
  const saPub = join(l.pki, 'sa.pub');
  let serviceAccountKey: SigningKeyPem;
  if (existsSync(saKey) && existsSync(saPub)) {
    serviceAccountKey = { privateKeyPem: readFileSync(saKey, 'utf8'), publicKeyPem: readFileSync(saPub, 'utf8') };
  } else {
    serviceAccountKey = generateServiceAccountSigningKey();
    writeFileAtomic(saKey, serviceAccountKey.privateKeyPem, 0o600);
    writeFileAtomic(saPub, serviceAccountKey.publicKeyPem, 0o644);
  }
  const idFile = join(l.root, 'cluster-id');
  let clusterId: string;
  if (existsSync(idFile)) clusterId = readFileSync(idFile, 'utf8').trim();
  else {
    clusterId = randomBytes(8).toString('hex');
    writeFileAtomic(idFile, clusterId + '\n', 0o644);
  }
  return { ca, serving, adminToken, serviceAccountKey, clusterId };
}

function coversNames(certPem: string, caPem: string, names: { dnsNames: string[]; ips: string[] }): boolean {
  try {
    const cert = new X509Certificate(certPem);
    if (!cert.verify(new X509Certificate(caPem).publicKey)) return false;
    const san = cert.subjectAltName ?? '';
    return names.dnsNames.every((d) => san.includes(`DNS:${d}`)) && names.ips.every((ip) => cert.checkIP(ip) !== undefined);
  } catch {
    return false;
  }
}

import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiServerNames, createCertificateAuthority, issueCertificate, type PemPair } from '../pki/certificates.js';
import { CaPinError, caCertHash, discoverPinnedCa, parseCaCertHash } from './ca-pinning.js';

let ca: PemPair;
let other: PemPair;
let withChain: Server;
let leafOnly: Server;
const url = (s: Server) => `https://127.0.0.1:${(s.address() as AddressInfo).port}`;

async function serve(cert: string, key: string): Promise<Server> {
  const s = createServer({ cert, key }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return s;
}

beforeAll(async () => {
  ca = await createCertificateAuthority();
  other = await createCertificateAuthority('other-ca');
  const serving = await issueCertificate({ ca, commonName: 'kube-apiserver', ...apiServerNames() });
  withChain = await serve(serving.cert + ca.cert, serving.key);
  leafOnly = await serve(serving.cert, serving.key);
});

afterAll(() => {
  withChain?.close();
  leafOnly?.close();
});

describe('CA certificate hashes', () => {
  it('hash the public key (SPKI DER) the way kubeadm documents it with openssl', () => {
    const spki = execFileSync('sh', ['-c', 'openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex'], { input: ca.cert })
      .toString().trim().split(' ').pop();
    expect(caCertHash(ca.cert)).toBe(`sha256:${spki}`);
    expect(caCertHash(other.cert)).not.toBe(caCertHash(ca.cert));
  });

  it('parse only sha256:<64 hex>', () => {
    const h = caCertHash(ca.cert);
    expect(parseCaCertHash(h.toUpperCase().replace('SHA256', 'sha256'))).toBe(h);
    expect(() => parseCaCertHash('abc')).toThrow(/expected sha256:<64 hex digits>/);
    expect(() => parseCaCertHash(h.replace('sha256:', 'md5:'))).toThrow(CaPinError);
  });
});

describe('discoverPinnedCa', () => {
  it('returns the CA from the chain when its hash matches the pin', async () => {
    const found = await discoverPinnedCa(url(withChain), caCertHash(ca.cert));
    expect(caCertHash(found)).toBe(caCertHash(ca.cert));
    expect(found).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('refuses a chain whose CA has another hash, naming both', async () => {
    const e = await discoverPinnedCa(url(withChain), caCertHash(other.cert)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CaPinError);
    expect((e as Error).message).toBe(
      `CA mismatch: the API server at ${url(withChain)} presents a CA with hash ${caCertHash(ca.cert)}, not ${caCertHash(other.cert)}. ` +
        'Check the hash (`pilothouse token create` prints it); if it is right, something between you and the server is intercepting the connection',
    );
  });

  it('asks for the CA file when the server sends no CA', async () => {
    const e = await discoverPinnedCa(url(leafOnly), caCertHash(ca.cert)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CaPinError);
    expect((e as Error).message).toMatch(/does not send its CA certificate during the TLS handshake, so --ca-cert-hash cannot be checked: pass the CA with --ca-file/);
  });

  it('names the server it cannot reach', async () => {
    await expect(discoverPinnedCa('https://127.0.0.1:1', caCertHash(ca.cert))).rejects.toThrow(
      'cannot reach the API server at https://127.0.0.1:1 (ECONNREFUSED): check that the cluster is running and the URL (--server) is right',
    );
  });
});

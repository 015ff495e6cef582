/**
 * Kubelet serving certificates from certificate signing requests (upstream's
 * `kubernetes.io/kubelet-serving` signer, in one step): the joining agent keeps its private key
 * and sends a PKCS#10 request for `CN=system:node:<node>`; the cluster CA (ECDSA P-256) signs
 * the request's public key as `CN=system:node:<node>, O=system:nodes`, serverAuth, with the node
 * name and the given addresses as SANs. Both halves (making and signing a request) live here so
 * their formats cannot drift apart.
 */
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it loaded first
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
x509.cryptoProvider.set(webcrypto as any);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The subject a node's kubelet serving certificate carries (what the API server checks). */
export function kubeletSubject(nodeName: string): string {
  return `system:node:${nodeName}`;
}

/** Why a request cannot be signed (a 400 for the API). */
export class CsrError extends Error {}

/** A fresh key pair (kept by the caller) and a PEM request for `nodeName`'s serving certificate. */
export async function createKubeletCsr(nodeName: string): Promise<{ csr: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${kubeletSubject(nodeName)}, O=system:nodes`,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    keys: keys as any,
    signingAlgorithm: ALG,
  });
  const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return { csr: csr.toString('pem'), keyPem: `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n` };
}

export interface KubeletCsrSigner {
  /**
   * Signs `csrPem` for `nodeName` (PEM certificate). Throws `CsrError` when the request is not
   * PEM, not signed by its own key, or names another subject.
   */
  sign(csrPem: string, nodeName: string, addresses: string[], now: Date): Promise<string>;
}

/** A signer over the cluster CA; `validityDays` defaults to 365. */
export function kubeletCsrSigner(ca: { cert: string; key: string }, validityDays = 365): KubeletCsrSigner {
  let caKey: Promise<webcrypto.CryptoKey> | undefined;
  const caCert = new x509.X509Certificate(ca.cert);
  return {
    async sign(csrPem, nodeName, addresses, now) {
      const csr = await readRequest(csrPem, nodeName);
      caKey ??= webcrypto.subtle.importKey('pkcs8', createPrivateKey(ca.key).export({ type: 'pkcs8', format: 'der' }), ALG, false, ['sign']);
      const names = [nodeName, ...addresses.filter((a) => a !== nodeName)].map((value) => ({ type: isIP(value) ? ('ip' as const) : ('dns' as const), value }));
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: randomBytes(16).toString('hex').replace(/^[89a-f]/, '1'),
        subject: `CN=${kubeletSubject(nodeName)}, O=system:nodes`,
        issuer: caCert.subject,
        notBefore: new Date(now.getTime() - 60_000),
        notAfter: new Date(now.getTime() + validityDays * 24 * 3600 * 1000),
        signingAlgorithm: ALG,
        publicKey: csr.publicKey,
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        signingKey: (await caKey) as any,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension(names),
          await x509.AuthorityKeyIdentifierExtension.create(caCert),
        ],
      });
      return cert.toString('pem') + '\n';
    },
  };
}

async function readRequest(pem: string, nodeName: string): Promise<x509.Pkcs10CertificateRequest> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(pem);
  } catch (e) {
    throw new CsrError(`spec.request is not a PEM certificate signing request: ${(e as Error).message}`);
  }
  if (!(await csr.verify().catch(() => false))) throw new CsrError('spec.request is not signed by the key it carries');
  const cn = csr.subjectName.getField('CN')[0];
  if (cn !== kubeletSubject(nodeName)) {
    throw new CsrError(`spec.request must name CN=${kubeletSubject(nodeName)}, not ${cn === undefined ? 'no CN' : `CN=${cn}`}`);
  }
  return csr;
}

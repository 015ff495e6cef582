/**
 * Trusting a cluster from a hash (kubeadm's `--discovery-token-ca-cert-hash`): the user copies
 * `sha256:<hex>` — the SHA-256 of the cluster CA's SubjectPublicKeyInfo (DER), the same value
 * kubeadm prints — and `discoverPinnedCa` finds that CA in the certificate chain the API server
 * presents during the TLS handshake.
 *
 * Why this is sound: the handshake is only read, never used (no request, no token is sent before
 * trust is established); the CA is accepted only when its public key hashes to the pin, and from
 * then on every connection is verified against that CA (chain and server name) as usual. So a
 * man in the middle would need the CA's private key. It needs the server to send its CA in the
 * chain (`cert: serving + CA`); a server that sends only its own certificate gets a clear error
 * asking for the CA file instead. Upstream kubeadm reads the CA from the `cluster-info` ConfigMap
 * in `kube-public` (anonymous read, JWS-signed with the token); Pilothouse's API server has no
 * anonymous access, and fetching the CA with the token over an unverified connection would hand
 * the token to whoever answers.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls, { type DetailedPeerCertificate } from 'node:tls';

/** A CA that does not match, or a chain without a CA; the message says what to do. */
export class CaPinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaPinError';
  }
}

/** `sha256:<64 hex>` of a certificate's public key (SubjectPublicKeyInfo, DER). */
export function caCertHash(pem: string | Buffer): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** Normalises a pin (`sha256:` prefix, lower case); throws with the expected format. */
export function parseCaCertHash(text: string): string {
  const m = /^sha256:([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!m) throw new CaPinError(`invalid CA certificate hash "${text}": expected sha256:<64 hex digits>, as \`pilothouse token create\` prints it`);
  return `sha256:${m[1].toLowerCase()}`;
}

/**
 * Connects to `server`, reads the certificate chain it presents and returns the PEM of the CA
 * certificate whose public key matches `pin`. Rejects with `CaPinError` when none matches
 * (naming the hashes seen) and with a connection error naming the server when it cannot connect.
 */
export async function discoverPinnedCa(server: string, pin: string, timeoutMs = 10_000): Promise<string> {
  const wanted = parseCaCertHash(pin);
  const url = new URL(server);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  const chain = await peerChain(host, port, server, timeoutMs);
  const issuers = chain.slice(1);
  for (const cert of issuers) {
    if (cert.ca && caCertHash(cert.toString()) === wanted) {
      if (!isSignedWithin(chain, cert)) {
        throw new CaPinError(`the API server at ${server} presents the pinned CA, but its own certificate was not issued by it`);
      }
      return cert.toString();
    }
  }
  if (issuers.length === 0) {
    throw new CaPinError(
      `the API server at ${server} does not send its CA certificate during the TLS handshake, so --ca-cert-hash cannot be checked: ` +
        'pass the CA with --ca-file instead (the file pki/ca.crt in the data directory of the control plane)',
    );
  }
  const seen = issuers.map((c) => caCertHash(c.toString())).join(', ');
  throw new CaPinError(
    `CA mismatch: the API server at ${server} presents a CA with hash ${seen}, not ${wanted}. ` +
      'Check the hash (`pilothouse token create` prints it); if it is right, something between you and the server is intercepting the connection',
  );
}

/** True when some certificate of the chain below `ca` is signed by it (intermediate chains). */
function isSignedWithin(chain: X509Certificate[], ca: X509Certificate): boolean {
  return chain.some((c) => c !== ca && c.verify(ca.publicKey));
}

/** The leaf first, then each issuer the server sent, as far as the chain goes. */
function peerChain(host: string, port: number, server: string, timeoutMs: number): Promise<X509Certificate[]> {
  return new Promise((resolve, reject) => {
    // Verification is off for this one handshake only: nothing is sent, and the pin decides trust.
    const socket = tls.connect({ host, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: false });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`cannot reach the API server at ${server}: no TLS handshake within ${timeoutMs / 1000}s`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const out: X509Certificate[] = [];
      let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      const seen = new Set<string>();
      while (cert?.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        out.push(new X509Certificate(cert.raw));
        cert = cert.issuerCertificate;
      }
      socket.end();
      if (out.length === 0) reject(new Error(`the API server at ${server} presented no certificate`));
      else resolve(out);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(`cannot reach the API server at ${server} (${e.code ?? e.message}): check that the cluster is running and the URL (--server) is right`));
    });
  });
}

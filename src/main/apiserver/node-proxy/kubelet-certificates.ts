/**
 * Certificates for the API server ↔ remote kubelet link, all issued by the cluster CA (upstream's
 * `--kubelet-client-certificate` and kubelet serving certificates):
 * - the API server's client certificate, subject `KUBELET_API_CLIENT_CN`, which kubelet servers
 *   accept (`startKubeletServer({ clientCa: <cluster CA> })`);
 * - a kubelet's serving certificate, subject `system:node:<node>` (group `system:nodes`), which the
 *   API server requires of the node it dials, whatever address the Node reports.
 * Why certificates and not a shared token: nothing secret is stored in the API or sent over the
 * wire, a man in the middle can neither impersonate a kubelet nor replay the API server's
 * credential, and the agent already trusts the cluster CA to reach the API server.
 */
import { issueCertificate, type PemPair } from '../../pki/certificates.js';
import { KUBELET_API_CLIENT_CN } from '../../kubelet/server/kubelet-server.js';

/** What the API server presents to kubelets and which CA it trusts for their serving certificates. */
export interface KubeletClientCredentials {
  /** CA that issued the kubelets' serving certificates (the cluster CA). */
  ca: string;
  cert: string;
  key: string;
}

/** The subject a node's kubelet serving certificate must carry. */
export function kubeletServingSubject(nodeName: string): string {
  return `system:node:${nodeName}`;
}

/** The API server's kubelet client certificate (kept in memory; issue a fresh one at each start). */
export async function issueKubeletClientCredentials(ca: PemPair): Promise<KubeletClientCredentials> {
  const pair = await issueCertificate({ ca, commonName: KUBELET_API_CLIENT_CN, organization: 'system:masters', dnsNames: [], ips: [], client: true });
  return { ca: ca.cert, cert: pair.cert, key: pair.key };
}

/**
 * A kubelet serving certificate for `nodeName`, valid for `addresses` (IPs or DNS names) too, for
 * clients that check names. The join flow of `pilothouse agent` issues it.
 */
export async function issueKubeletServingCertificate(ca: PemPair, nodeName: string, addresses: string[]): Promise<PemPair> {
  const ips = addresses.filter((a) => /^[\d.]+$/.test(a) || a.includes(':'));
  const dnsNames = [nodeName, ...addresses.filter((a) => !ips.includes(a))];
  return issueCertificate({ ca, commonName: kubeletServingSubject(nodeName), organization: 'system:nodes', dnsNames, ips });
}

/**
 * The join endpoint a `pilothouse agent` calls once, authenticated with its join (bootstrap)
 * token, to get what the node needs from then on — upstream's TLS bootstrap (CSRs for the
 * kubelet's client and serving certificates) in one request:
 *
 * `POST /apis/join.pilothouse.dev/v1/nodejoinrequests` with
 * `{kind: NodeJoinRequest, apiVersion: join.pilothouse.dev/v1,
 *   spec: {nodeName, addresses: [IPs or DNS names], request: <PKCS#10 PEM for CN=system:node:<node>>}}`
 * → 201 with `status`:
 * - `certificate` + `ca`: the kubelet serving certificate, signed by the cluster CA for the key
 *   that stays on the agent (`kubelet-csr.ts`), which the API server requires when it dials the
 *   node's kubelet (logs, exec);
 * - `token` + `expirationTimestamp` + `serviceAccount`: the node's own API credential, a bound
 *   service-account token of `kube-system/pilothouse-node-<node>` (created if missing), valid
 *   `tokenValidityDays` (default 365) while that ServiceAccount exists. The agent switches to it,
 *   so the node outlives its join token; deleting the ServiceAccount cuts the node off.
 *
 * Allowed callers: join-token users (`system:bootstrappers`), cluster admins (`system:masters`),
 * and the node's own service account (re-joining). Register with
 * `apiServer.addHandler(nodeJoinHandler({ ca: credentials.ca, client, issuer: tokenIssuer }))`.
 */
import { isIP } from 'node:net';
import { isDNS1123Subdomain } from '../../../shared/api/names.js';
import type { KubeObject } from '../../../shared/api/object.js';
import { ApiClientError, type ApiClient } from '../../client/api-client.js';
import { rfc3339, systemClock, type Clock } from '../../util/time.js';
import { serviceAccountUsername, type ServiceAccountTokenIssuer } from '../authn/service-account-tokens.js';
import { decodeObjectBody } from '../body.js';
import { errors } from '../errors.js';
import type { UserInfo } from '../http/types.js';
import { invalid, required, type FieldError } from '../kinds/field-errors.js';
import type { ExtraHandler } from '../server.js';
import { CsrError, kubeletCsrSigner } from './kubelet-csr.js';

export const JOIN_API_VERSION = 'join.pilothouse.dev/v1';
export const NODE_JOIN_REQUESTS = { apiVersion: JOIN_API_VERSION, resource: 'nodejoinrequests' } as const;
/** Namespace of the nodes' service accounts. */
export const NODE_ACCOUNT_NAMESPACE = 'kube-system';
const PATH = `/apis/${JOIN_API_VERSION}/${NODE_JOIN_REQUESTS.resource}`;
const TARGET = { group: 'join.pilothouse.dev', resource: NODE_JOIN_REQUESTS.resource };
const SERVICEACCOUNTS = { apiVersion: 'v1', resource: 'serviceaccounts' } as const;

export interface NodeJoinSpec {
  nodeName: string;
  /** Where the kubelet server is reached (IPs or DNS names); put in the certificate's SANs. */
  addresses?: string[];
  /** PKCS#10 certificate signing request, PEM, for `CN=system:node:<nodeName>`. */
  request: string;
}

export interface NodeJoinStatus {
  certificate: string;
  ca: string;
  token: string;
  /** RFC 3339. */
  expirationTimestamp: string;
  /** `namespace/name` of the node's service account. */
  serviceAccount: string;
}

export interface NodeJoinHandlerOptions {
  /** The cluster CA (certificate and ECDSA P-256 key). */
  ca: { cert: string; key: string };
  /** Creates and reads the nodes' service accounts (the in-process admin client). */
  client: ApiClient;
  /** Signs the nodes' tokens (the cluster's service-account token issuer). */
  issuer: ServiceAccountTokenIssuer;
  certificateValidityDays?: number;
  tokenValidityDays?: number;
  clock?: Clock;
}

/** The service account a joined node acts as. */
export function nodeServiceAccountName(nodeName: string): string {
  return `pilothouse-node-${nodeName}`;
}

export function nodeJoinHandler(options: NodeJoinHandlerOptions): ExtraHandler {
  const signer = kubeletCsrSigner(options.ca, options.certificateValidityDays);
  const tokenSeconds = (options.tokenValidityDays ?? 365) * 24 * 3600;
  const clock = options.clock ?? systemClock;
  return async (req, user) => {
    if (req.path.replace(/\/+$/, '') !== PATH) return undefined;
    if (req.method !== 'POST') throw errors.methodNotAllowed('only POST is supported on nodejoinrequests');
    const body = decodeObjectBody(req);
    if (body.kind !== undefined && body.kind !== 'NodeJoinRequest') throw errors.badRequest(`the body must be a NodeJoinRequest, not ${String(body.kind)}`);
    const spec = (body.spec ?? {}) as Partial<NodeJoinSpec>;
    const problems = validateSpec(spec);
    if (problems.length) throw errors.invalid('NodeJoinRequest', TARGET.group, spec.nodeName ?? '', problems);
    const nodeName = spec.nodeName!;
    if (!mayJoin(user, nodeName)) {
      throw errors.forbidden({ ...TARGET, name: nodeName }, `user "${user.username}" may not join node "${nodeName}": use a join token from \`pilothouse token create\``);
    }
    let certificate: string;
    try {
      certificate = await signer.sign(spec.request!, nodeName, spec.addresses ?? [], clock.now());
    } catch (e) {
      if (e instanceof CsrError) throw errors.badRequest(e.message);
      throw e;
    }
    const account = await ensureNodeAccount(options.client, nodeName);
    const issued = options.issuer.issueToken({
      namespace: NODE_ACCOUNT_NAMESPACE,
      serviceAccount: { name: account.metadata.name!, uid: account.metadata.uid! },
      expirationSeconds: tokenSeconds,
    });
    const status: NodeJoinStatus = {
      certificate,
      ca: options.ca.cert,
      token: issued.token,
      expirationTimestamp: rfc3339(issued.expirationTimestamp),
      serviceAccount: `${NODE_ACCOUNT_NAMESPACE}/${account.metadata.name}`,
    };
    return {
      status: 201,
      body: { kind: 'NodeJoinRequest', apiVersion: JOIN_API_VERSION, metadata: { name: nodeName }, spec: { nodeName, addresses: spec.addresses ?? [] }, status },
    };
  };
}

/** Join-token users, admins, and the node's own account. */
function mayJoin(user: UserInfo, nodeName: string): boolean {
  return user.groups.includes('system:bootstrappers') || user.groups.includes('system:masters')
    || user.username === serviceAccountUsername(NODE_ACCOUNT_NAMESPACE, nodeServiceAccountName(nodeName));
}

/** The node's ServiceAccount, created when missing (a re-join reuses it, so earlier tokens stay valid). */
async function ensureNodeAccount(client: ApiClient, nodeName: string): Promise<KubeObject> {
  const name = nodeServiceAccountName(nodeName);
  const existing = await client.tryGet(SERVICEACCOUNTS, NODE_ACCOUNT_NAMESPACE, name);
  if (existing && !existing.metadata.deletionTimestamp) return existing;
  try {
    return await client.create(SERVICEACCOUNTS, NODE_ACCOUNT_NAMESPACE, {
      apiVersion: 'v1', kind: 'ServiceAccount',
      metadata: { name, annotations: { 'pilothouse.dev/node-name': nodeName, 'kubernetes.io/description': `The API identity of the joined node ${nodeName}; delete it to cut the node off.` } },
    });
  } catch (e) {
    if (e instanceof ApiClientError && e.reason === 'AlreadyExists') return client.get(SERVICEACCOUNTS, NODE_ACCOUNT_NAMESPACE, name);
    throw e;
  }
}

function validateSpec(spec: Partial<NodeJoinSpec>): FieldError[] {
  const out: FieldError[] = [];
  const nameProblems = spec.nodeName ? isDNS1123Subdomain(spec.nodeName) : [];
  if (!spec.nodeName) out.push(required('spec.nodeName'));
  else if (nameProblems.length) out.push(invalid('spec.nodeName', spec.nodeName, nameProblems.join('; ')));
  else if (nodeServiceAccountName(spec.nodeName).length > 253) out.push(invalid('spec.nodeName', spec.nodeName, 'must be no more than 237 characters'));
  if (typeof spec.request !== 'string' || !spec.request.includes('CERTIFICATE REQUEST')) out.push(required('spec.request'));
  if (spec.addresses !== undefined && !Array.isArray(spec.addresses)) out.push(invalid('spec.addresses', spec.addresses, 'must be a list of IP addresses or DNS names'));
  for (const [i, a] of (Array.isArray(spec.addresses) ? spec.addresses : []).entries()) {
    if (typeof a !== 'string' || (!isIP(a) && isDNS1123Subdomain(a).length)) out.push(invalid(`spec.addresses[${i}]`, a, 'must be an IP address or a DNS name'));
  }
  return out;
}

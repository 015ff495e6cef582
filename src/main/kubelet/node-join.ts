/**
 * The agent's side of the join endpoint (`apiserver/join/node-join-handler.ts`): with a client
 * authenticated by the join token, make a key here, send only a CSR, and get back the kubelet
 * serving certificate (cluster CA) and the node's own API token. The private key never leaves
 * this process.
 */
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client/api-client.js';
import { createKubeletCsr } from '../apiserver/join/kubelet-csr.js';
import { JOIN_API_VERSION, NODE_JOIN_REQUESTS, type NodeJoinSpec, type NodeJoinStatus } from '../apiserver/join/node-join-handler.js';

export interface NodeCredentials {
  /** The kubelet server's certificate, its key, and the CA that issued it (the cluster CA). */
  serving: { cert: string; key: string; ca: string };
  /** The node's bearer token for the API server, and when it expires. */
  token: string;
  expiresAt: Date;
  /** `namespace/name` of the service account the node acts as. */
  serviceAccount: string;
}

/**
 * Joins `nodeName`: rejects with the API's error (`ApiClientError`; 404 when the control plane
 * has no join endpoint, 403 when the caller may not join) or when the answer is incomplete.
 */
export async function joinNode(client: ApiClient, nodeName: string, addresses: string[]): Promise<NodeCredentials> {
  const { csr, keyPem } = await createKubeletCsr(nodeName);
  const spec: NodeJoinSpec = { nodeName, addresses, request: csr };
  const answer = await client.create(NODE_JOIN_REQUESTS, undefined, {
    apiVersion: JOIN_API_VERSION, kind: 'NodeJoinRequest', metadata: { name: nodeName }, spec,
  } as KubeObject);
  const status = answer.status as Partial<NodeJoinStatus> | undefined;
  if (!status?.certificate || !status.ca || !status.token || !status.expirationTimestamp) {
    throw new Error(`the API server answered the join request of node ${nodeName} without its certificate and token`);
  }
  return {
    serving: { cert: status.certificate, key: keyPem, ca: status.ca },
    token: status.token,
    expiresAt: new Date(status.expirationTimestamp),
    serviceAccount: status.serviceAccount ?? '',
  };
}

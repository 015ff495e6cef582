/**
 * The API server's way to nodes, in one piece for the composition root: `pods/log`,
 * `pods/exec`, `pods/attach` (and a clear 400 for `pods/portforward`), each forwarded to the
 * kubelet of the pod's node through `NodeConnections`.
 *
 *   const connections = new NodeConnections({ client, remote: await issueKubeletClientCredentials(ca) });
 *   const proxy = nodeProxy({ apiServer, client, connections });
 *   apiServer.addHandler(proxy.handler);
 *   listen(handle, options, proxy.onUpgrade);   // exec and attach arrive as upgrades
 *   ...
 *   proxy.close(); connections.close();          // at shutdown
 */
import type { ApiClient } from '../../client/api-client.js';
import type { UpgradeHandler } from '../http/https-server.js';
import type { ApiServer, ExtraHandler } from '../server.js';
import type { NodeConnections } from './node-connections.js';
import { podExecHandler, podExecUpgradeHandler } from './pod-exec-handler.js';
import { podLogHandler } from './pod-log-handler.js';

export interface NodeProxyOptions {
  apiServer: Pick<ApiServer, 'authenticateRequest'>;
  /** Reads pods and nodes (the in-process admin client). */
  client: ApiClient;
  connections: NodeConnections;
}

export interface NodeProxy {
  /** For `apiServer.addHandler`: pods/log, and plain (non-upgrade) requests to exec/attach. */
  handler: ExtraHandler;
  /** For the HTTPS server's `upgrade` event. */
  onUpgrade: UpgradeHandler;
  close(): void;
}

export function nodeProxy(options: NodeProxyOptions): NodeProxy {
  const logs = podLogHandler(options);
  const exec = podExecHandler(options);
  const upgrade = podExecUpgradeHandler({ ...options, authenticate: (headers) => options.apiServer.authenticateRequest(headers) });
  return {
    handler: async (req, user) => (await logs(req, user)) ?? exec(req, user),
    onUpgrade: upgrade,
    close: () => upgrade.close(),
  };
}

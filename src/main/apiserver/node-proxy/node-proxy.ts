/**
 * The API server's way to nodes, in one piece for the composition root: `pods/log`,
 * `pods/exec`, `pods/attach`, each forwarded to the kubelet of the pod's node through
 * `NodeConnections`, and `pods/portforward`, served here over the pod network once the
 * composition root hands over a dialer (`setPodDialer`).
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
import { PodPortForwards, type PodDialer } from './pod-port-forward.js';
import { podLogHandler } from './pod-log-handler.js';

export interface NodeProxyOptions {
  apiServer: Pick<ApiServer, 'authenticateRequest'>;
  /** Reads pods and nodes (the in-process admin client). */
  client: ApiClient;
  connections: NodeConnections;
  log?: (line: string) => void;
}

export interface NodeProxy {
  /** For `apiServer.addHandler`: pods/log, and plain (non-upgrade) requests to exec/attach. */
  handler: ExtraHandler;
  /** For the HTTPS server's `upgrade` event. */
  onUpgrade: UpgradeHandler;
  /** How port-forward reaches pods (undefined: port-forward answers 400 saying why). */
  setPodDialer(dialer: PodDialer | undefined): void;
  close(): void;
}

export function nodeProxy(options: NodeProxyOptions): NodeProxy {
  const portForwards = new PodPortForwards(options.client, options.log);
  const logs = podLogHandler(options);
  const exec = podExecHandler({ ...options, portForwards });
  const upgrade = podExecUpgradeHandler({ ...options, portForwards, authenticate: (headers) => options.apiServer.authenticateRequest(headers) });
  return {
    handler: async (req, user) => (await logs(req, user)) ?? exec(req, user),
    onUpgrade: upgrade,
    setPodDialer: (dialer) => portForwards.setDialer(dialer),
    close: () => {
      upgrade.close();
      portForwards.close();
    },
  };
}

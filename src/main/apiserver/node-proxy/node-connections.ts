/**
 * `NodeConnections`: node name → how the API server reaches that node's kubelet (upstream's
 * `KubeletConnectionInfoGetter`). In-process kubelets are registered directly
 * (`register(name, new KubeletStreaming(kubelet))`); any other node is a remote kubelet, dialled
 * over mutual TLS at the Node's `status.addresses` InternalIP (else Hostname) and
 * `status.daemonEndpoints.kubeletEndpoint.Port` — only when remote credentials are configured, so
 * a cluster without remote nodes never dials anything. `registerRemote` pins an endpoint instead
 * of reading it from the Node (tests, agents behind NAT).
 *
 * Invariant: a name has at most one registration; a later `register`/`registerRemote` replaces
 * the earlier one, and the earlier one's unregister function then does nothing.
 */
import type { ApiClient } from '../../client/api-client.js';
import type { Node } from '../kinds/node.js';
import { errors } from '../errors.js';
import { streamingErrors, type NodeStreaming } from '../../kubelet/server/streaming.js';
import type { KubeletClientCredentials } from './kubelet-certificates.js';
import { RemoteNodeConnection, type RemoteKubeletEndpoint } from './remote-node.js';

/** What the API server needs of a node: its kubelet's streaming interface. */
export type NodeConnection = NodeStreaming;

export interface NodeConnectionsOptions {
  /** Reads Node objects (the in-process admin client). */
  client: ApiClient;
  /** The API server's kubelet client credentials; without them only registered nodes are reachable. */
  remote?: KubeletClientCredentials;
  /** Connect / response-header timeout for remote kubelets (default 10 s). */
  timeoutMs?: number;
}

const NODES = { apiVersion: 'v1', resource: 'nodes' } as const;

export class NodeConnections {
  private readonly local = new Map<string, NodeConnection>();
  /** Remote connections by node name, pinned or discovered; rebuilt when the endpoint changes. */
  private readonly remote = new Map<string, { conn: RemoteNodeConnection; pinned: boolean }>();

  constructor(private readonly options: NodeConnectionsOptions) {}

  /** Registers an in-process node. Returns a function that removes this registration. */
  register(nodeName: string, connection: NodeConnection): () => void {
    this.forget(nodeName);
    this.local.set(nodeName, connection);
    return () => {
      if (this.local.get(nodeName) === connection) this.local.delete(nodeName);
    };
  }

  /** Pins a remote node's kubelet endpoint (instead of reading it from the Node). Needs remote credentials. */
  registerRemote(nodeName: string, endpoint: RemoteKubeletEndpoint): () => void {
    const credentials = this.credentials();
    this.forget(nodeName);
    const entry = { conn: new RemoteNodeConnection(nodeName, endpoint, credentials, this.options.timeoutMs), pinned: true };
    this.remote.set(nodeName, entry);
    return () => {
      if (this.remote.get(nodeName) === entry) this.forget(nodeName);
    };
  }

  /** Names of the nodes registered in-process or pinned. */
  registered(): string[] {
    return [...this.local.keys(), ...[...this.remote].filter(([, e]) => e.pinned).map(([n]) => n)];
  }

  /**
   * The connection to `nodeName`'s kubelet. Rejects with 404 when the Node does not exist and
   * 503 when its kubelet cannot be reached from here (no registration, no remote credentials,
   * no address in the Node's status).
   */
  async get(nodeName: string): Promise<NodeConnection> {
    const local = this.local.get(nodeName);
    if (local) return local;
    const known = this.remote.get(nodeName);
    if (known?.pinned) return known.conn;
    if (!this.options.remote) {
      throw streamingErrors.unavailable(`no connection to the kubelet of node "${nodeName}": it does not run in this process and remote kubelets are not configured`);
    }
    const node = await this.options.client.tryGet<Node>(NODES, undefined, nodeName);
    if (!node) throw errors.notFound({ group: '', resource: 'nodes', name: nodeName });
    // Only agents are dialled: an in-process node (simulated or Docker) reports addresses that
    // are data only, and must never be contacted over the network.
    if ((node.metadata as { labels?: Record<string, string> }).labels?.[AGENT_NODE_LABEL] !== 'true') {
      throw streamingErrors.unavailable(`no connection to the kubelet of node "${nodeName}": it is not a remote agent and is not running in this process`);
    }
    const endpoint = kubeletEndpoint(node);
    if (!endpoint) throw streamingErrors.unavailable(`node "${nodeName}" reports no kubelet address (status.addresses and status.daemonEndpoints.kubeletEndpoint.Port)`);
    if (known && known.conn.endpoint.host === endpoint.host && known.conn.endpoint.port === endpoint.port) return known.conn;
    known?.conn.close();
    const conn = new RemoteNodeConnection(nodeName, endpoint, this.options.remote, this.options.timeoutMs);
    this.remote.set(nodeName, { conn, pinned: false });
    return conn;
  }

  /** Drops every registration and closes remote connections. */
  close(): void {
    for (const { conn } of this.remote.values()) conn.close();
    this.remote.clear();
    this.local.clear();
  }

  private forget(nodeName: string): void {
    this.local.delete(nodeName);
    this.remote.get(nodeName)?.conn.close();
    this.remote.delete(nodeName);
  }

  private credentials(): KubeletClientCredentials {
    if (!this.options.remote) throw new Error('node connections: remote kubelet credentials are not configured (NodeConnectionsOptions.remote)');
    return this.options.remote;
  }
}

/** Label `pilothouse agent` puts on its Node: only such nodes are dialled over the network. */
export const AGENT_NODE_LABEL = 'node.pilothouse.dev/agent';

/** The InternalIP (else Hostname) and kubelet port a Node reports, if both are there. */
export function kubeletEndpoint(node: Node): RemoteKubeletEndpoint | undefined {
  const addresses = node.status?.addresses ?? [];
  const host = addresses.find((a) => a.type === 'InternalIP')?.address ?? addresses.find((a) => a.type === 'Hostname')?.address;
  const port = Number((node.status?.daemonEndpoints as { kubeletEndpoint?: { Port?: unknown } } | undefined)?.kubeletEndpoint?.Port);
  if (!host || !Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  return { host, port };
}

/**
 * `pods/{name}/exec` and `pods/{name}/attach` (PodExecOptions / PodAttachOptions in the query).
 *
 * kubectl ≥ 1.30 opens a WebSocket (`GET`, subprotocol `v5.channel.k8s.io`) and falls back to
 * SPDY (`POST`, `Upgrade: SPDY/3.1`) only when that upgrade fails. Both arrive at the HTTPS
 * server's `upgrade` event, handled here: authenticate (bearer token, or the
 * `base64url.bearer.authorization.k8s.io.<token>` subprotocol browsers use), find pod, container
 * and node (upstream's errors, as HTTP answers), then — for a WebSocket — complete the handshake
 * and bridge the node's session (`serveRemoteCommand`). SPDY is not served: after the same checks
 * it gets a 400 saying so, so a failed WebSocket attempt still shows kubectl its real reason.
 * Errors of the kubelet itself (`container not found ("c")`) arrive on channel 3 after the
 * handshake, as upstream's kubelet sends them. `pods/portforward` upgrades go to `PodPortForwards`.
 *
 * The same paths as plain requests (no upgrade) get the same checks, then 400 `Upgrade request required`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiClient } from '../../client/api-client.js';
import { serveRemoteCommand } from '../../kubelet/server/exec-bridge.js';
import { parseRemoteCommandQuery } from '../../kubelet/server/remote-command.js';
import { ChannelWebSocketAcceptor, isWebSocketUpgrade, rejectUpgrade } from '../../kubelet/server/websocket-upgrade.js';
import { errorStatus } from '../../kubelet/server/streaming.js';
import { errors } from '../errors.js';
import type { UpgradeHandler } from '../http/https-server.js';
import type { ApiRequest, UserInfo } from '../http/types.js';
import type { ExtraHandler } from '../server.js';
import type { NodeConnection, NodeConnections } from './node-connections.js';
import type { PodPortForwards } from './pod-port-forward.js';
import { resolvePodTarget } from './pod-target.js';

const PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)\/?$/;
const BEARER_PROTOCOL = 'base64url.bearer.authorization.k8s.io.';

export interface PodExecHandlerOptions {
  /** `ApiServer.authenticateRequest`. */
  authenticate(headers: Record<string, string | undefined>): Promise<UserInfo>;
  /** Reads pods (the in-process admin client). */
  client: ApiClient;
  connections: NodeConnections;
  portForwards: PodPortForwards;
}

interface Resolved {
  kind: 'exec' | 'attach';
  namespace: string;
  name: string;
  container: string;
  request: ReturnType<typeof parseRemoteCommandQuery>;
  node: NodeConnection;
}

/** The HTTPS server's upgrade handler (`listen(handler, options, onUpgrade)`), with `close()` for shutdown. */
export function podExecUpgradeHandler(options: PodExecHandlerOptions): UpgradeHandler & { close(): void } {
  const acceptor = new ChannelWebSocketAcceptor();
  const handler = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    upgrade(options, acceptor, req, socket, head).catch((e: unknown) => rejectUpgrade(socket, errorStatus(e, 'apiserver: pods/exec')));
  };
  return Object.assign(handler, { close: () => acceptor.close() });
}

/** For `apiServer.addHandler`: the same paths without an upgrade. */
export function podExecHandler(options: Pick<PodExecHandlerOptions, 'client' | 'connections' | 'portForwards'>): ExtraHandler {
  return async (req: ApiRequest) => {
    const m = PATH.exec(req.path);
    if (!m) return undefined;
    if (m[3] === 'portforward') await options.portForwards.target(decodeURIComponent(m[1]), decodeURIComponent(m[2]));
    else await resolve(options, m, req.query);
    throw errors.badRequest('Upgrade request required');
  };
}

async function upgrade(options: PodExecHandlerOptions, acceptor: ChannelWebSocketAcceptor, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://apiserver');
  const m = PATH.exec(url.pathname);
  if (!m) {
    rejectUpgrade(socket, errors.notFound({ group: '', resource: 'upgrade', name: url.pathname }).status);
    return;
  }
  await options.authenticate(authHeaders(req));
  if (m[3] === 'portforward') return options.portForwards.upgrade(req, socket, head, decodeURIComponent(m[1]), decodeURIComponent(m[2]));
  const target = await resolve(options, m, url.searchParams);
  if (!isWebSocketUpgrade(req)) {
    const offered = req.headers.upgrade ?? 'none';
    throw errors.badRequest(`upgrade to ${offered} is not supported: Pilothouse serves ${target.kind} over WebSocket (v5.channel.k8s.io; kubectl 1.30 or newer)`);
  }
  const ws = await acceptor.accept(req, socket, head);
  if (!ws) return;
  const { node, namespace, name, container, request } = target;
  const starting = target.kind === 'exec'
    ? node.exec(namespace, name, container, request.command, request.options)
    : node.attach(namespace, name, container, request.options);
  await serveRemoteCommand(ws, starting, request.options);
}

async function resolve(options: Pick<PodExecHandlerOptions, 'client' | 'connections'>, m: RegExpExecArray, query: URLSearchParams): Promise<Resolved> {
  const [namespace, name] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
  const kind = m[3] as 'exec' | 'attach';
  const request = parseRemoteCommandQuery(query, kind);
  const target = await resolvePodTarget(options.client, namespace, name, request.container);
  if (!target.nodeName) throw errors.badRequest(`pod ${name} does not have a host assigned`);
  const node = await options.connections.get(target.nodeName);
  return { kind, namespace, name, container: target.container, request, node };
}

/** The request's headers, with a bearer token from the WebSocket subprotocol when there is no Authorization header. */
function authHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  if (!headers.authorization) {
    const carried = (headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).find((p) => p.startsWith(BEARER_PROTOCOL));
    if (carried) headers.authorization = `Bearer ${Buffer.from(carried.slice(BEARER_PROTOCOL.length), 'base64url').toString('utf8')}`;
  }
  return headers;
}

/**
 * `pods/{name}/portforward`, what `kubectl port-forward` opens. kubectl 1.31+ first tries a
 * WebSocket with subprotocol `SPDY/3.1+portforward.k8s.io` and runs SPDY inside its binary
 * messages (KEP-4006); older clients, or when that fails, upgrade the connection itself
 * (`Upgrade: SPDY/3.1`, `X-Stream-Protocol-Version: portforward.k8s.io`). Both end in the same
 * SPDY session serving `portforward.k8s.io` streams (`port-forward-streams.ts`).
 *
 * The bytes reach the pod the way every host-side connection does here (ARCHITECTURE.md): the
 * port the pod publishes on 127.0.0.1, or the service proxy's tunnel for undeclared ports —
 * `KubeProxy.dial`. So port-forward serves pods on this machine's Docker nodes while service
 * networking runs; anything else gets a 400 that says why.
 */
import type { IncomingMessage } from 'node:http';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { KubeObject } from '../../../shared/api/object.js';
import type { ApiClient } from '../../client/api-client.js';
import { isWebSocketUpgrade } from '../../kubelet/server/websocket-upgrade.js';
import { ApiError, errors } from '../errors.js';
import { PortForwardStreams, type PortForwardTarget } from './port-forward-streams.js';
import { SpdySession } from './spdy/session.js';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
export const SPDY_UPGRADE = 'SPDY/3.1';
export const TUNNEL_PROTOCOL = `${SPDY_UPGRADE}+${PORT_FORWARD_PROTOCOL}`;
const TUNNEL_ALIAS = TUNNEL_PROTOCOL.replace('/', '-');
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** How the API server reaches pod ports, once the data plane runs (set by the composition root). */
export interface PodDialer {
  /** Whether pods of node `name` are on this machine's pod network. */
  servesNode(name: string): boolean;
  dial(podIP: string, port: number): Promise<net.Socket>;
}

interface PodObject extends KubeObject {
  spec?: { nodeName?: string };
  status?: { podIP?: string; phase?: string };
}

export class PodPortForwards {
  private dialer: PodDialer | undefined;
  private readonly sessions = new Set<{ session: SpdySession; streams: PortForwardStreams }>();
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(TUNNEL_ALIAS) ? TUNNEL_PROTOCOL : false),
  });

  constructor(
    private readonly client: ApiClient,
    private readonly log: (line: string) => void = () => {},
  ) {}

  setDialer(dialer: PodDialer | undefined): void {
    this.dialer = dialer;
  }

  /** The checks kubectl's request gets before any upgrade (also for plain requests). */
  async target(namespace: string, name: string): Promise<PortForwardTarget> {
    const pod = await this.client.tryGet<PodObject>({ apiVersion: 'v1', resource: 'pods' }, namespace, name);
    if (!pod) throw errors.notFound({ group: '', resource: 'pods', name });
    const node = pod.spec?.nodeName;
    if (!node) throw errors.badRequest(`pod ${name} does not have a host assigned`);
    const dialer = this.dialer;
    if (!dialer) {
      throw errors.badRequest('port-forward reaches pods on Docker nodes of this Pilothouse with service networking on; this cluster runs none (simulated nodes only, or --no-service-networking)');
    }
    if (!dialer.servesNode(node)) {
      throw errors.badRequest(`pod ${name} runs on node ${node}, whose pods are not on this machine's pod network; port-forward reaches pods on this Pilothouse's own Docker nodes`);
    }
    // A pod's IP does not change while it lives; it is read again only if it had none yet.
    let ip = pod.status?.podIP;
    return {
      namespace,
      name,
      uid: pod.metadata.uid ?? '',
      dial: async (port) => {
        if (!ip) {
          const current = await this.client.tryGet<PodObject>({ apiVersion: 'v1', resource: 'pods' }, namespace, name);
          if (!current) throw new Error('the pod no longer exists');
          ip = current.status?.podIP;
          if (!ip) throw new Error(`the pod has no IP (phase ${current.status?.phase ?? 'Pending'})`);
        }
        return dialer.dial(ip, port);
      },
    };
  }

  /** Serves an upgrade request on `pods/{name}/portforward` (already authenticated). */
  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, namespace: string, name: string): Promise<void> {
    const target = await this.target(namespace, name);
    if (isWebSocketUpgrade(req)) {
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
      if (!offered.includes(TUNNEL_PROTOCOL)) {
        throw errors.badRequest(`unsupported streaming protocol(s) ${JSON.stringify(offered)}: port-forward is served as ${TUNNEL_PROTOCOL}`);
      }
      // `ws` takes only RFC 7230 tokens as subprotocols and "SPDY/3.1+..." has a '/': it sees an
      // alias, and the handshake answers with the real name (handleProtocols).
      req.headers['sec-websocket-protocol'] = offered.map((p) => (p === TUNNEL_PROTOCOL ? TUNNEL_ALIAS : p)).filter((p) => TOKEN.test(p)).join(', ');
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          ws.binaryType = 'nodebuffer';
          const tunnel = createWebSocketStream(ws);
          tunnel.on('error', () => tunnel.destroy());
          this.serve(tunnel, target);
          resolve();
        });
      });
      return;
    }
    if ((req.headers.upgrade ?? '').toLowerCase() !== SPDY_UPGRADE.toLowerCase()) {
      throw errors.badRequest(`upgrade to ${req.headers.upgrade ?? 'nothing'} is not supported for port-forward: use ${SPDY_UPGRADE} or a WebSocket with ${TUNNEL_PROTOCOL}`);
    }
    const offered = headerValues(req.headers['x-stream-protocol-version']);
    if (offered.length > 0 && !offered.includes(PORT_FORWARD_PROTOCOL)) {
      throw new ApiError({
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 403, reason: 'Forbidden',
        message: `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(offered)}, server accepts ${JSON.stringify([PORT_FORWARD_PROTOCOL])}`,
      });
    }
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\n' +
        'Connection: Upgrade\r\n' +
        `Upgrade: ${SPDY_UPGRADE}\r\n` +
        (offered.length > 0 ? `X-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n` : '') +
        '\r\n',
    );
    if (head.length > 0) socket.unshift(head);
    this.serve(socket, target);
  }

  close(): void {
    for (const { session, streams } of this.sessions) {
      streams.close();
      session.close();
    }
    this.sessions.clear();
    this.wss.close();
  }

  private serve(duplex: Duplex, target: PortForwardTarget): void {
    const streams = new PortForwardStreams(target, this.log);
    const session: SpdySession = new SpdySession(
      duplex,
      (stream) => streams.onStream(stream, session),
      (e) => this.log(`port-forward ${target.namespace}/${target.name}: ${e.message}`),
    );
    const entry = { session, streams };
    this.sessions.add(entry);
    duplex.once('close', () => {
      streams.close();
      this.sessions.delete(entry);
    });
  }
}

function headerValues(value: string | string[] | undefined): string[] {
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

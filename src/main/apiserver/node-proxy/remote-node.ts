/**
 * `RemoteNodeConnection`: the streaming interface of a node whose kubelet runs elsewhere
 * (`pilothouse agent`), reached over HTTPS at its kubelet server (`kubelet/server/kubelet-server.ts`).
 * Mutual TLS: the API server presents its kubelet client certificate, and accepts only a server
 * certificate from the cluster CA whose subject is `system:node:<this node>` — the node's
 * identity, not its address, is what is checked, so a Node that reports someone else's address
 * gets no data and no credentials. Never plaintext.
 */
import { Agent, request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { ConnectionOptions, PeerCertificate } from 'node:tls';
import type { ClientOptions } from 'ws';
import type { ExecOptions, ExecSession } from '../../runtime/types.js';
import { podLogQueryString } from '../../kubelet/server/log-options.js';
import { remoteCommandQueryString } from '../../kubelet/server/remote-command.js';
import type { StatsSummary } from '../../kubelet/server/stats-summary.js';
import { streamingErrors, type ContainerLogOptions, type NodeStreaming } from '../../kubelet/server/streaming.js';
import { kubeletServingSubject, type KubeletClientCredentials } from './kubelet-certificates.js';
import { openRemoteCommand, readStatus } from './remote-exec.js';

export interface RemoteKubeletEndpoint {
  host: string;
  port: number;
}

/** How long connecting and receiving response headers may take. */
const DEFAULT_TIMEOUT_MS = 10_000;

export class RemoteNodeConnection implements NodeStreaming {
  private readonly agent: Agent;
  private readonly tls: ConnectionOptions & { handshakeTimeout: number };
  private readonly what: string;

  constructor(
    readonly nodeName: string,
    readonly endpoint: RemoteKubeletEndpoint,
    credentials: KubeletClientCredentials,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    const subject = kubeletServingSubject(nodeName);
    this.what = `node "${nodeName}" (${hostPort(endpoint)})`;
    this.tls = {
      ca: credentials.ca,
      cert: credentials.cert,
      key: credentials.key,
      minVersion: 'TLSv1.2',
      checkServerIdentity: (_host: string, cert: PeerCertificate) => {
        const cn = Array.isArray(cert.subject?.CN) ? cert.subject.CN[0] : cert.subject?.CN;
        return cn === subject ? undefined : new Error(`the kubelet's certificate is for ${JSON.stringify(cn)}, not ${JSON.stringify(subject)}`);
      },
      handshakeTimeout: timeoutMs,
    };
    this.agent = new Agent({ ...this.tls, keepAlive: true, maxSockets: 64 });
  }

  async logs(namespace: string, pod: string, container: string, options: ContainerLogOptions): Promise<NodeJS.ReadableStream> {
    return this.get(`/containerLogs/${segments(namespace, pod, container)}?${podLogQueryString(options)}`);
  }

  exec(namespace: string, pod: string, container: string, command: string[], options: ExecOptions): Promise<ExecSession> {
    return openRemoteCommand(this.url('wss', `/exec/${segments(namespace, pod, container)}?${remoteCommandQueryString(command, options)}`), this.wsOptions(), options, this.what);
  }

  attach(namespace: string, pod: string, container: string, options: ExecOptions): Promise<ExecSession> {
    return openRemoteCommand(this.url('wss', `/attach/${segments(namespace, pod, container)}?${remoteCommandQueryString([], options)}`), this.wsOptions(), options, this.what);
  }

  async summary(): Promise<StatsSummary> {
    const res = await this.get('/stats/summary');
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as StatsSummary;
    } catch (e) {
      throw streamingErrors.internal(`the stats summary of ${this.what} is not JSON: ${(e as Error).message}`);
    }
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /** A GET whose response is handed over once its headers say 200; anything else rejects with the kubelet's Status. */
  private get(path: string): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const options: RequestOptions = { ...this.tls, agent: this.agent, method: 'GET', host: this.endpoint.host, port: this.endpoint.port, path };
      const req = request(options, (res) => {
        req.setTimeout(0);
        if (res.statusCode === 200) resolve(res);
        else readStatus(res).then(reject, reject);
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (e) => reject(streamingErrors.unavailable(`cannot reach the kubelet of ${this.what}: ${e.message}`)));
      req.end();
    });
  }

  /** `ws` hands these to `tls.connect` as they are; its typings describe an older `checkServerIdentity`. */
  private wsOptions(): ClientOptions {
    return this.tls as unknown as ClientOptions;
  }

  private url(scheme: 'wss', path: string): string {
    return `${scheme}://${hostPort(this.endpoint)}${path}`;
  }
}

function segments(...parts: string[]): string {
  return parts.map(encodeURIComponent).join('/');
}

function hostPort(e: RemoteKubeletEndpoint): string {
  return `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;
}

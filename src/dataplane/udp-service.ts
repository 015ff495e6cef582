/**
 * One UDP service port on one ClusterIP (cluster DNS above all): each client address gets a
 * session with its own upstream socket to one endpoint, so replies find their way back and
 * come from the ClusterIP the client asked. Sessions end after a quiet period.
 */
import dgram from 'node:dgram';
import type { Balancer } from './balancer.js';
import type { ServicePortEntry } from './protocol.js';

const SESSION_IDLE_MS = 30_000;
const MAX_SESSIONS = 4096;

interface Session {
  upstream: dgram.Socket;
  timer: NodeJS.Timeout;
  /** Datagrams that arrived before the upstream socket finished connecting. */
  pending?: Buffer[];
}

export class UdpService {
  private readonly socket = dgram.createSocket('udp4');
  private readonly sessions = new Map<string, Session>();
  private entry!: ServicePortEntry;
  private affinitySeconds?: number;

  constructor(
    readonly name: string,
    readonly ip: string,
    entry: ServicePortEntry,
    affinitySeconds: number | undefined,
    private readonly balancer: Balancer,
    private readonly log: (line: string) => void,
  ) {
    this.update(entry, affinitySeconds);
    this.socket.on('message', (msg, from) => this.forward(msg, from));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.bind(this.entry.port, this.ip, () => {
        this.socket.off('error', reject);
        this.socket.on('error', (e) => this.log(`${this.name} ${this.ip}:${this.entry.port}/UDP: ${e.message}`));
        resolve();
      });
    });
  }

  update(entry: ServicePortEntry, affinitySeconds: number | undefined): void {
    this.entry = entry;
    this.affinitySeconds = affinitySeconds;
  }

  close(): void {
    for (const s of this.sessions.values()) this.end(s);
    this.sessions.clear();
    this.socket.close();
  }

  private forward(msg: Buffer, from: dgram.RemoteInfo): void {
    const id = `${from.address}:${from.port}`;
    let session = this.sessions.get(id);
    if (!session) {
      if (this.sessions.size >= MAX_SESSIONS) return;
      const endpoint = this.balancer.pick(`${this.name}:${this.entry.port}/UDP`, this.entry.endpoints, {
        clientIP: from.address, affinitySeconds: this.affinitySeconds,
      });
      if (!endpoint) return;
      const upstream = dgram.createSocket('udp4');
      upstream.on('message', (reply) => {
        this.socket.send(reply, from.port, from.address);
        this.touch(id);
      });
      upstream.on('error', () => this.drop(id));
      upstream.connect(endpoint.port, endpoint.ip);
      session = { upstream, timer: setTimeout(() => this.drop(id), SESSION_IDLE_MS), pending: [msg] };
      this.sessions.set(id, session);
      const s = session;
      upstream.once('connect', () => {
        for (const m of s.pending ?? []) s.upstream.send(m);
        s.pending = undefined;
      });
      return;
    }
    this.touch(id);
    if (session.pending) {
      session.pending.push(msg);
      return;
    }
    try {
      session.upstream.send(msg);
    } catch {
      this.drop(id);
    }
  }

  private touch(id: string): void {
    const s = this.sessions.get(id);
    if (s) s.timer.refresh();
  }

  private drop(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    this.end(s);
  }

  private end(s: Session): void {
    clearTimeout(s.timer);
    try {
      s.upstream.close();
    } catch {
      // already closed
    }
  }
}

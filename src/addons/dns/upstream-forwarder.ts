/**
 * Forwards queries the cluster zone does not answer to the upstream resolvers: over UDP from a
 * fresh socket and query id, over TCP when the UDP reply is truncated, to the next upstream on
 * timeout or error. The caller gets the reply with its own query id back.
 */
import { createSocket } from 'node:dgram';
import { connect, isIPv6 } from 'node:net';
import { randomInt } from 'node:crypto';
import { emptyFlags, RRClass, type ResourceRecord } from './dns-message.js';
import { decodeMessage, encodeMessage } from './wire-codec.js';
import { readFramed, writeFramed } from './tcp-framing.js';

export interface Upstream {
  host: string;
  port: number;
}

export interface ForwarderConfig {
  upstreams: Upstream[];
  /** How long to wait for one upstream over UDP before trying the next (default 2000 ms). */
  udpTimeoutMs?: number;
  /** How long a TCP exchange may take (default 4000 ms). */
  tcpTimeoutMs?: number;
  /** Forwarded queries in flight at once; more fail at once (default 1000, CoreDNS's max_concurrent). */
  maxConcurrent?: number;
  log?: (line: string) => void;
}

export class UpstreamForwarder {
  private readonly udpTimeoutMs: number;
  private readonly tcpTimeoutMs: number;
  /** The upstream that answered last; tried first. */
  private preferred = 0;
  /** When each upstream's failure was last logged (one line per upstream per 10 s). */
  private readonly loggedAt = new Map<number, number>();
  /** Upstreams found to loop back to this server; never used again. */
  private readonly disabled = new Set<number>();
  /** Queries being forwarded now (at most `maxConcurrent`). */
  private inFlight = 0;
  private overloadLoggedAt = 0;

  constructor(private readonly config: ForwarderConfig) {
    this.udpTimeoutMs = config.udpTimeoutMs ?? 2000;
    this.tcpTimeoutMs = config.tcpTimeoutMs ?? 4000;
  }

  /** The upstream reply to `query` (with the query's id), or undefined when every upstream failed. */
  async exchange(query: Buffer): Promise<Buffer | undefined> {
    const max = this.config.maxConcurrent ?? 1000;
    if (this.inFlight >= max) {
      if (Date.now() - this.overloadLoggedAt > 10_000) {
        this.overloadLoggedAt = Date.now();
        this.config.log?.(`forwarding overloaded: ${max} queries already in flight; answering SERVFAIL`);
      }
      return undefined;
    }
    this.inFlight++;
    try {
      const count = this.config.upstreams.length;
      for (let i = 0; i < count; i++) {
        const index = (this.preferred + i) % count;
        if (this.disabled.has(index)) continue;
        const reply = await this.exchangeWith(index, query);
        if (reply) {
          this.preferred = index;
          return reply;
        }
      }
      return undefined;
    } finally {
      this.inFlight--;
    }
  }

  /** One attempt at upstream number `index`: UDP, then TCP if truncated; undefined on failure. */
  async exchangeWith(index: number, query: Buffer): Promise<Buffer | undefined> {
    const upstream = this.config.upstreams[index];
    const outgoing = Buffer.from(query);
    outgoing.writeUInt16BE(randomInt(0, 0x10000), 0);
    try {
      let reply = await udpExchange(outgoing, upstream, this.udpTimeoutMs);
      if (reply.readUInt16BE(2) & 0x0200) reply = await tcpExchange(outgoing, upstream, this.tcpTimeoutMs);
      reply.writeUInt16BE(query.readUInt16BE(0), 0);
      return reply;
    } catch (e) {
      if (Date.now() - (this.loggedAt.get(index) ?? 0) > 10_000) {
        this.loggedAt.set(index, Date.now());
        this.config.log?.(`upstream failed upstream=${upstream.host}:${upstream.port} error="${(e as Error).message}"`);
      }
      return undefined;
    }
  }

  /** Stops forwarding to upstream number `index` (it sends queries back to this server). */
  disable(index: number): void {
    this.disabled.add(index);
  }

  /** The configured upstreams, in order (indexes as `exchangeWith` and `disable` take them). */
  get upstreams(): readonly Upstream[] {
    return this.config.upstreams;
  }

  /** Resolves `name`/`type` upstream (recursion desired); the answer records, or undefined on failure. */
  async resolve(name: string, type: number): Promise<ResourceRecord[] | undefined> {
    const flags = { ...emptyFlags(), rd: true };
    const query = encodeMessage({ id: 0, flags, questions: [{ name, type, class: RRClass.IN }], answers: [], authorities: [], additionals: [] });
    const reply = await this.exchange(query);
    if (!reply) return undefined;
    try {
      return decodeMessage(reply).answers;
    } catch {
      return undefined;
    }
  }
}

/** One UDP exchange; resolves with the first reply that comes from the upstream with our id. */
function udpExchange(query: Buffer, upstream: Upstream, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(upstream.host) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => finish(new Error(`no UDP reply within ${timeoutMs} ms`)), timeoutMs);
    let done = false;
    const finish = (error?: Error, reply?: Buffer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(reply!);
    };
    socket.on('error', (e) => finish(e));
    socket.on('message', (msg, from) => {
      if (from.port !== upstream.port || msg.length < 12 || msg.readUInt16BE(0) !== query.readUInt16BE(0) || !(msg[2] & 0x80)) return;
      finish(undefined, msg);
    });
    socket.send(query, upstream.port, upstream.host);
  });
}

/** One TCP exchange (RFC 1035 section 4.2.2 framing). */
function tcpExchange(query: Buffer, upstream: Upstream, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: upstream.host, port: upstream.port });
    let done = false;
    const finish = (error?: Error, reply?: Buffer) => {
      if (done) return;
      done = true;
      socket.destroy();
      if (error) reject(error);
      else resolve(reply!);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no TCP reply within ${timeoutMs} ms`)));
    socket.on('error', (e) => finish(e));
    socket.on('close', () => finish(new Error('upstream closed the TCP connection before replying')));
    socket.on('connect', () => writeFramed(socket, query));
    readFramed(socket, (msg) => {
      if (msg.length >= 12 && msg.readUInt16BE(0) === query.readUInt16BE(0)) finish(undefined, msg);
    });
  });
}

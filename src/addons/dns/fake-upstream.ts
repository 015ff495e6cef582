/**
 * A small upstream DNS server on 127.0.0.1 for the forwarding specs: answers from a fixed table
 * over UDP and TCP, and can be told to truncate every UDP reply, to never answer, or to relay
 * UDP queries to another server (a forwarding loop). Counts the queries it gets on each transport.
 */
import { createSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import { canonicalName, emptyFlags, Rcode, type DnsMessage, type ResourceRecord } from './dns-message.js';
import { decodeMessage, encodeMessage } from './wire-codec.js';
import { readFramed, writeFramed } from './tcp-framing.js';

export interface FakeUpstreamOptions {
  /** Canonical name -> the answer records; other names get NXDOMAIN. */
  records?: Record<string, ResourceRecord[]>;
  /** Reply over UDP with TC set and no records. */
  truncateUdp?: boolean;
  /** Never reply. */
  silent?: boolean;
  /** Relay UDP queries to this port on 127.0.0.1 and pass its replies back. */
  relayTo?: () => number;
}

export interface FakeUpstream {
  port: number;
  readonly udpQueries: number;
  readonly tcpQueries: number;
  close(): Promise<void>;
}

function relay(query: Buffer, port: number, reply: (out: Buffer) => void): void {
  const socket = createSocket('udp4');
  const timer = setTimeout(() => socket.close(), 5000);
  socket.on('message', (out) => {
    clearTimeout(timer);
    socket.close();
    reply(out);
  });
  socket.send(query, port, '127.0.0.1');
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const counts = { udp: 0, tcp: 0 };
  const reply = (raw: Buffer, udp: boolean): Buffer | undefined => {
    if (options.silent) return undefined;
    const q = decodeMessage(raw);
    const answers = options.records?.[canonicalName(q.questions[0].name)];
    const message: DnsMessage = {
      id: q.id,
      flags: { ...emptyFlags(), qr: true, rd: q.flags.rd, ra: true, tc: udp && !!options.truncateUdp, rcode: answers ? Rcode.NOERROR : Rcode.NXDOMAIN },
      questions: q.questions,
      answers: udp && options.truncateUdp ? [] : (answers ?? []),
      authorities: [],
      additionals: [],
    };
    return encodeMessage(message);
  };
  const udp = createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const port = udp.address().port;
  udp.on('message', (msg, from) => {
    counts.udp++;
    if (options.relayTo) return relay(msg, options.relayTo(), (out) => udp.send(out, from.port, from.address));
    const out = reply(msg, true);
    if (out) udp.send(out, from.port, from.address);
  });
  const sockets = new Set<Socket>();
  const tcp = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    readFramed(socket, (msg) => {
      counts.tcp++;
      const out = reply(msg, false);
      if (out) writeFramed(socket, out);
    });
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, '127.0.0.1', resolve);
  });
  return {
    port,
    get udpQueries() { return counts.udp; },
    get tcpQueries() { return counts.tcp; },
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise<void>((r) => udp.close(() => r())), new Promise<void>((r) => tcp.close(() => r()))]);
    },
  };
}

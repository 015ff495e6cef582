/**
 * A raw DNS client for the specs: builds queries and sends them over UDP or TCP to 127.0.0.1,
 * so replies can be checked byte for byte (flags, sections, TC, ids) where `dns.promises` hides them.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { emptyFlags, optRecord, RRClass, type DnsMessage } from './dns-message.js';
import { encodeMessage } from './wire-codec.js';
import { readFramed, writeFramed } from './tcp-framing.js';

export function query(name: string, type: number, options: { id?: number; edns?: number } = {}): Buffer {
  return encodeMessage({
    id: options.id ?? 4242,
    flags: { ...emptyFlags(), rd: true },
    questions: [{ name, type, class: RRClass.IN }],
    answers: [],
    authorities: [],
    additionals: options.edns ? [optRecord(options.edns)] : [],
  } satisfies DnsMessage);
}

/** Sends `datagrams` from one socket; resolves with the first `expect` replies (rejects after `timeoutMs`). */
export function udpExchange(port: number, datagrams: Buffer[], expect = 1, timeoutMs = 3000): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const replies: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`got ${replies.length} of ${expect} UDP replies within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('message', (msg) => {
      replies.push(msg);
      if (replies.length < expect) return;
      clearTimeout(timer);
      socket.close();
      resolve(replies);
    });
    socket.bind(0, '127.0.0.1', () => {
      for (const d of datagrams) socket.send(d, port, '127.0.0.1');
    });
  });
}

/** Writes `messages` on one TCP connection; resolves with the first `expect` framed replies. */
export function tcpExchange(port: number, messages: Buffer[], expect = messages.length, timeoutMs = 3000): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const replies: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`got ${replies.length} of ${expect} TCP replies within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('error', reject);
    socket.on('connect', () => {
      for (const m of messages) writeFramed(socket, m);
    });
    readFramed(socket, (msg) => {
      replies.push(msg);
      if (replies.length < expect) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(replies);
    });
  });
}

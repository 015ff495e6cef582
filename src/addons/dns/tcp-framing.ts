/**
 * DNS over TCP framing (RFC 1035 section 4.2.2, RFC 7766): each message is preceded by its
 * length as two bytes, and a connection carries any number of messages in both directions.
 */
import type { Socket } from 'node:net';

/** Calls `onMessage` for each complete message that arrives on `socket`. */
export function readFramed(socket: Socket, onMessage: (message: Buffer) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (pending.length < 2 + length) break;
      const message = Buffer.from(pending.subarray(2, 2 + length));
      pending = pending.subarray(2 + length);
      onMessage(message);
    }
  });
}

export function writeFramed(socket: Socket, message: Buffer): void {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length);
  socket.write(Buffer.concat([prefix, message]));
}

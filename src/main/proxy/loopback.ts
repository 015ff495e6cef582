/** Connections from the host side of Services to ports published on the host's 127.0.0.1. */
import net from 'node:net';

/** A TCP connection to 127.0.0.1:port, resolved once connected. */
export function connectLoopback(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, noDelay: true, allowHalfOpen: true });
    s.once('connect', () => {
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', reject);
  });
}

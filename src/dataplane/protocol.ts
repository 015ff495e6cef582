/**
 * The service proxy's wire protocol between the Pilothouse main process and the proxy container
 * (`service-proxy.ts`). The main process opens every connection, to the container's control port
 * published on 127.0.0.1, and starts it with one header line:
 *
 *   PILOTHOUSE/1 <token> CONFIG            then service tables as JSON lines; the proxy answers `APPLIED <generation>` lines
 *   PILOTHOUSE/1 <token> CONNECT <ip> <port>  the proxy dials ip:port in the pod network, answers `OK` or `ERR <reason>`, then relays bytes
 *   PILOTHOUSE/1 <token> REVERSE           a parked connection: when a pod reaches the API server, the proxy writes `GO` and relays
 *
 * The proxy greets every connection with `PILOTHOUSE/1 READY` first, so the main process knows a
 * connection reached the program (not just Docker's port proxy) before it relies on it.
 * Everything after the header (and after `OK`/`GO`) is the raw TCP stream.
 */
import type { Socket } from 'node:net';

export const PROTOCOL = 'PILOTHOUSE/1';
/** The proxy container's control port (published on 127.0.0.1 at a free host port). */
export const CONTROL_PORT = 7000;
const MAX_LINE = 1 << 20;

export interface EndpointAddress {
  ip: string;
  port: number;
}

export interface ServicePortEntry {
  port: number;
  protocol: 'TCP' | 'UDP';
  /** Ready endpoints only: a pod that stops being ready leaves this list. */
  endpoints: EndpointAddress[];
  /** The `kubernetes` Service: relayed back to the API server over a REVERSE connection. */
  apiServer?: boolean;
}

export interface ServiceEntry {
  /** `namespace/name`, for logs. */
  name: string;
  clusterIP: string;
  /** `sessionAffinity: ClientIP` timeout; absent for no affinity. */
  affinitySeconds?: number;
  ports: ServicePortEntry[];
}

export interface ServiceTable {
  generation: number;
  services: ServiceEntry[];
  /**
   * The API server's port: the proxy also listens on its own address at this port and relays to
   * the API server, so the `kubernetes` Endpoints can name a real, reachable address.
   */
  apiServerPort?: number;
}

export const GREETING = `${PROTOCOL} READY`;

export function headerLine(token: string, command: string, ...args: (string | number)[]): string {
  return [PROTOCOL, token, command, ...args].join(' ') + '\n';
}

export interface Header {
  token: string;
  command: string;
  args: string[];
}

export function parseHeader(line: string): Header | undefined {
  const [protocol, token, command, ...args] = line.trim().split(' ');
  if (protocol !== PROTOCOL || !token || !command) return undefined;
  return { token, command, args };
}

/**
 * Reads one `\n`-terminated line from a socket and puts any bytes after it back, so the stream
 * can be piped from there. Rejects when the socket ends first or the line grows past 1 MiB.
 */
export function readLine(socket: Socket, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered: Buffer = Buffer.alloc(0);
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      const nl = buffered.indexOf(10);
      if (nl < 0) {
        if (buffered.length > MAX_LINE) {
          cleanup();
          reject(new Error('header line too long'));
        }
        return;
      }
      cleanup();
      socket.pause();
      const rest = buffered.subarray(nl + 1);
      if (rest.length) socket.unshift(rest);
      resolve(buffered.subarray(0, nl).toString('utf8').replace(/\r$/, ''));
    };
    const onEnd = () => {
      cleanup();
      reject(new Error('connection closed before a complete line'));
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no line within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
    socket.resume();
  });
}

/**
 * Relays a client over a tunnel whose handshake answer has not arrived yet: the client's bytes
 * go out at once (the far end buffers them until it is connected), the tunnel's only after
 * `established` resolves (its answer line consumed). A failed handshake resets the client.
 */
export function relayPipelined(client: Socket, tunnel: Socket, established: Promise<void>): void {
  const destroyBoth = () => {
    client.destroy();
    tunnel.destroy();
  };
  client.on('error', destroyBoth);
  tunnel.on('error', destroyBoth);
  client.pipe(tunnel);
  client.resume();
  established.then(
    () => {
      tunnel.pipe(client);
      client.on('close', () => tunnel.end());
      tunnel.on('close', () => client.end());
      tunnel.resume();
    },
    () => {
      client.resetAndDestroy();
      tunnel.destroy();
    },
  );
}

/** Relays two sockets both ways, half-closes included; destroys both when either fails. */
export function relay(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  const destroyBoth = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', destroyBoth);
  b.on('error', destroyBoth);
  a.on('close', () => b.end());
  b.on('close', () => a.end());
  a.resume();
  b.resume();
}

/**
 * A stand-in for the cluster's pod network in ingress specs: "pods" are echo servers on
 * 127.0.0.1 random ports, known by a fake pod IP (10.100.0.x) and a container port, and `dial`
 * reaches them the way the cluster's dialer reaches real pods — as a plain Duplex tunnel, not a
 * `net.Socket`, handed over paused (the real tunnel pauses after reading its handshake line).
 * Nothing is ever sent to a non-loopback address.
 *
 * Each pod answers every request with JSON `{ pod, method, url, headers, body }`, streams
 * `/stream?chunks=N` as N chunked parts, hangs up without answering on `.../hangup`, never answers `.../silent`, and echoes
 * WebSocket messages as `<pod>: <message>`. `dialSocket` is the same dialer returning the
 * plain `net.Socket`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';

export interface EchoReply {
  pod: string;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface FakePod {
  name: string;
  containerPort: number;
  server: Server;
  localPort: number;
  /** Every connection, upgraded ones included (the server forgets those). */
  sockets: Set<Socket>;
}

/** A Duplex over a socket that hides the socket, as a tunnel through the pod network would. */
class Tunnel extends Duplex {
  constructor(private readonly socket: Socket) {
    super();
    socket.on('data', (d: Buffer) => {
      if (!this.push(d)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (e) => this.destroy(e));
    socket.on('close', () => this.destroy());
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.socket.write(chunk, cb);
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.socket.end();
    cb();
  }

  override _destroy(e: Error | null, cb: (e?: Error | null) => void): void {
    this.socket.destroy();
    cb(e);
  }
}

export class FakePodNetwork {
  private readonly pods = new Map<string, FakePod>();
  /** Every dial, in order: `ip:port`. */
  readonly dials: string[] = [];

  /** Starts a pod answering on `ip:containerPort`. */
  async addPod(ip: string, name: string, containerPort = 8080): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://pod');
        if (url.pathname.endsWith('/hangup')) {
          req.socket.destroy();
          return;
        }
        if (url.pathname.endsWith('/silent')) return; // accepts, never answers
        if (url.pathname === '/stream') {
          const n = Number(url.searchParams.get('chunks') ?? '3');
          res.writeHead(200, { 'content-type': 'text/plain', 'x-pod': name });
          let i = 0;
          const next = () => {
            if (i === n) return res.end();
            res.write(`part ${i++} from ${name}\n`);
            setTimeout(next, 5);
          };
          next();
          return;
        }
        const reply: EchoReply = { pod: name, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
        res.writeHead(200, { 'content-type': 'application/json', 'x-pod': name, 'Set-Cookie': ['a=1', 'b=2'] });
        res.end(JSON.stringify(reply));
      });
    });
    const wss = new WebSocketServer({ noServer: true });
    wss.on('connection', (ws) => ws.on('message', (m) => ws.send(`${name}: ${String(m)}`)));
    server.on('upgrade', (req, socket, head) => {
      if (req.url?.endsWith('/silent')) return; // accepts, never answers the handshake
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    });
    const sockets = new Set<Socket>();
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.pods.set(ip, { name, containerPort, server, localPort: (server.address() as AddressInfo).port, sockets });
  }

  /** Stops a pod: dials to it are refused from now on. */
  async removePod(ip: string): Promise<void> {
    const pod = this.pods.get(ip);
    this.pods.delete(ip);
    if (!pod) return;
    const closed = new Promise<void>((resolve) => pod.server.close(() => resolve()));
    for (const socket of pod.sockets) socket.destroy();
    await closed;
  }

  /** The cluster dialer's contract: a stream to `ip:port` in the pod network. */
  readonly dial = async (ip: string, port: number): Promise<Duplex> => {
    const tunnel = new Tunnel(await this.dialSocket(ip, port));
    tunnel.pause();
    return tunnel;
  };

  /** The same, handing out the loopback `net.Socket` itself. */
  readonly dialSocket = (ip: string, port: number): Promise<Socket> => {
    this.dials.push(`${ip}:${port}`);
    const pod = this.pods.get(ip);
    if (!pod || pod.containerPort !== port) return Promise.reject(new Error(`connect ECONNREFUSED ${ip}:${port}`));
    return new Promise((resolve, reject) => {
      const socket = connect({ port: pod.localPort, host: '127.0.0.1', allowHalfOpen: true }); // as the cluster's tunnel opens it
      socket.once('connect', () => {
        socket.pause(); // as the cluster's tunnel hands it out, after reading its own handshake line
        resolve(socket);
      });
      socket.once('error', reject);
    });
  };

  async close(): Promise<void> {
    await Promise.all([...this.pods.keys()].map((ip) => this.removePod(ip)));
  }
}

/**
 * The main process's side of the service proxy's control port (dataplane/protocol.ts), reached on
 * 127.0.0.1 at the port Docker published: `dial()` opens a stream to a pod IP:port inside the
 * cluster network (NodePorts, LoadBalancers, ingress, port-forward use it); a persistent CONFIG
 * connection carries the service table and reports which generation is applied; a small pool of
 * REVERSE connections lets pods reach the API server.
 */
import net from 'node:net';
import { connectLoopback } from './loopback.js';
import { GREETING, headerLine, readLine, relay, type ServiceEntry, type ServiceTable } from '../../dataplane/protocol.js';

export interface ProxyTunnelOptions {
  /** The control port on 127.0.0.1. */
  port: number;
  token: string;
  /** Where REVERSE connections lead: the API server's listener. */
  apiServer: { host: string; port: number };
  reversePoolSize?: number;
  /** Connections kept open ahead of need for dials (default 8). */
  warmConnections?: number;
  log?: (line: string) => void;
}

export class TunnelError extends Error {}

const CONTROL_HOST = '127.0.0.1';

export class ProxyTunnel {
  private control?: net.Socket;
  private table?: ServiceTable;
  private applied = 0;
  private readonly appliedWaiters: { generation: number; resolve: () => void }[] = [];
  private reverseCount = 0;
  /** Connections opened ahead of need (the TCP and Docker port-proxy setup off the request's path). */
  private readonly warm: net.Socket[] = [];
  private warming = 0;
  private closed = false;
  private reconnectTimer?: NodeJS.Timeout;
  private lastError?: string;
  /** Called when the control connection drops and cannot be re-established (the container may be gone). */
  onDisconnect?: (error: string) => void;

  constructor(private readonly o: ProxyTunnelOptions) {}

  get port(): number {
    return this.o.port;
  }

  /** Opens the CONFIG connection and fills the reverse pool. Rejects when the proxy does not answer. */
  async start(): Promise<void> {
    await this.openControl();
    for (let i = 0; i < (this.o.reversePoolSize ?? 4); i++) this.addReverse();
    this.refill();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.control?.destroy();
    for (const s of this.warm.splice(0)) s.destroy();
    for (const w of this.appliedWaiters.splice(0)) w.resolve();
  }

  /** A TCP stream to `ip:port` in the pod network; rejects with the proxy's reason. */
  async dial(ip: string, port: number): Promise<net.Socket> {
    const socket = await this.takeWarm();
    socket.write(headerLine(this.o.token, 'CONNECT', ip, port));
    let answer: string;
    try {
      answer = await readLine(socket);
    } catch (e) {
      socket.destroy();
      throw new TunnelError(`no answer from the service proxy for ${ip}:${port}: ${(e as Error).message}`);
    }
    if (answer !== 'OK') {
      socket.destroy();
      throw new TunnelError(`cannot connect to ${ip}:${port}: ${answer.replace(/^ERR /, '')}`);
    }
    resumeOnRead(socket);
    return socket;
  }

  /**
   * A stream to `ip:port` whose handshake is still under way: bytes written now are sent at once
   * and delivered when the proxy has connected; read only after `established` (see
   * `relayPipelined`). Saves a round trip per connection for host listeners.
   */
  async open(ip: string, port: number): Promise<{ socket: net.Socket; established: Promise<void> }> {
    const socket = await this.takeWarm();
    socket.write(headerLine(this.o.token, 'CONNECT', ip, port));
    const established = readLine(socket).then((answer) => {
      if (answer !== 'OK') throw new TunnelError(`cannot connect to ${ip}:${port}: ${answer.replace(/^ERR /, '')}`);
    });
    established.catch(() => socket.destroy());
    return { socket, established };
  }

  /** Sends a new service table; resolves once the proxy has applied it (or the tunnel closed). */
  push(services: ServiceEntry[]): Promise<void> {
    const generation = (this.table?.generation ?? 0) + 1;
    this.table = { generation, services, apiServerPort: this.o.apiServer.port };
    this.sendTable();
    return new Promise((resolve) => {
      if (this.applied >= generation || this.closed) resolve();
      else this.appliedWaiters.push({ generation, resolve });
    });
  }

  get appliedGeneration(): number {
    return this.applied;
  }

  private sendTable(): void {
    if (this.table && this.control && !this.control.destroyed) this.control.write(JSON.stringify(this.table) + '\n');
  }

  private takeWarm(): Promise<net.Socket> {
    let s: net.Socket | undefined;
    while ((s = this.warm.shift()) && (s.destroyed || !s.writable));
    this.refill();
    return s ? Promise.resolve(s) : this.connect();
  }

  private refill(): void {
    while (!this.closed && this.warm.length + this.warming < (this.o.warmConnections ?? 8)) {
      this.warming++;
      this.connect().then(
        (s) => {
          this.warming--;
          if (this.closed) {
            s.destroy();
            return;
          }
          s.once('close', () => {
            const i = this.warm.indexOf(s);
            if (i >= 0) this.warm.splice(i, 1);
          });
          s.on('error', () => s.destroy());
          this.warm.push(s);
        },
        () => {
          this.warming--;
        },
      );
    }
  }

  /** A connection that reached the proxy program (its greeting read), not just Docker's port proxy. */
  private async connect(): Promise<net.Socket> {
    const s = await connectLoopback(this.o.port).catch((e: Error) => {
      throw new TunnelError(`the service proxy does not answer on ${CONTROL_HOST}:${this.o.port}: ${e.message}`);
    });
    let greeting: string;
    try {
      greeting = await readLine(s, 5000);
    } catch (e) {
      s.destroy();
      throw new TunnelError(`the service proxy on ${CONTROL_HOST}:${this.o.port} did not greet: ${(e as Error).message}`);
    }
    if (greeting !== GREETING) {
      s.destroy();
      throw new TunnelError(`${CONTROL_HOST}:${this.o.port} is not the service proxy (it said ${JSON.stringify(greeting.slice(0, 40))})`);
    }
    return s;
  }

  private async openControl(): Promise<void> {
    const s = await this.connect();
    s.write(headerLine(this.o.token, 'CONFIG'));
    this.control = s;
    s.setEncoding('utf8');
    let buffered = '';
    s.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        this.onControlLine(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
    });
    s.on('error', (e) => (this.lastError = e.message));
    s.resume();
    s.on('close', () => {
      if (this.control === s) this.control = undefined;
      if (!this.closed) this.reconnect(0);
    });
    this.sendTable();
  }

  private onControlLine(line: string): void {
    const m = /^APPLIED (\d+)$/.exec(line);
    if (m) {
      this.applied = Math.max(this.applied, Number(m[1]));
      for (let i = this.appliedWaiters.length - 1; i >= 0; i--) {
        if (this.appliedWaiters[i].generation <= this.applied) this.appliedWaiters.splice(i, 1)[0].resolve();
      }
    } else {
      this.o.log?.(`service proxy: ${line}`);
    }
  }

  private reconnect(attempt: number): void {
    if (this.closed) return;
    if (attempt >= 10) {
      this.onDisconnect?.(this.lastError ?? 'connection closed');
      return;
    }
    this.reconnectTimer = setTimeout(() => {
      this.openControl().catch((e: Error) => {
        this.lastError = e.message;
        this.reconnect(attempt + 1);
      });
    }, Math.min(100 * 2 ** attempt, 2000));
  }

  private addReverse(): void {
    if (this.closed) return;
    this.reverseCount++;
    void this.connect().then(
      async (s) => {
        s.write(headerLine(this.o.token, 'REVERSE'));
        let line: string;
        try {
          line = await readLine(s, 24 * 3600_000);
        } catch {
          s.destroy();
          this.reverseLost();
          return;
        }
        this.reverseCount--;
        this.addReverse();
        if (line !== 'GO') {
          s.destroy();
          return;
        }
        const api = net.connect({ host: this.o.apiServer.host, port: this.o.apiServer.port, allowHalfOpen: true, noDelay: true });
        api.once('connect', () => relay(s, api));
        api.once('error', () => {
          api.destroy();
          s.destroy();
        });
      },
      () => this.reverseLost(),
    );
  }

  /** A parked connection failed: try again later, unless closed. */
  private reverseLost(): void {
    this.reverseCount--;
    if (!this.closed) setTimeout(() => this.addReverse(), 1000).unref();
  }
}

/**
 * Reading the handshake left the socket paused (bytes after it are put back). A consumer that
 * attaches a 'data' listener (Node's HTTP client does) expects a flowing socket as a fresh one
 * would be: resume it then, without dropping anything before someone listens.
 */
function resumeOnRead(socket: net.Socket): void {
  const onListener = (event: string | symbol) => {
    if (event !== 'data') return;
    socket.off('newListener', onListener);
    process.nextTick(() => socket.resume());
  };
  socket.on('newListener', onListener);
}

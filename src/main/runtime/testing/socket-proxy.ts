/**
 * A Unix-socket proxy in front of the Docker socket, to make "the engine went away and came
 * back" happen in a test without touching the real engine: `down()` closes the listener and
 * cuts every open connection (clients then see ECONNRESET / ENOENT), `up()` listens again.
 * `stall: true` accepts connections but never answers (a hung engine or registry).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class SocketProxy {
  /** The socket path clients connect to. */
  readonly path: string;
  private readonly dir: string;
  private server?: Server;
  private readonly open = new Set<Socket>();

  constructor(
    private readonly target: string,
    private readonly options: { stall?: boolean } = {},
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'pilothouse-sock-'));
    this.path = join(this.dir, 'docker.sock');
  }

  up(): Promise<void> {
    const server = createServer((client) => {
      this.open.add(client);
      client.on('close', () => this.open.delete(client));
      client.on('error', () => client.destroy());
      if (this.options.stall) return;
      const upstream = createConnection(this.target);
      this.open.add(upstream);
      upstream.on('close', () => {
        this.open.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => resolve());
    });
  }

  /** Stops listening (the socket file goes away) and cuts every connection. */
  down(): Promise<void> {
    for (const s of this.open) s.destroy();
    this.open.clear();
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  async dispose(): Promise<void> {
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A stand-in Docker engine on a Unix socket that answers image pulls only, for the pull paths a
 * machine without a registry cannot reach for real: streamed progress of a successful pull and
 * a failure reported mid-stream (`{"error": ...}` lines, as a registry dropping a layer gives).
 * `POST /images/create` streams the progress lines of `pulls[image]`; `GET /images/<ref>/json`
 * answers for images pulled successfully; anything else is a 404.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakePull {
  /** JSON lines streamed as the pull's progress (an `error` field makes it a failed pull). */
  lines: object[];
  sizeBytes?: number;
}

export class FakeRegistryDaemon {
  readonly path: string;
  private readonly dir: string;
  private readonly server: Server;
  private readonly pulled = new Set<string>();

  /** `pulls` is keyed by `repository:tag`. */
  constructor(private readonly pulls: Record<string, FakePull>) {
    this.dir = mkdtempSync(join(tmpdir(), 'pilothouse-fake-docker-'));
    this.path = join(this.dir, 'docker.sock');
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://docker');
      if (req.method === 'POST' && url.pathname.endsWith('/images/create')) {
        const ref = `${url.searchParams.get('fromImage')}:${url.searchParams.get('tag')}`;
        const pull = this.pulls[ref];
        if (!pull) return this.json(res, 404, { message: `manifest for ${ref} not found: manifest unknown: manifest unknown` });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        for (const line of pull.lines) res.write(`${JSON.stringify(line)}\r\n`);
        if (!pull.lines.some((l) => 'error' in l)) this.pulled.add(ref);
        return res.end();
      }
      const inspect = /\/images\/(.+)\/json$/.exec(url.pathname);
      if (req.method === 'GET' && inspect) {
        const ref = decodeURIComponent(inspect[1]);
        if (!this.pulled.has(ref)) return this.json(res, 404, { message: `No such image: ${ref}` });
        return this.json(res, 200, { Id: `sha256:${'ab'.repeat(32)}`, RepoTags: [ref], Size: this.pulls[ref].sizeBytes ?? 0 });
      }
      this.json(res, 404, { message: `fake daemon: ${req.method} ${url.pathname} is not implemented` });
    });
  }

  private json(res: import('node:http').ServerResponse, status: number, body: object): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.path, () => resolve());
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

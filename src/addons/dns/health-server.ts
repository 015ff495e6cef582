/**
 * The HTTP endpoints the kubelet probes: `GET /health` is 200 while the process runs (liveness),
 * `GET /ready` is 200 once the record index has synced with the API, else 503 (readiness).
 */
import { createServer, type Server } from 'node:http';

export interface HealthServerConfig {
  host: string;
  port: number;
  ready(): boolean;
}

export class HealthServer {
  private server?: Server;

  constructor(private readonly config: HealthServerConfig) {}

  /** Listens; resolves with the port. */
  start(): Promise<number> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const send = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(`${text}\n`);
      };
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
      if (path === '/health') return send(200, 'ok');
      if (path === '/ready') return this.config.ready() ? send(200, 'ready') : send(503, 'not synced with the API server yet');
      send(404, 'not found');
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.config.host, () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : this.config.port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

/**
 * A TCP relay on 127.0.0.1 for the watch specs: sits between the DNS add-on and the API server
 * so a test can cut every open connection (a dropped watch) or hold new ones until released.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Destroys every relayed connection. */
  dropAll(): void;
  /** New connections wait (unrelayed) until `release()`. */
  hold(): void;
  release(): void;
  /** How many connections have been accepted. */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let held: (() => void)[] | undefined;
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const relay = () => {
      if (client.destroyed) return;
      const upstream = connect({ host: '127.0.0.1', port: targetPort });
      open.add(upstream);
      upstream.on('close', () => {
        open.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    };
    if (held) held.push(relay);
    else relay();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    get accepted() { return accepted; },
    dropAll() {
      for (const s of open) s.destroy();
    },
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const relay of waiting) relay();
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

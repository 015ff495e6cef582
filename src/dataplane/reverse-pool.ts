/**
 * Connections the main process parks in the proxy so that pods can reach the API server, which
 * listens on the host's 127.0.0.1 only (unreachable from the pod network on Linux and on Docker
 * Desktop alike): a pod's connection to the `kubernetes` Service takes a parked connection, the
 * proxy writes `GO`, and the main process connects it to the API server. Pods wait (bounded) when
 * the pool is momentarily empty; the main process refills it.
 */
import type net from 'node:net';
import { relay } from './protocol.js';

const WAIT_MS = 10_000;

export class ReversePool {
  private readonly parked: net.Socket[] = [];
  private readonly waiting: { client: net.Socket; timer: NodeJS.Timeout }[] = [];

  park(socket: net.Socket): void {
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      const i = this.parked.indexOf(socket);
      if (i >= 0) this.parked.splice(i, 1);
    });
    const waiter = this.waiting.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      this.go(socket, waiter.client);
      return;
    }
    this.parked.push(socket);
  }

  connect(client: net.Socket): void {
    let socket: net.Socket | undefined;
    while ((socket = this.parked.shift()) && socket.destroyed);
    if (socket) {
      this.go(socket, client);
      return;
    }
    const timer = setTimeout(() => {
      const i = this.waiting.findIndex((w) => w.client === client);
      if (i >= 0) this.waiting.splice(i, 1);
      client.resetAndDestroy();
    }, WAIT_MS);
    this.waiting.push({ client, timer });
  }

  get size(): number {
    return this.parked.length;
  }

  private go(socket: net.Socket, client: net.Socket): void {
    socket.write('GO\n');
    relay(client, socket);
  }
}

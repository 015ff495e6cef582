/**
 * The service proxy: Pilothouse's kube-proxy data plane, run with Node inside one container on
 * the cluster's Docker network (`node service-proxy.mjs`; see `src/main/proxy/`). It owns every
 * ClusterIP as an address alias and relays TCP and UDP to ready endpoints in user space (the
 * original kube-proxy "userspace" mode), tunnels host traffic (NodePorts, LoadBalancers,
 * ingress, port-forward) into the pod network, and lets pods reach the API server. It has no
 * API access of its own: the main process pushes the service table over the control port.
 *
 * Environment: PILOTHOUSE_PROXY_TOKEN (required), PILOTHOUSE_PROXY_PORT (default 7000),
 * PILOTHOUSE_PROXY_INTERFACE (default eth0), PILOTHOUSE_PROXY_IDLE_EXIT_SECONDS (default 60: with
 * no control connection for that long the main process is gone, and the proxy exits).
 */
import net from 'node:net';
import os from 'node:os';
import { timingSafeEqual } from 'node:crypto';
import { AddressAliases } from './address-aliases.js';
import { Balancer } from './balancer.js';
import { CONTROL_PORT, GREETING, parseHeader, readLine, relay, type ServiceTable } from './protocol.js';
import { ReversePool } from './reverse-pool.js';
import { TcpService } from './tcp-service.js';
import { UdpService } from './udp-service.js';

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

const token = process.env.PILOTHOUSE_PROXY_TOKEN ?? '';
if (token.length < 16) {
  log('PILOTHOUSE_PROXY_TOKEN must be set (16 characters or more)');
  process.exit(2);
}
const tokenBytes = Buffer.from(token);
const iface = process.env.PILOTHOUSE_PROXY_INTERFACE || 'eth0';
const aliases = new AddressAliases(iface);
/** This container's own address on the pod network (before any ClusterIP alias exists). */
const ownAddress = os.networkInterfaces()[iface]?.find((a) => a.family === 'IPv4')?.address;
const balancer = new Balancer();
const reverse = new ReversePool();
const listeners = new Map<string, TcpService | UdpService>();
let applying: Promise<void> = Promise.resolve();
let controls = 0;
const idleExitMs = Number(process.env.PILOTHOUSE_PROXY_IDLE_EXIT_SECONDS || 60) * 1000;
let idleTimer: NodeJS.Timeout | undefined;
function armIdleExit(): void {
  clearTimeout(idleTimer);
  if (controls === 0) {
    idleTimer = setTimeout(() => {
      log(`no control connection for ${idleExitMs / 1000} s: Pilothouse is gone, exiting`);
      process.exit(0);
    }, idleExitMs);
  }
}
armIdleExit();

function validToken(t: string): boolean {
  const b = Buffer.from(t);
  return b.length === tokenBytes.length && timingSafeEqual(b, tokenBytes);
}

async function apply(table: ServiceTable): Promise<void> {
  const wanted = new Map<string, { svc: ServiceTable['services'][number]; port: ServiceTable['services'][number]['ports'][number] }>();
  for (const svc of table.services) {
    for (const port of svc.ports) wanted.set(`${svc.clusterIP}:${port.port}/${port.protocol}`, { svc, port });
  }
  if (table.apiServerPort && ownAddress) {
    const svc = { name: 'default/kubernetes (endpoint)', clusterIP: ownAddress, ports: [{ port: table.apiServerPort, protocol: 'TCP' as const, endpoints: [], apiServer: true }] };
    wanted.set(`${ownAddress}:${table.apiServerPort}/TCP`, { svc, port: svc.ports[0] });
  }
  for (const [key, l] of listeners) {
    if (!wanted.has(key)) {
      l.close();
      listeners.delete(key);
    }
  }
  const ips = new Set([...table.services.map((s) => s.clusterIP), ...(ownAddress ? [ownAddress] : [])]);
  for (const ip of aliases.list()) if (!ips.has(ip)) await aliases.remove(ip).catch((e: Error) => log(e.message));
  for (const [key, { svc, port }] of wanted) {
    const existing = listeners.get(key);
    if (existing) {
      existing.update(port, svc.affinitySeconds);
      continue;
    }
    try {
      if (svc.clusterIP !== ownAddress) await aliases.add(svc.clusterIP);
      const l = port.protocol === 'UDP'
        ? new UdpService(svc.name, svc.clusterIP, port, svc.affinitySeconds, balancer, log)
        : new TcpService(svc.name, svc.clusterIP, port, svc.affinitySeconds, { balancer, log, toApiServer: (c) => reverse.connect(c) });
      await l.listen();
      listeners.set(key, l);
    } catch (e) {
      log(`cannot serve ${svc.name} on ${key}: ${(e as Error).message}`);
    }
  }
  balancer.prune(new Set([...wanted.values()].map(({ svc, port }) => `${svc.name}:${port.port}${port.protocol === 'UDP' ? '/UDP' : ''}`)));
}

function control(socket: net.Socket): void {
  controls++;
  armIdleExit();
  socket.once('close', () => {
    controls--;
    armIdleExit();
  });
  socket.on('error', () => socket.destroy());
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      let table: ServiceTable;
      try {
        table = JSON.parse(line) as ServiceTable;
      } catch {
        socket.write(`ERR malformed table\n`);
        continue;
      }
      applying = applying.then(() => apply(table)).then(
        () => void socket.write(`APPLIED ${table.generation}\n`),
        (e: Error) => void socket.write(`ERR ${e.message.replace(/\n/g, ' ')}\n`),
      );
    }
  });
  socket.resume();
}

function dial(socket: net.Socket, ip: string, portText: string): void {
  const port = Number(portText);
  if (!net.isIPv4(ip) || !Number.isInteger(port) || port < 1 || port > 65535) {
    socket.end(`ERR bad target ${ip}:${portText}\n`);
    return;
  }
  const upstream = net.connect({ host: ip, port, allowHalfOpen: true });
  upstream.setNoDelay(true);
  upstream.once('error', (e) => socket.end(`ERR ${e.message}\n`));
  upstream.once('connect', () => {
    upstream.removeAllListeners('error');
    socket.write('OK\n');
    relay(socket, upstream);
  });
}

const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true }, async (socket) => {
  socket.on('error', () => socket.destroy());
  socket.write(`${GREETING}\n`);
  let line: string;
  try {
    // Long: the main process keeps a few connections open ahead of need.
    line = await readLine(socket, 15 * 60_000);
  } catch {
    socket.destroy();
    return;
  }
  const header = parseHeader(line);
  if (!header || !validToken(header.token)) {
    socket.end('ERR unauthorized\n');
    return;
  }
  if (header.command === 'CONNECT' && header.args.length === 2) dial(socket, header.args[0], header.args[1]);
  else if (header.command === 'REVERSE') reverse.park(socket);
  else if (header.command === 'CONFIG') control(socket);
  else socket.end(`ERR unknown command ${header.command}\n`);
});

const port = Number(process.env.PILOTHOUSE_PROXY_PORT || CONTROL_PORT);
server.listen({ host: '0.0.0.0', port }, () => log(`service proxy listening on :${port}`));
const shutdown = () => {
  server.close();
  for (const l of listeners.values()) l.close();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

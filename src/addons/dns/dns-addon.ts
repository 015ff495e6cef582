/**
 * The cluster DNS add-on assembled: record index fed by the cluster watch, the authoritative
 * cluster zone, the upstream forwarder, the UDP/TCP listeners and the health endpoints.
 */
import { ApiConnection, type ApiConnectionConfig } from './api-connection.js';
import { ClusterWatch, type ClusterWatchConfig } from './cluster-watch.js';
import { ClusterZone } from './cluster-zone.js';
import type { DnsAddonConfig } from './config.js';
import { DnsServer } from './dns-server.js';
import { HealthServer } from './health-server.js';
import { LoopDetector } from './loop-detector.js';
import { QueryHandler } from './query-handler.js';
import { RecordIndex } from './record-index.js';
import { UpstreamForwarder } from './upstream-forwarder.js';

export interface DnsAddon {
  dnsPort: number;
  healthPort: number;
  readonly ready: boolean;
  close(): Promise<void>;
}

export interface DnsAddonOptions {
  log(line: string): void;
  /** Reflector tuning, for tests. */
  watch?: Pick<ClusterWatchConfig, 'backoff' | 'watchTimeoutSeconds'>;
  /** Forwarder timeouts, for tests. */
  upstreamTimeoutsMs?: { udp: number; tcp: number };
}

export async function startDnsAddon(config: DnsAddonConfig, options: DnsAddonOptions): Promise<DnsAddon> {
  const { log } = options;
  const index = new RecordIndex(config.domain);
  const connection = new ApiConnection(config.api satisfies ApiConnectionConfig);
  let announcedReady = false;
  const watch = new ClusterWatch({ connection, index, log, ...options.watch });
  const isReady = () => {
    const ready = watch.ready;
    if (ready && !announcedReady) {
      announcedReady = true;
      log(`ready: synced with the API server services=${index.serviceCount}`);
    }
    return ready;
  };
  const zone = new ClusterZone(index, { domain: config.domain, ttl: config.ttl });
  const forwarder = new UpstreamForwarder({
    upstreams: config.upstreams,
    udpTimeoutMs: options.upstreamTimeoutsMs?.udp,
    tcpTimeoutMs: options.upstreamTimeoutsMs?.tcp,
    log,
  });
  const loopDetector = new LoopDetector(forwarder, log);
  const dns = new DnsServer({ handler: new QueryHandler({ zone, forwarder, loopDetector, log }), host: config.bindAddress, port: config.dnsPort, log });
  const health = new HealthServer({ host: config.bindAddress, port: config.healthPort, ready: isReady });
  const dnsPort = await dns.start();
  let healthPort: number;
  try {
    healthPort = await health.start();
  } catch (e) {
    await dns.close();
    throw e;
  }
  watch.start();
  void loopDetector.probe();
  const readyTimer = setInterval(isReady, 200);
  const upstreams = config.upstreams.map((u) => `${u.host}:${u.port}`).join(',') || 'none';
  log(`cluster DNS serving domain=${config.domain} dns=${config.bindAddress}:${dnsPort} health=${config.bindAddress}:${healthPort} api=${connection.address} upstreams=${upstreams}`);
  return {
    dnsPort,
    healthPort,
    get ready() {
      return isReady();
    },
    async close() {
      clearInterval(readyTimer);
      await watch.stop();
      await Promise.all([dns.close(), health.close()]);
      log('cluster DNS stopped');
    },
  };
}

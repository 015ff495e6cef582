/**
 * Cluster IP and NodePort allocation for Services (upstream's service REST allocators).
 * Allocation reads the Services that exist and picks a free value; a lock serialises
 * allocations in this API server so two creates never get the same address or port.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import { errors } from '../errors.js';
import type { FieldError } from '../registry/types.js';
import { findResource } from '../registry/resources.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { AdmissionAttributes, AdmissionPlugin } from './types.js';
import { CLUSTER_NETWORK, NODE_PORT_RANGE } from '../../network/cluster-network.js';

export interface ServiceNetworkConfig {
  /** Service CIDR, IPv4 only (default 10.96.0.0/16, inside the pod network; see cluster-network.ts). */
  serviceCidr: string;
  nodePortRange: [number, number];
}

export const DEFAULT_SERVICE_NETWORK: ServiceNetworkConfig = { serviceCidr: CLUSTER_NETWORK.serviceCidr, nodePortRange: NODE_PORT_RANGE };

interface ServicePort {
  name?: string;
  port?: number;
  nodePort?: number;
  protocol?: string;
}
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
}

export class ServiceAllocation implements AdmissionPlugin {
  readonly name = 'ServiceAllocation';
  private readonly services = findResource('', 'v1', 'services')!;
  private readonly base: number;
  private readonly size: number;
  private lock: Promise<void> = Promise.resolve();
  /**
   * Values handed out recently, with when and to which Service (`namespace/name`): admission runs
   * before the Service is stored, so a value stays reserved for a while even though no stored
   * Service shows it yet. Deleting the Service releases its reservations at once.
   */
  private readonly recent = new Map<string, { at: number; owner: string }>();

  constructor(
    private readonly objects: ObjectStore,
    private readonly net: ServiceNetworkConfig = DEFAULT_SERVICE_NETWORK,
  ) {
    const [addr, bits] = net.serviceCidr.split('/');
    this.base = ipToInt(addr);
    this.size = 2 ** (32 - Number(bits));
  }

  async admit({ operation, ctx, object, old }: AdmissionAttributes): Promise<void> {
    if (ctx.resource.kind !== 'Service' || ctx.subresource) return;
    if (operation === 'DELETE') {
      this.release(object);
      return;
    }
    if (operation !== 'CREATE' && operation !== 'UPDATE') return;
    const release = await this.acquire();
    try {
      await this.allocate(object, old);
    } finally {
      release();
    }
  }

  private async allocate(svc: KubeObject, old?: KubeObject): Promise<void> {
    const spec = (svc.spec ?? {}) as ServiceSpec;
    const oldSpec = (old?.spec ?? {}) as ServiceSpec;
    const name = svc.metadata.name ?? '';
    const { ips, ports } = await this.inUse(svc);
    const now = Date.now();
    const owner = ownerKey(svc);
    for (const [value, { at }] of this.recent) {
      if (now - at > 30_000) this.recent.delete(value);
      else if (value.startsWith('ip:')) ips.add(value.slice(3));
      else ports.add(Number(value.slice(5)));
    }
    const fail = (fe: FieldError) => {
      throw errors.invalid('Service', '', name, [fe]);
    };
    if (spec.type === 'ExternalName') {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    } else if (spec.clusterIP !== 'None') {
      if (old && oldSpec.clusterIP) {
        spec.clusterIP ??= oldSpec.clusterIP;
      } else if (!spec.clusterIP) {
        spec.clusterIP = this.freeIp(ips, name);
      } else {
        const ip = ipToInt(spec.clusterIP);
        if (Number.isNaN(ip) || ip <= this.base || ip >= this.base + this.size - 1) {
          fail({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', badValue: [spec.clusterIP], detail: `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${this.net.serviceCidr}` });
        }
        if (ips.has(spec.clusterIP)) {
          fail({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', badValue: [spec.clusterIP], detail: `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated` });
        }
      }
      spec.clusterIPs = [spec.clusterIP];
      if (spec.clusterIP !== oldSpec.clusterIP) this.recent.set(`ip:${spec.clusterIP}`, { at: now, owner });
    } else {
      spec.clusterIPs = ['None'];
    }
    const wantsNodePorts = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
    const [lo, hi] = this.net.nodePortRange;
    (spec.ports ?? []).forEach((p, i) => {
      if (!wantsNodePorts) {
        delete p.nodePort;
        return;
      }
      const previous = (oldSpec.ports ?? []).find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'))?.nodePort;
      if (p.nodePort === undefined) {
        p.nodePort = previous ?? this.freePort(ports, name);
      } else if (p.nodePort !== previous) {
        if (p.nodePort < lo || p.nodePort > hi) {
          fail({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, badValue: p.nodePort, detail: `provided port is not in the valid range. The range of valid ports is ${lo}-${hi}` });
        }
        if (ports.has(p.nodePort)) {
          fail({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, badValue: p.nodePort, detail: 'provided port is already allocated' });
        }
      }
      ports.add(p.nodePort);
      if (p.nodePort !== previous) this.recent.set(`port:${p.nodePort}`, { at: now, owner });
    });
  }

  /** Upstream releases a Service's addresses when it is deleted: drop its pending reservations. */
  private release(svc: KubeObject): void {
    const owner = ownerKey(svc);
    for (const [value, entry] of this.recent) if (entry.owner === owner) this.recent.delete(value);
  }

  /** Addresses and node ports used by every other Service. */
  private async inUse(self: KubeObject): Promise<{ ips: Set<string>; ports: Set<number> }> {
    const ips = new Set<string>();
    const ports = new Set<number>();
    let cont: string | undefined;
    do {
      const page = await this.objects.list(this.services, undefined, { limit: 1000, continue: cont });
      for (const s of page.items) {
        if (s.metadata.namespace === self.metadata.namespace && s.metadata.name === self.metadata.name) continue;
        const spec = (s.spec ?? {}) as ServiceSpec;
        if (spec.clusterIP && spec.clusterIP !== 'None') ips.add(spec.clusterIP);
        for (const p of spec.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
      }
      cont = page.continue;
    } while (cont);
    return { ips, ports };
  }

  private freeIp(used: Set<string>, name: string): string {
    // As upstream (KEP-3070): dynamic allocation prefers the addresses above a low "static" band,
    // which stays free for addresses chosen on purpose (kubernetes .1, cluster DNS .10).
    const staticBand = Math.min(Math.max(16, Math.floor(this.size / 16)), 256);
    const walk = (from: number, to: number): string | undefined => {
      const span = to - from;
      if (span <= 0) return undefined;
      const start = Math.floor(Math.random() * span);
      for (let i = 0; i < span; i++) {
        const candidate = intToIp(this.base + from + ((start + i) % span));
        if (!used.has(candidate)) return candidate;
      }
      return undefined;
    };
    // Offset 0 is the network, the last the broadcast address; offset 1 belongs to `kubernetes`.
    const found = walk(Math.min(staticBand, this.size - 2), this.size - 1) ?? walk(2, Math.min(staticBand, this.size - 1));
    if (found) return found;
    throw errors.internal(`failed to allocate a cluster IP for service ${name}: range ${this.net.serviceCidr} is full`);
  }

  private freePort(used: Set<number>, name: string): number {
    const [lo, hi] = this.net.nodePortRange;
    const span = hi - lo + 1;
    const start = Math.floor(Math.random() * span);
    for (let i = 0; i < span; i++) {
      const candidate = lo + ((start + i) % span);
      if (!used.has(candidate)) return candidate;
    }
    throw errors.internal(`failed to allocate a node port for service ${name}: range ${lo}-${hi} is full`);
  }

  private async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const previous = this.lock;
    this.lock = previous.then(() => next);
    await previous;
    return release;
  }
}

function ownerKey(svc: KubeObject): string {
  return `${svc.metadata.namespace ?? ''}/${svc.metadata.name ?? ''}`;
}

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return NaN;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * The DNS records one Service and its EndpointSlices stand for (the Kubernetes DNS-based service
 * discovery spec, schema 1.1.0): ClusterIP A/AAAA, SRV and PTR; headless per-endpoint records;
 * ExternalName CNAME. A pure function of the objects, so the index can recompute one Service.
 */
import type { RecordData } from './dns-message.js';
import { isDnsLabel } from './domain-name.js';
import { ipLabel, isIPv4, isIPv6, reverseName } from './ip-address.js';
import type { Endpoint, EndpointSlice, Service, ServicePort } from './kube-objects.js';

/** Owner name (canonical) -> its records. A name with no records still exists (NODATA). */
export type NameRecords = Map<string, RecordData[]>;

/** The priority and weight of every SRV record (RFC 2782; the spec leaves them open). */
const SRV_PRIORITY = 0;
const SRV_WEIGHT = 100;

export function serviceRecords(service: Service, slices: Iterable<EndpointSlice>, domain: string): NameRecords {
  const out = new RecordsBuilder();
  const fqdn = `${service.metadata.name}.${service.metadata.namespace}.svc.${domain}`.toLowerCase();
  out.touch(fqdn);
  const spec = service.spec ?? {};
  if (spec.type === 'ExternalName') {
    if (spec.externalName) out.add(fqdn, { kind: 'CNAME', target: spec.externalName.replace(/\.$/, '') });
    return out.records;
  }
  const clusterIPs = spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  if (clusterIPs.length === 0 || clusterIPs[0] === 'None') {
    headlessRecords(out, fqdn, spec.ports ?? [], slices, spec.publishNotReadyAddresses === true);
    return out.records;
  }
  for (const ip of clusterIPs) {
    const data = addressData(ip);
    if (!data) continue;
    out.add(fqdn, data);
    out.add(reverseName(ip)!, { kind: 'PTR', target: fqdn });
  }
  for (const port of spec.ports ?? []) {
    const name = srvName(port, fqdn);
    if (name && port.port) out.add(name, { kind: 'SRV', priority: SRV_PRIORITY, weight: SRV_WEIGHT, port: port.port, target: fqdn });
  }
  return out.records;
}

function headlessRecords(out: RecordsBuilder, fqdn: string, servicePorts: ServicePort[], slices: Iterable<EndpointSlice>, publishNotReady: boolean): void {
  // SRV names for the Service's named ports exist even while no endpoint is ready.
  for (const port of servicePorts) {
    const name = srvName(port, fqdn);
    if (name) out.touch(name);
  }
  for (const slice of slices) {
    if (slice.addressType === 'FQDN') continue;
    for (const endpoint of slice.endpoints ?? []) {
      if (!publishNotReady && !isReady(endpoint)) continue;
      const addresses = (endpoint.addresses ?? []).filter((a) => addressData(a));
      if (addresses.length === 0) continue;
      const host = `${endpointHostname(endpoint, addresses[0])}.${fqdn}`;
      for (const address of addresses) {
        const data = addressData(address)!;
        out.add(fqdn, data);
        out.add(host, data);
        out.add(reverseName(address)!, { kind: 'PTR', target: host });
      }
      for (const port of slice.ports ?? []) {
        const name = srvName(port, fqdn);
        if (name && port.port) out.add(name, { kind: 'SRV', priority: SRV_PRIORITY, weight: SRV_WEIGHT, port: port.port, target: host });
      }
    }
  }
}

/** discovery/v1: a nil `ready` condition means ready. */
function isReady(endpoint: Endpoint): boolean {
  return endpoint.conditions?.ready !== false;
}

/** The endpoint's `hostname` field, else a system-assigned one: its first address, dashed. */
function endpointHostname(endpoint: Endpoint, firstAddress: string): string {
  const hostname = endpoint.hostname?.toLowerCase();
  return hostname && isDnsLabel(hostname) ? hostname : ipLabel(firstAddress);
}

/** `_<port>._<proto>.<fqdn>` for a named port; unnamed ports have no SRV record. */
function srvName(port: ServicePort, fqdn: string): string | undefined {
  if (!port.name) return undefined;
  return `_${port.name}._${(port.protocol ?? 'TCP').toLowerCase()}.${fqdn}`.toLowerCase();
}

function addressData(ip: string): RecordData | undefined {
  if (isIPv4(ip)) return { kind: 'A', address: ip };
  if (isIPv6(ip)) return { kind: 'AAAA', address: ip };
  return undefined;
}

/** Collects records per name, each distinct record once (slices may repeat an endpoint). */
class RecordsBuilder {
  readonly records: NameRecords = new Map();
  private readonly seen = new Set<string>();

  /** Makes `name` exist, with or without records. */
  touch(name: string): void {
    if (!this.records.has(name)) this.records.set(name, []);
  }

  add(name: string, data: RecordData): void {
    const key = `${name} ${JSON.stringify(data)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.touch(name);
    this.records.get(name)!.push(data);
  }
}

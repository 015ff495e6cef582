/**
 * Authoritative answers for the cluster domain: Service and endpoint names from the record index,
 * `<a-b-c-d>.<ns>.pod.<zone>` pod names, `dns-version`, and PTR names the index knows. Names
 * under the zone that do not exist get NXDOMAIN, existing names without the asked type get NODATA;
 * both carry the zone's SOA. Anything else is not ours and goes to the upstream resolvers.
 */
import { canonicalName, Rcode, record, RRClass, RRType, type Question, type RecordData, type ResourceRecord } from './dns-message.js';
import { isInZone } from './domain-name.js';
import { dashedIPv4 } from './ip-address.js';
import type { LookupResult, RecordIndex } from './record-index.js';

/** The version of the Kubernetes DNS schema these records follow (the `dns-version` TXT record). */
export const DNS_SCHEMA_VERSION = '1.1.0';

/** How many CNAMEs inside the zone an answer follows. */
const MAX_CNAME_CHAIN = 8;

export interface ZoneAnswer {
  rcode: number;
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
  /** The answer ends in a CNAME to a name outside the zone: resolve it upstream and append. */
  chase?: { name: string; type: number };
}

export interface ClusterZoneConfig {
  /** Canonical cluster domain, e.g. "cluster.local". */
  domain: string;
  /** TTL of every record and the SOA minimum (negative caching). */
  ttl: number;
}

const RECORD_TYPES: Record<RecordData['kind'], number> = {
  A: RRType.A, AAAA: RRType.AAAA, CNAME: RRType.CNAME, NS: RRType.NS, PTR: RRType.PTR, SRV: RRType.SRV, SOA: RRType.SOA, TXT: RRType.TXT, raw: -1,
};

export class ClusterZone {
  private readonly serial = Math.floor(Date.now() / 1000);

  constructor(
    private readonly index: RecordIndex,
    private readonly config: ClusterZoneConfig,
  ) {}

  /** The authoritative answer to `q`, or undefined when the question is not for this server. */
  answer(q: Question): ZoneAnswer | undefined {
    const name = canonicalName(q.name);
    if (!isInZone(name, this.config.domain)) return this.reverseAnswer(q, name);
    if (q.class !== RRClass.IN && q.class !== RRClass.ANY) return { rcode: Rcode.NOTIMP, answers: [], authorities: [], additionals: [] };
    const found = this.lookup(name);
    if (!found.exists) return this.negative(Rcode.NXDOMAIN);
    const answers: ResourceRecord[] = [];
    let owner = q.name;
    let records = found.records;
    for (let hop = 0; hop < MAX_CNAME_CHAIN; hop++) {
      const cname = records.find((d) => d.kind === 'CNAME');
      if (!cname || q.type === RRType.CNAME || q.type === RRType.ANY) break;
      answers.push(record(owner, this.config.ttl, cname));
      owner = cname.target;
      const target = canonicalName(owner);
      if (!isInZone(target, this.config.domain)) return { rcode: Rcode.NOERROR, answers, authorities: [], additionals: [], chase: { name: owner, type: q.type } };
      records = this.lookup(target).records;
    }
    for (const data of records) {
      if (q.type === RRType.ANY || RECORD_TYPES[data.kind] === q.type) answers.push(record(owner, this.config.ttl, data as Exclude<RecordData, { kind: 'raw' }>));
    }
    if (answers.length === 0) return this.negative(Rcode.NOERROR);
    return { rcode: Rcode.NOERROR, answers, authorities: [], additionals: this.targetAddresses(answers) };
  }

  /** PTR answers for addresses the index knows; other reverse names go upstream. */
  private reverseAnswer(q: Question, name: string): ZoneAnswer | undefined {
    if (q.type !== RRType.PTR && q.type !== RRType.ANY) return undefined;
    const records = this.index.lookup(name).records.filter((d) => d.kind === 'PTR');
    if (records.length === 0) return undefined;
    const answers = records.map((d) => record(q.name, this.config.ttl, d as Extract<RecordData, { kind: 'PTR' }>));
    return { rcode: Rcode.NOERROR, answers, authorities: [], additionals: [] };
  }

  private lookup(name: string): LookupResult {
    const domain = this.config.domain;
    if (name === domain) return { exists: true, records: [this.soaData()] };
    if (name === `dns-version.${domain}`) return { exists: true, records: [{ kind: 'TXT', texts: [DNS_SCHEMA_VERSION] }] };
    if (name === `svc.${domain}` || name === `pod.${domain}`) return { exists: true, records: [] };
    if (name.endsWith(`.pod.${domain}`)) return this.podLookup(name.slice(0, -`.pod.${domain}`.length).split('.'));
    return this.index.lookup(name);
  }

  /** `<ns>.pod` exists; `<a-b-c-d>.<ns>.pod` is A a.b.c.d (CoreDNS's "pods insecure" mode). */
  private podLookup(labels: string[]): LookupResult {
    if (labels.length === 1) return { exists: true, records: [] };
    const ip = labels.length === 2 ? dashedIPv4(labels[0]) : undefined;
    return ip ? { exists: true, records: [{ kind: 'A', address: ip }] } : { exists: false, records: [] };
  }

  /** A/AAAA records of SRV targets, for the additional section. */
  private targetAddresses(answers: ResourceRecord[]): ResourceRecord[] {
    const out: ResourceRecord[] = [];
    const seen = new Set<string>();
    for (const rr of answers) {
      if (rr.data.kind !== 'SRV' || seen.has(rr.data.target)) continue;
      seen.add(rr.data.target);
      for (const data of this.lookup(rr.data.target).records) {
        if (data.kind === 'A' || data.kind === 'AAAA') out.push(record(rr.data.target, this.config.ttl, data));
      }
    }
    return out;
  }

  private negative(rcode: number): ZoneAnswer {
    return { rcode, answers: [], authorities: [record(this.config.domain, this.config.ttl, this.soaData())], additionals: [] };
  }

  private soaData(): Extract<RecordData, { kind: 'SOA' }> {
    const d = this.config.domain;
    return { kind: 'SOA', mname: `ns.dns.${d}`, rname: `hostmaster.${d}`, serial: this.serial, refresh: 7200, retry: 1800, expire: 86400, minimum: this.config.ttl };
  }
}

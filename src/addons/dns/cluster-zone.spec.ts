import { describe, expect, it } from 'vitest';
import { ClusterZone } from './cluster-zone.js';
import { Rcode, RRClass, RRType } from './dns-message.js';
import { RecordIndex } from './record-index.js';
import { clusterIPService, externalNameService } from './test-objects.js';

function zone() {
  const index = new RecordIndex('cluster.local');
  index.replaceServices([
    clusterIPService('web', 'default', '10.96.0.10'),
    externalNameService('out', 'default', 'example.com'),
    externalNameService('ping', 'default', 'pong.default.svc.cluster.local'),
    externalNameService('pong', 'default', 'ping.default.svc.cluster.local'),
  ]);
  return new ClusterZone(index, { domain: 'cluster.local', ttl: 5 });
}

const q = (name: string, type: number, cls: number = RRClass.IN) => ({ name, type, class: cls });

describe('ClusterZone', () => {
  it('answers the apex SOA query', () => {
    const a = zone().answer(q('cluster.local', RRType.SOA))!;
    expect(a.rcode).toBe(Rcode.NOERROR);
    expect(a.answers).toMatchObject([{ name: 'cluster.local', type: RRType.SOA, data: { mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', minimum: 5 } }]);
  });

  it('answers ANY with every record of the name', () => {
    const a = zone().answer(q('web.default.svc.cluster.local', RRType.ANY))!;
    expect(a.answers.map((rr) => rr.data)).toEqual([{ kind: 'A', address: '10.96.0.10' }]);
  });

  it('refuses classes other than IN inside the zone', () => {
    expect(zone().answer(q('web.default.svc.cluster.local', RRType.A, 3))!.rcode).toBe(Rcode.NOTIMP);
  });

  it('asks for an ExternalName target outside the zone to be resolved upstream', () => {
    const a = zone().answer(q('Out.default.svc.cluster.local', RRType.AAAA))!;
    expect(a.answers).toMatchObject([{ name: 'Out.default.svc.cluster.local', type: RRType.CNAME, data: { target: 'example.com' } }]);
    expect(a.chase).toEqual({ name: 'example.com', type: RRType.AAAA });
    expect(zone().answer(q('out.default.svc.cluster.local', RRType.CNAME))!.chase).toBeUndefined();
  });

  it('stops following a CNAME loop inside the zone', () => {
    const a = zone().answer(q('ping.default.svc.cluster.local', RRType.A))!;
    expect(a.rcode).toBe(Rcode.NOERROR);
    expect(a.answers.length).toBe(8);
    expect(a.answers.every((rr) => rr.type === RRType.CNAME)).toBe(true);
  });

  it('names pods by dashed IPv4 in any namespace, and nothing deeper', () => {
    const z = zone();
    expect(z.answer(q('10-0-0-1.anything.pod.cluster.local', RRType.A))!.answers.map((rr) => rr.data)).toEqual([{ kind: 'A', address: '10.0.0.1' }]);
    expect(z.answer(q('anything.pod.cluster.local', RRType.A))!).toMatchObject({ rcode: Rcode.NOERROR, answers: [] });
    expect(z.answer(q('x.10-0-0-1.anything.pod.cluster.local', RRType.A))!.rcode).toBe(Rcode.NXDOMAIN);
    expect(z.answer(q('10-0-0.anything.pod.cluster.local', RRType.A))!.rcode).toBe(Rcode.NXDOMAIN);
  });

  it('leaves names outside the zone, and reverse names it does not know, to the upstreams', () => {
    const z = zone();
    expect(z.answer(q('example.com', RRType.A))).toBeUndefined();
    expect(z.answer(q('cluster.local.example.com', RRType.A))).toBeUndefined();
    expect(z.answer(q('1.1.168.192.in-addr.arpa', RRType.PTR))).toBeUndefined();
    expect(z.answer(q('10.0.96.10.in-addr.arpa', RRType.A))).toBeUndefined();
    expect(z.answer(q('10.0.96.10.IN-ADDR.arpa', RRType.PTR))!.answers).toMatchObject([{ name: '10.0.96.10.IN-ADDR.arpa', data: { target: 'web.default.svc.cluster.local' } }]);
  });
});

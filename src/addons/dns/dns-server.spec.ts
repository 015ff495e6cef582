import { promises as dnsPromises } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterZone } from './cluster-zone.js';
import { Rcode, RRType } from './dns-message.js';
import { DnsServer } from './dns-server.js';
import { QueryHandler } from './query-handler.js';
import { RecordIndex } from './record-index.js';
import { tcpExchange, query, udpExchange } from './test-dns-client.js';
import { clusterIPService, endpoint, endpointSlice, externalNameService, headlessService } from './test-objects.js';
import { UpstreamForwarder } from './upstream-forwarder.js';
import { decodeMessage } from './wire-codec.js';

describe('DNS server over UDP and TCP (cluster names)', () => {
  let server: DnsServer;
  let port: number;
  let resolver: dnsPromises.Resolver;
  const index = new RecordIndex('cluster.local');

  beforeAll(async () => {
    index.replaceServices([
      clusterIPService('web', 'default', '10.96.0.10', [{ name: 'http', port: 80, protocol: 'TCP' }]),
      headlessService('db', 'default', [{ name: 'pg', port: 5432, protocol: 'TCP' }]),
      headlessService('big', 'default'),
      externalNameService('alias', 'default', 'web.default.svc.cluster.local'),
    ]);
    index.replaceSlices([
      endpointSlice('db-1', 'default', 'db', [endpoint('10.244.0.7', { hostname: 'db-0' }), endpoint('10.244.0.8', { hostname: 'db-1' })], [{ name: 'pg', port: 5432, protocol: 'TCP' }]),
      endpointSlice('big-1', 'default', 'big', Array.from({ length: 60 }, (_, i) => endpoint(`10.244.2.${i + 1}`))),
    ]);
    const zone = new ClusterZone(index, { domain: 'cluster.local', ttl: 5 });
    // No upstream: these tests must never need one (an unanswered forward would be SERVFAIL).
    const handler = new QueryHandler({ zone, forwarder: new UpstreamForwarder({ upstreams: [] }) });
    server = new DnsServer({ handler, host: '127.0.0.1', port: 0 });
    port = await server.start();
    resolver = new dnsPromises.Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`127.0.0.1:${port}`]);
  });
  afterAll(() => server.close());

  it('resolves a ClusterIP service, its SRV record and its PTR through dns.promises', async () => {
    expect(await resolver.resolve4('web.default.svc.cluster.local')).toEqual(['10.96.0.10']);
    expect(await resolver.resolveSrv('_http._tcp.web.default.svc.cluster.local')).toEqual([{ name: 'web.default.svc.cluster.local', port: 80, priority: 0, weight: 100 }]);
    expect(await resolver.reverse('10.96.0.10')).toEqual(['web.default.svc.cluster.local']);
  });

  it('resolves headless endpoints, endpoint hostnames and per-endpoint SRV targets', async () => {
    expect((await resolver.resolve4('db.default.svc.cluster.local')).sort()).toEqual(['10.244.0.7', '10.244.0.8']);
    expect(await resolver.resolve4('db-1.db.default.svc.cluster.local')).toEqual(['10.244.0.8']);
    const srv = await resolver.resolveSrv('_pg._tcp.db.default.svc.cluster.local');
    expect(srv.map((r) => r.name).sort()).toEqual(['db-0.db.default.svc.cluster.local', 'db-1.db.default.svc.cluster.local']);
    expect(await resolver.reverse('10.244.0.7')).toEqual(['db-0.db.default.svc.cluster.local']);
  });

  it('puts the SRV targets\' addresses in the additional section', async () => {
    const [raw] = await udpExchange(port, [query('_pg._tcp.db.default.svc.cluster.local', RRType.SRV, { id: 9 })]);
    const reply = decodeMessage(raw);
    expect(reply.answers).toHaveLength(2);
    expect(reply.additionals.map((rr) => `${rr.name} ${rr.data.kind === 'A' ? rr.data.address : ''}`).sort()).toEqual([
      'db-0.db.default.svc.cluster.local 10.244.0.7',
      'db-1.db.default.svc.cluster.local 10.244.0.8',
    ]);
  });

  it('answers an ExternalName service with a CNAME, followed inside the zone', async () => {
    expect(await resolver.resolveCname('alias.default.svc.cluster.local')).toEqual(['web.default.svc.cluster.local']);
    expect(await resolver.resolve4('alias.default.svc.cluster.local')).toEqual(['10.96.0.10']);
  });

  it('answers pod names and the schema version', async () => {
    expect(await resolver.resolve4('10-244-3-4.any-ns.pod.cluster.local')).toEqual(['10.244.3.4']);
    expect(await resolver.resolveTxt('dns-version.cluster.local')).toEqual([['1.1.0']]);
    await expect(resolver.resolve4('10-244-3-999.any-ns.pod.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('answers NXDOMAIN for missing names and NODATA for missing types, both with the SOA and TTL 5', async () => {
    await expect(resolver.resolve4('nope.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolve6('web.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENODATA' });
    const [nx, nodata] = (await udpExchange(port, [query('www.google.com.default.svc.cluster.local', RRType.A, { id: 1 }), query('web.default.svc.cluster.local', RRType.AAAA, { id: 2 })], 2))
      .map((b) => decodeMessage(b))
      .sort((a, b) => a.id - b.id);
    expect(nx.flags).toMatchObject({ qr: true, aa: true, rcode: Rcode.NXDOMAIN });
    expect(nodata.flags).toMatchObject({ qr: true, aa: true, rcode: Rcode.NOERROR });
    for (const m of [nx, nodata]) {
      expect(m.answers).toEqual([]);
      expect(m.authorities).toHaveLength(1);
      expect(m.authorities[0]).toMatchObject({ name: 'cluster.local', type: RRType.SOA, ttl: 5, data: { kind: 'SOA', mname: 'ns.dns.cluster.local', minimum: 5 } });
    }
    // An existing namespace is an empty non-terminal: NODATA, not NXDOMAIN.
    const [ns] = await udpExchange(port, [query('default.svc.cluster.local', RRType.A)]);
    expect(decodeMessage(ns).flags.rcode).toBe(Rcode.NOERROR);
  });

  it('matches names case-insensitively and answers in the question\'s case', async () => {
    const [raw] = await udpExchange(port, [query('WeB.Default.SVC.cluster.LOCAL', RRType.A, { id: 77 })]);
    const reply = decodeMessage(raw);
    expect(reply.id).toBe(77);
    expect(reply.questions[0].name).toBe('WeB.Default.SVC.cluster.LOCAL');
    expect(reply.answers).toEqual([{ name: 'WeB.Default.SVC.cluster.LOCAL', type: RRType.A, class: 1, ttl: 5, data: { kind: 'A', address: '10.96.0.10' } }]);
  });

  it('sets TC over UDP past 512 bytes (or the EDNS0 size) and sends everything over TCP', async () => {
    const [plain] = await udpExchange(port, [query('big.default.svc.cluster.local', RRType.A)]);
    const truncated = decodeMessage(plain);
    expect(truncated.flags.tc).toBe(true);
    expect(truncated.answers).toEqual([]);
    expect(plain.length).toBeLessThanOrEqual(512);
    const [edns] = await udpExchange(port, [query('big.default.svc.cluster.local', RRType.A, { edns: 4096 })]);
    const full = decodeMessage(edns);
    expect(full.flags.tc).toBe(false);
    expect(full.answers).toHaveLength(60);
    expect(full.additionals.find((rr) => rr.type === RRType.OPT)?.class).toBe(1232);
    const [overTcp] = await tcpExchange(port, [query('big.default.svc.cluster.local', RRType.A)]);
    expect(decodeMessage(overTcp).answers).toHaveLength(60);
    // c-ares retries over TCP by itself when it sees TC.
    expect(await resolver.resolve4('big.default.svc.cluster.local')).toHaveLength(60);
  });

  it('answers several queries on one TCP connection', async () => {
    const replies = await tcpExchange(port, [
      query('web.default.svc.cluster.local', RRType.A, { id: 1 }),
      query('db.default.svc.cluster.local', RRType.A, { id: 2 }),
      query('nope.default.svc.cluster.local', RRType.A, { id: 3 }),
    ]);
    const byId = new Map(replies.map((r) => decodeMessage(r)).map((m) => [m.id, m]));
    expect(byId.get(1)?.answers).toHaveLength(1);
    expect(byId.get(2)?.answers).toHaveLength(2);
    expect(byId.get(3)?.flags.rcode).toBe(Rcode.NXDOMAIN);
  });

  it('drops UDP fragments and responses, answers a malformed body with FORMERR, and keeps serving', async () => {
    const garbage = Buffer.from([1, 2, 3]);
    const aResponse = Buffer.from(query('web.default.svc.cluster.local', RRType.A, { id: 5 }));
    aResponse[2] |= 0x80;
    const badBody = Buffer.concat([query('web.default.svc.cluster.local', RRType.A, { id: 6 }).subarray(0, 20)]);
    const good = query('web.default.svc.cluster.local', RRType.A, { id: 7 });
    const replies = (await udpExchange(port, [garbage, aResponse, badBody, good], 2)).map((b) => decodeMessage(b)).sort((a, b) => a.id - b.id);
    expect(replies.map((m) => [m.id, m.flags.rcode])).toEqual([[6, Rcode.FORMERR], [7, Rcode.NOERROR]]);
    const [tcpReply] = await tcpExchange(port, [badBody]);
    expect(decodeMessage(tcpReply)).toMatchObject({ id: 6, flags: { rcode: Rcode.FORMERR } });
  });

  it('refuses opcodes other than QUERY with NOTIMP', async () => {
    const notify = Buffer.from(query('web.default.svc.cluster.local', RRType.SOA, { id: 8 }));
    notify[2] = (notify[2] & 0x87) | (4 << 3);
    const [raw] = await udpExchange(port, [notify]);
    expect(decodeMessage(raw).flags.rcode).toBe(Rcode.NOTIMP);
  });

  it('sees index changes on the next query', async () => {
    index.applyService('ADDED', clusterIPService('late', 'default', '10.96.9.9'));
    expect(await resolver.resolve4('late.default.svc.cluster.local')).toEqual(['10.96.9.9']);
    index.applyService('DELETED', clusterIPService('late', 'default', '10.96.9.9'));
    await expect(resolver.resolve4('late.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});

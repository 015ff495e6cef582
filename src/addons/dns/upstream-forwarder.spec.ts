import { promises as dnsPromises } from 'node:dns';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterZone } from './cluster-zone.js';
import { record, Rcode, RRType } from './dns-message.js';
import { DnsServer } from './dns-server.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { QueryHandler } from './query-handler.js';
import { RecordIndex } from './record-index.js';
import { query, tcpExchange, udpExchange } from './test-dns-client.js';
import { externalNameService } from './test-objects.js';
import { LoopDetector } from './loop-detector.js';
import { UpstreamForwarder } from './upstream-forwarder.js';
import { decodeMessage } from './wire-codec.js';

const EXAMPLE = { 'example.com': [record('example.com', 300, { kind: 'A', address: '93.184.215.14' })] };

describe('forwarding to upstream resolvers', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function upstream(options: Parameters<typeof startFakeUpstream>[0]): Promise<FakeUpstream> {
    const u = await startFakeUpstream(options);
    closers.push(() => u.close());
    return u;
  }

  async function dnsServer(upstreams: FakeUpstream[], udpTimeoutMs = 300, logs: string[] = [], maxConcurrent?: number) {
    const index = new RecordIndex('cluster.local');
    index.applyService('ADDED', externalNameService('ext', 'default', 'example.com'));
    const zone = new ClusterZone(index, { domain: 'cluster.local', ttl: 5 });
    const forwarder = new UpstreamForwarder({ upstreams: upstreams.map((u) => ({ host: '127.0.0.1', port: u.port })), udpTimeoutMs, tcpTimeoutMs: 1000, maxConcurrent, log: (line) => logs.push(line) });
    const loopDetector = new LoopDetector(forwarder, (line) => logs.push(line));
    const server = new DnsServer({ handler: new QueryHandler({ zone, forwarder, loopDetector }), host: '127.0.0.1', port: 0 });
    const port = await server.start();
    closers.push(() => server.close());
    const resolver = new dnsPromises.Resolver({ timeout: 3000, tries: 1 });
    resolver.setServers([`127.0.0.1:${port}`]);
    return { port, resolver, loopDetector };
  }

  it('forwards names outside the cluster domain and returns the reply with the client\'s id', async () => {
    const up = await upstream({ records: EXAMPLE });
    const { port, resolver } = await dnsServer([up]);
    expect(await resolver.resolve4('example.com')).toEqual(['93.184.215.14']);
    const [raw] = await udpExchange(port, [query('example.com', RRType.A, { id: 0x5151 })]);
    const reply = decodeMessage(raw);
    expect(reply.id).toBe(0x5151);
    expect(reply.answers).toEqual(EXAMPLE['example.com']);
    await expect(resolver.resolve4('missing.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(up.udpQueries).toBe(3);
  });

  it('never forwards names under the cluster domain', async () => {
    const up = await upstream({ records: EXAMPLE });
    const { resolver } = await dnsServer([up]);
    await expect(resolver.resolve4('example.com.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(up.udpQueries).toBe(0);
  });

  it('forwards PTR queries for addresses the cluster does not know', async () => {
    const up = await upstream({ records: { '1.1.168.192.in-addr.arpa': [record('1.1.168.192.in-addr.arpa', 60, { kind: 'PTR', target: 'router.lan' })] } });
    const { resolver } = await dnsServer([up]);
    expect(await resolver.reverse('192.168.1.1')).toEqual(['router.lan']);
  });

  it('retries over TCP when the upstream truncates its UDP reply', async () => {
    const up = await upstream({ records: EXAMPLE, truncateUdp: true });
    const { port } = await dnsServer([up]);
    const [raw] = await udpExchange(port, [query('example.com', RRType.A, { id: 3 })]);
    expect(decodeMessage(raw)).toMatchObject({ id: 3, flags: { tc: false }, answers: EXAMPLE['example.com'] });
    expect(up.tcpQueries).toBe(1);
  });

  it('tries the next upstream when one does not answer', async () => {
    const silent = await upstream({ silent: true });
    const good = await upstream({ records: EXAMPLE });
    const { resolver } = await dnsServer([silent, good]);
    expect(await resolver.resolve4('example.com')).toEqual(['93.184.215.14']);
    expect(silent.udpQueries).toBe(1);
    // The upstream that answered is tried first from now on.
    expect(await resolver.resolve4('example.com')).toEqual(['93.184.215.14']);
    expect(silent.udpQueries).toBe(1);
  });

  it('answers SERVFAIL when every upstream fails', async () => {
    const silent = await upstream({ silent: true });
    const { port } = await dnsServer([silent]);
    const [raw] = await udpExchange(port, [query('example.com', RRType.A, { id: 11 })]);
    expect(decodeMessage(raw)).toMatchObject({ id: 11, flags: { qr: true, rcode: Rcode.SERVFAIL }, questions: [{ name: 'example.com' }] });
    const [overTcp] = await tcpExchange(port, [query('example.com', RRType.A, { id: 12 })]);
    expect(decodeMessage(overTcp).flags.rcode).toBe(Rcode.SERVFAIL);
  });

  it('resolves an ExternalName target outside the zone upstream, after the CNAME', async () => {
    const up = await upstream({ records: EXAMPLE });
    const { port, resolver } = await dnsServer([up]);
    expect(await resolver.resolve4('ext.default.svc.cluster.local')).toEqual(['93.184.215.14']);
    const [raw] = await udpExchange(port, [query('ext.default.svc.cluster.local', RRType.A)]);
    expect(decodeMessage(raw).answers.map((rr) => rr.data.kind)).toEqual(['CNAME', 'A']);
  });

  it('stops using an upstream that sends queries back to this server', async () => {
    let ownPort = 0;
    const looping = await upstream({ relayTo: () => ownPort });
    const good = await upstream({ records: EXAMPLE });
    const logs: string[] = [];
    const { port, resolver, loopDetector } = await dnsServer([looping, good], 300, logs);
    ownPort = port;
    await loopDetector.probe();
    expect(logs).toEqual([`forwarding loop: upstream=127.0.0.1:${looping.port} sends queries back to this server; not forwarding to it (give the DNS pod dnsPolicy: Default, or set DNS_UPSTREAM)`]);
    // Only the probe went through the looping upstream; the good one never saw it come back.
    expect(looping.udpQueries).toBe(1);
    expect(good.udpQueries).toBe(1);
    expect(await resolver.resolve4('example.com')).toEqual(['93.184.215.14']);
    expect(looping.udpQueries).toBe(1);
  });

  it('fails queries at once beyond the concurrent-forward limit', async () => {
    const silent = await upstream({ silent: true });
    const logs: string[] = [];
    const { port } = await dnsServer([silent], 1000, logs, 1);
    const started = Date.now();
    const replies = (await udpExchange(port, [query('slow.example', RRType.A, { id: 1 }), query('fast.example', RRType.A, { id: 2 })], 2)).map((b) => decodeMessage(b));
    expect(replies.map((m) => [m.id, m.flags.rcode])).toEqual([[2, Rcode.SERVFAIL], [1, Rcode.SERVFAIL]]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(silent.udpQueries).toBe(1);
    expect(logs.some((l) => l.startsWith('forwarding overloaded: 1 queries already in flight'))).toBe(true);
  });
});

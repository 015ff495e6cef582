import { describe, expect, it } from 'vitest';
import { ClusterZone } from './cluster-zone.js';
import { Rcode, RRType } from './dns-message.js';
import { QueryHandler } from './query-handler.js';
import { RecordIndex } from './record-index.js';
import { query } from './test-dns-client.js';
import { clusterIPService, endpoint, endpointSlice, headlessService } from './test-objects.js';
import { UpstreamForwarder } from './upstream-forwarder.js';
import { decodeMessage } from './wire-codec.js';

function handler() {
  const index = new RecordIndex('cluster.local');
  index.replaceServices([clusterIPService('web', 'default', '10.96.0.10'), headlessService('db', 'default')]);
  index.replaceSlices([endpointSlice('db-1', 'default', 'db', [endpoint('10.244.0.1', { hostname: 'db-0' })])]);
  const zone = new ClusterZone(index, { domain: 'cluster.local', ttl: 5 });
  return new QueryHandler({ zone, forwarder: new UpstreamForwarder({ upstreams: [] }) });
}

describe('QueryHandler', () => {
  it('copies the id, RD and the question, and sets QR, AA and RA on cluster answers', async () => {
    const reply = decodeMessage((await handler().handle(query('web.default.svc.cluster.local', RRType.A, { id: 321 }), 'udp'))!);
    expect(reply.id).toBe(321);
    expect(reply.flags).toMatchObject({ qr: true, aa: true, rd: true, ra: true, tc: false, rcode: Rcode.NOERROR });
    expect(reply.questions).toEqual([{ name: 'web.default.svc.cluster.local', type: RRType.A, class: 1 }]);
  });

  it('answers SERVFAIL for a name it must forward when no upstream is configured', async () => {
    const reply = decodeMessage((await handler().handle(query('example.com', RRType.A, { id: 9 }), 'udp'))!);
    expect(reply).toMatchObject({ id: 9, flags: { rcode: Rcode.SERVFAIL, aa: false } });
  });

  it('answers FORMERR for a query with two questions', async () => {
    const two = Buffer.from(query('web.default.svc.cluster.local', RRType.A));
    two.writeUInt16BE(2, 4);
    const q = query('web.default.svc.cluster.local', RRType.A);
    const raw = Buffer.concat([two, q.subarray(12)]);
    expect(decodeMessage((await handler().handle(raw, 'tcp'))!).flags.rcode).toBe(Rcode.FORMERR);
  });

  it('never throws and answers mutated queries with a well-formed reply or nothing', async () => {
    const h = handler();
    const seeds = [
      query('web.default.svc.cluster.local', RRType.A),
      query('_http._tcp.db.default.svc.cluster.local', RRType.SRV, { edns: 1232 }),
      query('1.0.244.10.in-addr.arpa', RRType.PTR),
      query('10-1-2-3.x.pod.cluster.local', RRType.ANY),
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    let replies = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(seeds[i % seeds.length]);
      for (let j = 0; j < 1 + (next() % 3); j++) bytes[next() % bytes.length] = next() & 0xff;
      const raw = next() % 4 === 0 ? bytes.subarray(0, next() % bytes.length) : bytes;
      const reply = await h.handle(raw, next() % 2 ? 'udp' : 'tcp');
      if (!reply) continue;
      replies++;
      const m = decodeMessage(reply);
      expect(m.flags.qr).toBe(true);
      expect(m.id).toBe(raw.readUInt16BE(0));
    }
    expect(replies).toBeGreaterThan(1000);
  });
});

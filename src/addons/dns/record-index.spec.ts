import { describe, expect, it } from 'vitest';
import { RecordIndex } from './record-index.js';
import { clusterIPService, endpoint, endpointSlice, externalNameService, headlessService } from './test-objects.js';

const D = 'cluster.local';

function kinds(index: RecordIndex, name: string) {
  return index.lookup(name).records;
}

describe('RecordIndex', () => {
  it('gives a ClusterIP service its A, SRV (named ports only) and PTR records', () => {
    const index = new RecordIndex(D);
    index.replaceServices([clusterIPService('web', 'default', '10.96.0.10', [{ name: 'http', port: 80, protocol: 'TCP' }, { port: 81 }, { name: 'dns', port: 53, protocol: 'UDP' }])]);
    expect(kinds(index, 'web.default.svc.cluster.local')).toEqual([{ kind: 'A', address: '10.96.0.10' }]);
    expect(kinds(index, '_http._tcp.web.default.svc.cluster.local')).toEqual([{ kind: 'SRV', priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }]);
    expect(kinds(index, '_dns._udp.web.default.svc.cluster.local')).toEqual([{ kind: 'SRV', priority: 0, weight: 100, port: 53, target: 'web.default.svc.cluster.local' }]);
    expect(kinds(index, '10.0.96.10.in-addr.arpa')).toEqual([{ kind: 'PTR', target: 'web.default.svc.cluster.local' }]);
    // Endpoint names exist only for headless services.
    const slice = endpointSlice('web-1', 'default', 'web', [endpoint('10.244.0.5', { hostname: 'pod-a' })]);
    index.applySlice('ADDED', slice);
    expect(index.lookup('pod-a.web.default.svc.cluster.local').exists).toBe(false);
    expect(kinds(index, 'web.default.svc.cluster.local')).toEqual([{ kind: 'A', address: '10.96.0.10' }]);
  });

  it('marks the namespace and svc names as existing without records (empty non-terminals)', () => {
    const index = new RecordIndex(D);
    index.applyService('ADDED', clusterIPService('web', 'shop', '10.96.0.11'));
    expect(index.lookup('shop.svc.cluster.local')).toEqual({ exists: true, records: [] });
    expect(index.lookup('_tcp.web.shop.svc.cluster.local')).toEqual({ exists: true, records: [] });
    expect(index.lookup('other.svc.cluster.local').exists).toBe(false);
    expect(index.lookup('web.other.svc.cluster.local').exists).toBe(false);
  });

  it('answers a headless service with its ready endpoints only, by hostname or dashed IP', () => {
    const index = new RecordIndex(D);
    index.replaceServices([headlessService('db', 'default')]);
    index.replaceSlices([
      endpointSlice('db-a', 'default', 'db', [endpoint('10.244.1.1', { hostname: 'db-0' }), endpoint('10.244.1.2'), endpoint('10.244.1.3', { ready: false })], [{ name: 'pg', port: 5432, protocol: 'TCP' }]),
      endpointSlice('db-b', 'default', 'db', [{ addresses: ['10.244.1.4'] }], [{ name: 'pg', port: 5432, protocol: 'TCP' }]),
    ]);
    const addresses = kinds(index, 'db.default.svc.cluster.local').map((d) => (d.kind === 'A' ? d.address : d.kind));
    expect(addresses.sort()).toEqual(['10.244.1.1', '10.244.1.2', '10.244.1.4']);
    expect(kinds(index, 'db-0.db.default.svc.cluster.local')).toEqual([{ kind: 'A', address: '10.244.1.1' }]);
    expect(kinds(index, '10-244-1-2.db.default.svc.cluster.local')).toEqual([{ kind: 'A', address: '10.244.1.2' }]);
    expect(index.lookup('10-244-1-3.db.default.svc.cluster.local').exists).toBe(false);
    const targets = kinds(index, '_pg._tcp.db.default.svc.cluster.local').map((d) => (d.kind === 'SRV' ? `${d.port} ${d.target}` : d.kind));
    expect(targets.sort()).toEqual(['5432 10-244-1-2.db.default.svc.cluster.local', '5432 10-244-1-4.db.default.svc.cluster.local', '5432 db-0.db.default.svc.cluster.local']);
    expect(kinds(index, '1.1.244.10.in-addr.arpa')).toEqual([{ kind: 'PTR', target: 'db-0.db.default.svc.cluster.local' }]);
    expect(kinds(index, '3.1.244.10.in-addr.arpa')).toEqual([]);
  });

  it('keeps a headless service with no ready endpoints as an existing name without records', () => {
    const index = new RecordIndex(D);
    index.applyService('ADDED', headlessService('db', 'default', [{ name: 'pg', port: 5432 }]));
    expect(index.lookup('db.default.svc.cluster.local')).toEqual({ exists: true, records: [] });
    expect(index.lookup('_pg._tcp.db.default.svc.cluster.local')).toEqual({ exists: true, records: [] });
  });

  it('publishes not-ready endpoints when the service asks for it', () => {
    const index = new RecordIndex(D);
    index.applyService('ADDED', headlessService('db', 'default', [], { publishNotReadyAddresses: true }));
    index.applySlice('ADDED', endpointSlice('db-a', 'default', 'db', [endpoint('10.244.1.3', { ready: false })]));
    expect(kinds(index, 'db.default.svc.cluster.local')).toEqual([{ kind: 'A', address: '10.244.1.3' }]);
  });

  it('gives an ExternalName service a CNAME and nothing else', () => {
    const index = new RecordIndex(D);
    index.applyService('ADDED', externalNameService('ext', 'default', 'example.com.'));
    expect(kinds(index, 'ext.default.svc.cluster.local')).toEqual([{ kind: 'CNAME', target: 'example.com' }]);
  });

  it('follows updates and deletions of services and slices, in either order', () => {
    const index = new RecordIndex(D);
    // The slice arrives before its service.
    index.applySlice('ADDED', endpointSlice('db-a', 'default', 'db', [endpoint('10.244.1.1')]));
    expect(index.lookup('db.default.svc.cluster.local').exists).toBe(false);
    index.applyService('ADDED', headlessService('db', 'default'));
    expect(kinds(index, 'db.default.svc.cluster.local')).toEqual([{ kind: 'A', address: '10.244.1.1' }]);
    index.applySlice('MODIFIED', endpointSlice('db-a', 'default', 'db', [endpoint('10.244.1.9')]));
    expect(kinds(index, 'db.default.svc.cluster.local')).toEqual([{ kind: 'A', address: '10.244.1.9' }]);
    expect(index.lookup('1.1.244.10.in-addr.arpa').records).toEqual([]);
    // Relabelled to another service: the old one loses the endpoint.
    index.applySlice('MODIFIED', endpointSlice('db-a', 'default', 'other', [endpoint('10.244.1.9')]));
    expect(kinds(index, 'db.default.svc.cluster.local')).toEqual([]);
    index.applySlice('MODIFIED', endpointSlice('db-a', 'default', 'db', [endpoint('10.244.1.9')]));
    index.applySlice('DELETED', endpointSlice('db-a', 'default', 'db', []));
    expect(kinds(index, 'db.default.svc.cluster.local')).toEqual([]);
    index.applyService('MODIFIED', clusterIPService('db', 'default', '10.96.3.3'));
    expect(kinds(index, 'db.default.svc.cluster.local')).toEqual([{ kind: 'A', address: '10.96.3.3' }]);
    index.applyService('DELETED', clusterIPService('db', 'default', '10.96.3.3'));
    expect(index.lookup('db.default.svc.cluster.local').exists).toBe(false);
    expect(index.lookup('default.svc.cluster.local').exists).toBe(false);
    expect(index.lookup('3.3.96.10.in-addr.arpa').records).toEqual([]);
  });

  it('replaces everything on a relist, dropping what the new list lacks', () => {
    const index = new RecordIndex(D);
    index.replaceServices([clusterIPService('a', 'default', '10.96.0.1'), headlessService('h', 'default')]);
    index.replaceSlices([endpointSlice('h-1', 'default', 'h', [endpoint('10.244.0.1')])]);
    index.replaceServices([clusterIPService('b', 'default', '10.96.0.2'), headlessService('h', 'default')]);
    index.replaceSlices([]);
    expect(index.lookup('a.default.svc.cluster.local').exists).toBe(false);
    expect(kinds(index, 'b.default.svc.cluster.local')).toEqual([{ kind: 'A', address: '10.96.0.2' }]);
    expect(kinds(index, 'h.default.svc.cluster.local')).toEqual([]);
    expect(index.serviceCount).toBe(2);
  });

  it('keeps a shared name while any service still contributes to it', () => {
    const index = new RecordIndex(D);
    index.applyService('ADDED', clusterIPService('a', 'ns', '10.96.0.1'));
    index.applyService('ADDED', clusterIPService('b', 'ns', '10.96.0.2'));
    index.applyService('DELETED', clusterIPService('a', 'ns', '10.96.0.1'));
    expect(index.lookup('ns.svc.cluster.local').exists).toBe(true);
    index.applyService('DELETED', clusterIPService('b', 'ns', '10.96.0.2'));
    expect(index.lookup('ns.svc.cluster.local').exists).toBe(false);
    expect(index.lookup('svc.cluster.local').exists).toBe(false);
  });

  it('handles IPv6 cluster IPs as AAAA with ip6.arpa PTRs', () => {
    const index = new RecordIndex(D);
    index.applyService('ADDED', { ...clusterIPService('v6', 'default', 'fd00::a'), spec: { clusterIP: 'fd00::a', clusterIPs: ['fd00::a'] } });
    expect(kinds(index, 'v6.default.svc.cluster.local')).toEqual([{ kind: 'AAAA', address: 'fd00::a' }]);
    expect(kinds(index, `a.${'0.'.repeat(29)}d.f.ip6.arpa`)).toEqual([{ kind: 'PTR', target: 'v6.default.svc.cluster.local' }]);
  });

  it('lists an endpoint that appears in two slices once', () => {
    const index = new RecordIndex(D);
    index.applyService('ADDED', headlessService('db', 'default'));
    index.applySlice('ADDED', endpointSlice('db-a', 'default', 'db', [endpoint('10.244.1.1', { hostname: 'db-0' })]));
    index.applySlice('ADDED', endpointSlice('db-b', 'default', 'db', [endpoint('10.244.1.1', { hostname: 'db-0' })]));
    expect(kinds(index, 'db.default.svc.cluster.local')).toEqual([{ kind: 'A', address: '10.244.1.1' }]);
    expect(kinds(index, '_http._tcp.db.default.svc.cluster.local')).toHaveLength(1);
  });
});

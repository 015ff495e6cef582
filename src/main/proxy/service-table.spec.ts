import { describe, expect, it } from 'vitest';
import { readyEndpoints, serviceEntry, type EndpointSliceObject, type ServiceObject } from './service-table.js';
import { EndpointSliceIndex } from '../network/endpoint-slices.js';

const svc = (name: string, spec: ServiceObject['spec'], namespace = 'default'): ServiceObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec });
const slice = (service: string, endpoints: EndpointSliceObject['endpoints'], ports: EndpointSliceObject['ports'], namespace = 'default'): EndpointSliceObject => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: `${service}-x`, namespace, labels: { 'kubernetes.io/service-name': service } },
  addressType: 'IPv4', endpoints, ports,
});

describe('service table', () => {
  it('lists ready endpoints per service port, matched by port name, not-ready ones left out', () => {
    const slices = [slice('web', [
      { addresses: ['10.100.0.1'], conditions: { ready: true } },
      { addresses: ['10.100.0.2'], conditions: { ready: false } },
      { addresses: ['10.100.0.3'] },
    ], [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'metrics', port: 9100, protocol: 'TCP' }])];
    expect(readyEndpoints({ name: 'http', port: 8080 }, slices)).toEqual([{ ip: '10.100.0.1', port: 80 }, { ip: '10.100.0.3', port: 80 }]);
    expect(readyEndpoints({ name: 'metrics', port: 9100 }, slices).map((e) => e.port)).toEqual([9100, 9100]);
    expect(readyEndpoints({ name: 'other', port: 1 }, slices)).toEqual([]);
    expect(readyEndpoints({ name: 'http', port: 8080, protocol: 'UDP' }, slices)).toEqual([]);
  });

  it('makes entries for ClusterIP services only, with affinity and the API-server relay', () => {
    const web = svc('web', { clusterIP: '10.96.5.5', sessionAffinity: 'ClientIP', ports: [{ port: 8080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }, { port: 9, protocol: 'SCTP' }] });
    const slices = [slice('web', [{ addresses: ['10.100.0.1'] }], [{ port: 80, protocol: 'TCP' }])];
    expect(serviceEntry(web, slices)).toEqual({
      name: 'default/web', clusterIP: '10.96.5.5', affinitySeconds: 10_800,
      ports: [{ port: 8080, protocol: 'TCP', endpoints: [{ ip: '10.100.0.1', port: 80 }] }, { port: 53, protocol: 'UDP', endpoints: [] }],
    });
    expect(serviceEntry(svc('h', { clusterIP: 'None', ports: [{ port: 80 }] }), [])).toBeUndefined();
    expect(serviceEntry(svc('x', { type: 'ExternalName', ports: [{ port: 80 }] }), [])).toBeUndefined();
    expect(serviceEntry(svc('kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] }), [])).toEqual({
      name: 'default/kubernetes', clusterIP: '10.96.0.1', affinitySeconds: undefined, ports: [{ port: 443, protocol: 'TCP', endpoints: [], apiServer: true }],
    });
  });

  it('groups slices by their service', () => {
    const index = new EndpointSliceIndex();
    for (const s of [slice('a', [], []), slice('a', [], [], 'other'), slice('b', [], [])]) index.handlers.onAdd!(s);
    const withSlices = ['default/a', 'default/b', 'other/a', 'other/b'].filter((key) => index.slicesOf(...(key.split('/') as [string, string])).length > 0);
    expect(withSlices).toEqual(['default/a', 'default/b', 'other/a']);
  });
});

import { describe, expect, it } from 'vitest';
import { endpointsStrategy, type Endpoints } from './endpoints.js';
import { endpointSliceStrategy, type EndpointSlice } from './endpointslice.js';
import { errorTexts } from './spec-support.js';

const now = new Date('2024-05-01T12:00:00Z');

describe('Endpoints', () => {
  it('ports default to TCP; addresses must be real IPs', () => {
    const ep: Endpoints = { metadata: { name: 'web' }, subsets: [{ addresses: [{ ip: '10.244.0.5' }, { ip: '127.0.0.1' }, { ip: 'nope' }], ports: [{ port: 80 }] }] };
    endpointsStrategy.defaults(ep);
    expect(ep.subsets?.[0].ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    expect(errorTexts(endpointsStrategy.validate(ep))).toEqual([
      'subsets[0].addresses[1].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'subsets[0].addresses[2].ip: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[0].addresses[2].ip: Invalid value: "nope": must be a valid IP address',
    ]);
  });

  it('ENDPOINTS shows three then "+ N more..."', () => {
    const addresses = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map((ip) => ({ ip }));
    const ep: Endpoints = { metadata: { name: 'web', creationTimestamp: '2024-05-01T11:59:00Z' }, subsets: [{ addresses, ports: [{ port: 80, protocol: 'TCP' }] }] };
    expect(endpointsStrategy.table.cells(ep, now)).toEqual(['10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...', '60s']);
    expect(endpointsStrategy.table.cells({ metadata: { name: 'x' } }, now)[0]).toBe('<none>');
  });
});

describe('EndpointSlice', () => {
  const slice = (): EndpointSlice => ({
    metadata: { name: 'web-abcde', namespace: 'default', creationTimestamp: '2024-05-01T11:00:00Z' },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.0.5'], conditions: { ready: true } }],
    ports: [{ name: 'http', port: 80 }],
  });

  it('defaults port protocol and validates', () => {
    const s = slice();
    endpointSliceStrategy.defaults(s);
    expect(s.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    expect(endpointSliceStrategy.validate(s)).toEqual([]);
  });

  it('addressType is required, known and immutable', () => {
    const s = slice();
    endpointSliceStrategy.defaults(s);
    expect(errorTexts(endpointSliceStrategy.validate({ ...s, addressType: 'IPv5' }))).toEqual([
      'addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"',
    ]);
    expect(errorTexts(endpointSliceStrategy.validate({ ...s, addressType: 'IPv6' }))).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "10.244.0.5": must be a valid IPv6 address',
    ]);
    expect(errorTexts(endpointSliceStrategy.validateUpdate({ ...s, addressType: 'FQDN', endpoints: [] }, s))).toEqual([
      'addressType: Invalid value: "FQDN": field is immutable',
    ]);
  });

  it('ADDRESSTYPE PORTS ENDPOINTS AGE', () => {
    expect(endpointSliceStrategy.table.cells(slice(), now)).toEqual(['IPv4', '80', '10.244.0.5', '60m']);
    expect(endpointSliceStrategy.table.cells({ metadata: { name: 'e' }, addressType: 'IPv4' }, now).slice(1, 3)).toEqual(['<unset>', '<unset>']);
  });
});

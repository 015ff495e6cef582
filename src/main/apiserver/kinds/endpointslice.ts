/**
 * discovery.k8s.io/v1 EndpointSlice: port defaults (name "", TCP), upstream validation
 * (addressType, addresses of that type, unique port names, limits) with `addressType`
 * immutable, and the ADDRESSTYPE / PORTS / ENDPOINTS columns.
 */
import { isDNS1123Label, isDNS1123Subdomain, validateLabels } from '../../../shared/api/names.js';
import type { KubeObject } from '../../../shared/api/object.js';
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { duplicate, immutable, invalid, invalidEach, notSupported, required, tooMany, type FieldError } from './field-errors.js';
import { validateAppProtocol, validateIPFamily, validateNonSpecialIP, validateProtocol } from './network-checks.js';
import { AGE_COLUMN, col } from './table-columns.js';

interface Endpoint {
  addresses?: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  deprecatedTopology?: Record<string, string>;
  [extra: string]: unknown;
}

interface EndpointPort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: Endpoint[];
  ports?: EndpointPort[];
}

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;

function validateAddress(type: string | undefined, address: string, path: string): FieldError[] {
  if (type === 'IPv4' || type === 'IPv6') {
    const problems = validateIPFamily(address, type === 'IPv4' ? 4 : 6, path);
    return problems.length ? problems : validateNonSpecialIP(address, path);
  }
  if (type === 'FQDN') {
    const name = address.replace(/\.$/, '');
    const problems = isDNS1123Subdomain(name);
    if (problems.length) return [invalid(path, name, problems.join(','))];
    return name.split('.').length < 2 ? [invalid(path, name, 'should be a domain with at least two segments separated by dots')] : [];
  }
  return [];
}

function validateEndpoint(ep: Endpoint, type: string | undefined, path: string): FieldError[] {
  const out: FieldError[] = [];
  const addresses = ep.addresses ?? [];
  if (addresses.length === 0) out.push(required(`${path}.addresses`, 'must contain at least 1 address'));
  else if (addresses.length > MAX_ADDRESSES) out.push(tooMany(`${path}.addresses`, addresses.length, MAX_ADDRESSES));
  addresses.forEach((a, i) => out.push(...validateAddress(type, a, `${path}.addresses[${i}]`)));
  if (ep.nodeName) out.push(...invalidEach(`${path}.nodeName`, ep.nodeName, isDNS1123Subdomain(ep.nodeName)));
  out.push(...(validateLabels(ep.deprecatedTopology, `${path}.deprecatedTopology`) as FieldError[]));
  if (ep.zone) out.push(...invalidEach(`${path}.zone`, ep.zone, isDNS1123Label(ep.zone)));
  if (ep.hostname) out.push(...invalidEach(`${path}.hostname`, ep.hostname, isDNS1123Label(ep.hostname)));
  return out;
}

function validatePorts(ports: EndpointPort[] | undefined): FieldError[] {
  const list = ports ?? [];
  if (list.length > MAX_PORTS) return [tooMany('ports', list.length, MAX_PORTS)];
  const out: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((p, i) => {
    const path = `ports[${i}]`;
    const name = p.name ?? '';
    if (name) out.push(...invalidEach(`${path}.name`, name, isDNS1123Label(name)));
    if (names.has(name)) out.push(duplicate(`${path}.name`, name));
    names.add(name);
    out.push(...validateProtocol(p.protocol, `${path}.protocol`));
    out.push(...validateAppProtocol(p.appProtocol, `${path}.appProtocol`));
  });
  return out;
}

function validateEndpointSlice(slice: EndpointSlice): FieldError[] {
  const out: FieldError[] = [];
  if (!slice.addressType) out.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(slice.addressType)) out.push(notSupported('addressType', slice.addressType, ADDRESS_TYPES));
  const endpoints = slice.endpoints ?? [];
  if (endpoints.length > MAX_ENDPOINTS) out.push(tooMany('endpoints', endpoints.length, MAX_ENDPOINTS));
  else endpoints.forEach((ep, i) => out.push(...validateEndpoint(ep, slice.addressType, `endpoints[${i}]`)));
  return [...out, ...validatePorts(slice.ports)];
}

/** Upstream `listWithMoreString`: three items, `+ N more...`, or `<unset>`. */
function listWithMore(items: string[]): string {
  const max = 3;
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown || '<unset>';
}

export const endpointSliceStrategy = {
  nameRule: 'subdomain',
  defaults(slice: EndpointSlice): void {
    for (const p of slice.ports ?? []) {
      p.name ??= '';
      p.protocol ||= 'TCP';
    }
  },
  validate: validateEndpointSlice,
  validateUpdate: (slice: EndpointSlice, old: EndpointSlice) => [
    ...validateEndpointSlice(slice),
    ...immutable('addressType', slice.addressType, old.addressType),
  ],
  table: {
    columns: [
      col('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
      col('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
      col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
      AGE_COLUMN,
    ],
    cells(slice: EndpointSlice, now: Date): unknown[] {
      const ports = (slice.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? '*')));
      const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
      return [slice.addressType ?? '', listWithMore(ports), listWithMore(addresses), formatAge(slice.metadata.creationTimestamp, now)];
    },
  },
} satisfies KindStrategy<EndpointSlice>;

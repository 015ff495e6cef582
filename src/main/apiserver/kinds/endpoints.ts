/**
 * core/v1 Endpoints: ports default to TCP, upstream `validateEndpointSubsets` (addresses are
 * real, non-special IPs; ports named when there are several) and the ENDPOINTS column
 * (`10.0.0.1:80,10.0.0.2:80 + 3 more...`).
 */
import { isDNS1123Label, isDNS1123Subdomain } from '../../../shared/api/names.js';
import type { KubeObject } from '../../../shared/api/object.js';
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { invalidEach, required, type FieldError } from './field-errors.js';
import { isValidPortNum, validateAppProtocol, validateIP, validateNonSpecialIP, validateProtocol } from './network-checks.js';
import { AGE_COLUMN, col } from './table-columns.js';

interface EndpointAddress {
  ip?: string;
  hostname?: string;
  nodeName?: string;
  [extra: string]: unknown;
}

interface EndpointPort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

function validateAddress(a: EndpointAddress, path: string): FieldError[] {
  const ip = a.ip ?? '';
  const out = validateIP(ip, `${path}.ip`);
  if (a.hostname) out.push(...invalidEach(`${path}.hostname`, a.hostname, isDNS1123Label(a.hostname)));
  if (a.nodeName) out.push(...invalidEach(`${path}.nodeName`, a.nodeName, isDNS1123Subdomain(a.nodeName)));
  return [...out, ...validateNonSpecialIP(ip, `${path}.ip`)];
}

function validatePort(p: EndpointPort, requireName: boolean, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (requireName && !p.name) out.push(required(`${path}.name`));
  else if (p.name) out.push(...invalidEach(`${path}.name`, p.name, isDNS1123Label(p.name)));
  out.push(...invalidEach(`${path}.port`, p.port ?? 0, isValidPortNum(p.port ?? 0)));
  out.push(...validateProtocol(p.protocol, `${path}.protocol`));
  out.push(...validateAppProtocol(p.appProtocol, `${path}.appProtocol`));
  return out;
}

function validateEndpoints(ep: Endpoints): FieldError[] {
  const out: FieldError[] = [];
  (ep.subsets ?? []).forEach((ss, i) => {
    const p = `subsets[${i}]`;
    if (!ss.addresses?.length && !ss.notReadyAddresses?.length) {
      out.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    }
    (ss.addresses ?? []).forEach((a, j) => out.push(...validateAddress(a, `${p}.addresses[${j}]`)));
    (ss.notReadyAddresses ?? []).forEach((a, j) => out.push(...validateAddress(a, `${p}.notReadyAddresses[${j}]`)));
    (ss.ports ?? []).forEach((port, j) => out.push(...validatePort(port, (ss.ports?.length ?? 0) > 1, `${p}.ports[${j}]`)));
  });
  return out;
}

/** `ip:port` for IPv4, `[ip]:port` for IPv6 (Go's `net.JoinHostPort`). */
function joinHostPort(ip: string, port: number | undefined): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Upstream `formatEndpoints`: up to three ready `ip:port`s, then `+ N more...`; `<none>` when empty. */
export function formatEndpoints(ep: Endpoints): string {
  if (!ep.subsets?.length) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of ep.subsets) {
    const addrs = ss.addresses ?? [];
    const targets = ss.ports?.length ? ss.ports.flatMap((p) => addrs.map((a) => joinHostPort(a.ip ?? '', p.port))) : addrs.map((a) => a.ip ?? '');
    count += targets.length;
    for (const t of targets) if (list.length < max) list.push(t);
  }
  const joined = list.join(',');
  return count > max ? `${joined} + ${count - max} more...` : joined;
}

export const endpointsStrategy = {
  nameRule: 'subdomain',
  defaults(ep: Endpoints): void {
    for (const ss of ep.subsets ?? []) for (const p of ss.ports ?? []) p.protocol ||= 'TCP';
  },
  validate: validateEndpoints,
  validateUpdate: (ep: Endpoints) => validateEndpoints(ep),
  table: {
    columns: [col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'), AGE_COLUMN],
    cells: (ep: Endpoints, now: Date) => [formatEndpoints(ep), formatAge(ep.metadata.creationTimestamp, now)],
  },
} satisfies KindStrategy<Endpoints>;

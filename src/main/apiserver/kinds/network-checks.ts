/**
 * Port and IP address checks shared by Pods, Services, Endpoints and EndpointSlices, with
 * upstream's messages (`IsValidPortNum`, `IsValidPortName`, `IsValidIP`, `ValidateNonSpecialIP`).
 */
import { isIP } from 'node:net';
import { inclusiveRangeError, isQualifiedName, maxLenError } from '../../../shared/api/names.js';
import { invalid, invalidEach, notSupported, required, type FieldError } from './field-errors.js';

/** The protocols every port field accepts, in upstream's (sorted) order. */
export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

/** A port's `protocol`: required (it is defaulted to TCP), one of `PORT_PROTOCOLS`. */
export function validateProtocol(protocol: string | undefined, path: string): FieldError[] {
  if (!protocol) return [required(path)];
  return (PORT_PROTOCOLS as readonly string[]).includes(protocol) ? [] : [notSupported(path, protocol, PORT_PROTOCOLS)];
}

/** A port's optional `appProtocol`: a qualified name (`http`, `kubernetes.io/h2c`). */
export function validateAppProtocol(appProtocol: string | undefined, path: string): FieldError[] {
  return appProtocol === undefined ? [] : invalidEach(path, appProtocol, isQualifiedName(appProtocol));
}

export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** IANA service names: up to 15 of `[-a-z0-9]`, at least one letter, no `--`, no leading or trailing `-`. */
export function isValidPortName(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** Upstream `ValidatePortNumOrName` for an int-or-string port (`targetPort`, probe ports). */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') return invalidEach(path, port, isValidPortNum(port));
  if (typeof port === 'string') return invalidEach(path, port, isValidPortName(port));
  return [invalid(path, port ?? null, 'must be an integer or a port name')];
}

const IP_MESSAGE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** Upstream `IsValidIP`. */
export function validateIP(ip: string, path: string): FieldError[] {
  return isIP(ip) ? [] : [invalid(path, ip, IP_MESSAGE)];
}

/** Upstream `IsValidIPv4Address` / `IsValidIPv6Address`. */
export function validateIPFamily(ip: string, family: 4 | 6, path: string): FieldError[] {
  return isIP(ip) === family ? [] : [invalid(path, ip, `must be a valid IPv${family} address`)];
}

/** Upstream `IsValidCIDR`. */
export function validateCIDR(cidr: string, path: string): FieldError[] {
  const [ip, bits, extra] = cidr.split('/');
  const family = isIP(ip ?? '');
  const n = Number(bits);
  const ok = family !== 0 && extra === undefined && /^\d+$/.test(bits ?? '') && n <= (family === 4 ? 32 : 128);
  return ok ? [] : [invalid(path, cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}

/**
 * Upstream `ValidateNonSpecialIP`: endpoints may not point at unspecified, loopback or
 * link-local addresses.
 */
export function validateNonSpecialIP(ip: string, path: string): FieldError[] {
  const family = isIP(ip);
  if (family === 0) return [invalid(path, ip, 'must be a valid IP address')];
  const out: FieldError[] = [];
  const v4 = family === 4 ? ip.split('.').map(Number) : undefined;
  const v6 = family === 6 ? ip.toLowerCase() : '';
  if ((v4 && v4.every((o) => o === 0)) || (family === 6 && /^(0*:)*:?0*$/.test(v6))) {
    out.push(invalid(path, ip, `may not be unspecified (${ip})`));
  }
  if ((v4 && v4[0] === 127) || (family === 6 && /^(0*:)*:?0*1$/.test(v6))) {
    out.push(invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  }
  if ((v4 && v4[0] === 169 && v4[1] === 254) || /^fe[89ab]/.test(v6)) {
    out.push(invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  }
  if ((v4 && v4[0] === 224 && v4[1] === 0 && v4[2] === 0) || /^ff02:/.test(v6)) {
    out.push(invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return out;
}

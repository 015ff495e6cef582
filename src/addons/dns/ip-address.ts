/**
 * IPv4 and IPv6 addresses as text and as the bytes A and AAAA records carry, and the reverse
 * names PTR queries use (`d.c.b.a.in-addr.arpa`, nibbles under `ip6.arpa`).
 */
import { isIPv4, isIPv6 } from 'node:net';

export function parseIPv4(text: string): Buffer {
  if (!isIPv4(text)) throw new RangeError(`"${text}" is not an IPv4 address`);
  return Buffer.from(text.split('.').map(Number));
}

export function formatIPv4(bytes: Buffer): string {
  return [...bytes].join('.');
}

export function parseIPv6(text: string): Buffer {
  if (!isIPv6(text)) throw new RangeError(`"${text}" is not an IPv6 address`);
  let body = text;
  if (body.includes('.')) {
    // An embedded IPv4 tail, as in ::ffff:10.0.0.1, becomes two hex words.
    const at = body.lastIndexOf(':') + 1;
    const v4 = parseIPv4(body.slice(at));
    body = `${body.slice(0, at)}${v4.readUInt16BE(0).toString(16)}:${v4.readUInt16BE(2).toString(16)}`;
  }
  const words = (part: string) => (part === '' ? [] : part.split(':').map((w) => parseInt(w, 16)));
  const [head, rest] = body.split('::');
  const left = words(head);
  const right = rest === undefined ? [] : words(rest);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = Buffer.alloc(16);
  all.forEach((w, i) => out.writeUInt16BE(w, i * 2));
  return out;
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run of zero words as "::". */
export function formatIPv6(bytes: Buffer): string {
  const words = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** The PTR owner name for an address, or undefined if it is not an IP address. */
export function reverseName(ip: string): string | undefined {
  if (isIPv4(ip)) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  if (isIPv6(ip)) {
    const nibbles = parseIPv6(ip).toString('hex').split('');
    return `${nibbles.reverse().join('.')}.ip6.arpa`;
  }
  return undefined;
}

/** The address `<a>-<b>-<c>-<d>` names (pod records), or undefined if the label is not one. */
export function dashedIPv4(label: string): string | undefined {
  const ip = label.replace(/-/g, '.');
  return /^\d{1,3}(-\d{1,3}){3}$/.test(label) && isIPv4(ip) ? ip : undefined;
}

/** The label for an address in names: dots (or colons) replaced by dashes. */
export function ipLabel(ip: string): string {
  return ip.replace(/[.:]/g, '-');
}

export { isIPv4, isIPv6 };

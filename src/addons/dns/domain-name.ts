/**
 * Domain names in presentation form ("www.example.com", no trailing dot, "" for the root) and
 * their labels on the wire. A label byte that is a dot, a backslash or not printable ASCII is
 * written as `\.`, `\\` or `\DDD` (RFC 1035 section 5.1), so any wire name round-trips.
 */

export function joinLabels(labels: Buffer[]): string {
  return labels.map(escapeLabel).join('.');
}

function escapeLabel(label: Buffer): string {
  let out = '';
  for (const byte of label) {
    if (byte === 0x2e || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte > 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString().padStart(3, '0')}`;
  }
  return out;
}

/** The wire labels of a presentation-form name; throws RangeError for an unencodable name. */
export function splitLabels(name: string): Buffer[] {
  const labels: Buffer[] = [];
  let current: number[] = [];
  const text = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
  if (text === '') return labels;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '.') {
      labels.push(finishLabel(current, name));
      current = [];
    } else if (ch === '\\') {
      const digits = text.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(digits)) {
        current.push(Number(digits) & 0xff);
        i += 3;
      } else if (i + 1 < text.length) {
        current.push(text.charCodeAt(++i) & 0xff);
      } else {
        throw new RangeError(`name "${name}" ends with a lone backslash`);
      }
    } else {
      current.push(text.charCodeAt(i) & 0xff);
    }
  }
  labels.push(finishLabel(current, name));
  if (labels.reduce((n, l) => n + l.length + 1, 1) > 255) throw new RangeError(`name "${name}" is longer than 255 bytes`);
  return labels;
}

function finishLabel(bytes: number[], name: string): Buffer {
  if (bytes.length === 0) throw new RangeError(`name "${name}" has an empty label`);
  if (bytes.length > 63) throw new RangeError(`name "${name}" has a label longer than 63 bytes`);
  return Buffer.from(bytes);
}

/** True when `name` is `zone` or lies under it (both canonical: lower case, no trailing dot). */
export function isInZone(name: string, zone: string): boolean {
  return zone === '' || name === zone || name.endsWith(`.${zone}`);
}

/** A single RFC 1123 label (what Kubernetes accepts for endpoint hostnames). */
export function isDnsLabel(text: string): boolean {
  return /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(text);
}

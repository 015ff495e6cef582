/**
 * DNS wire format (RFC 1035 section 4.1): `decodeMessage` parses untrusted bytes (name compression
 * with loop and bounds checks) and throws `DnsFormatError` on anything malformed; `encodeMessage`
 * writes a message with name compression (SRV targets stay uncompressed, RFC 2782).
 */
import type { DnsMessage, Flags, Question, RecordData, ResourceRecord } from './dns-message.js';
import { RRType } from './dns-message.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip-address.js';
import { joinLabels, splitLabels } from './domain-name.js';

/** The bytes are not a well-formed DNS message. */
export class DnsFormatError extends Error {}

const HEADER_SIZE = 12;
const MAX_NAME_LENGTH = 255;
const MAX_MESSAGE_SIZE = 65535;

export function decodeFlags(word: number): Flags {
  return {
    qr: (word & 0x8000) !== 0,
    opcode: (word >> 11) & 0xf,
    aa: (word & 0x0400) !== 0,
    tc: (word & 0x0200) !== 0,
    rd: (word & 0x0100) !== 0,
    ra: (word & 0x0080) !== 0,
    ad: (word & 0x0020) !== 0,
    cd: (word & 0x0010) !== 0,
    rcode: word & 0xf,
  };
}

export function encodeFlags(f: Flags): number {
  return (
    (f.qr ? 0x8000 : 0) | ((f.opcode & 0xf) << 11) | (f.aa ? 0x0400 : 0) | (f.tc ? 0x0200 : 0) | (f.rd ? 0x0100 : 0) |
    (f.ra ? 0x0080 : 0) | (f.ad ? 0x0020 : 0) | (f.cd ? 0x0010 : 0) | (f.rcode & 0xf)
  );
}

export function decodeMessage(buf: Buffer): DnsMessage {
  if (buf.length < HEADER_SIZE) throw new DnsFormatError(`message of ${buf.length} bytes is shorter than a header`);
  const reader = new Reader(buf, HEADER_SIZE);
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
  const questions: Question[] = [];
  for (let i = 0; i < counts[0]; i++) {
    questions.push({ name: reader.name(), type: reader.u16(), class: reader.u16() });
  }
  const sections = counts.slice(1).map((n) => Array.from({ length: n }, () => reader.record()));
  if (reader.offset !== buf.length) throw new DnsFormatError(`${buf.length - reader.offset} bytes after the last record`);
  return {
    id: buf.readUInt16BE(0),
    flags: decodeFlags(buf.readUInt16BE(2)),
    questions,
    answers: sections[0],
    authorities: sections[1],
    additionals: sections[2],
  };
}

export function encodeMessage(m: DnsMessage): Buffer {
  const w = new Writer();
  w.u16(m.id);
  w.u16(encodeFlags(m.flags));
  for (const n of [m.questions.length, m.answers.length, m.authorities.length, m.additionals.length]) w.u16(n);
  for (const q of m.questions) {
    w.name(q.name, true);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const rr of [...m.answers, ...m.authorities, ...m.additionals]) w.record(rr);
  return w.done();
}

class Reader {
  constructor(
    private readonly buf: Buffer,
    public offset: number,
  ) {}

  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw new DnsFormatError(`message ends inside a field at byte ${this.offset}`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.offset++];
  }

  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  /** A possibly compressed name; pointers must point backwards, so they cannot loop. */
  name(): string {
    const labels: Buffer[] = [];
    let pos = this.offset;
    let end: number | undefined;
    let length = 1;
    for (;;) {
      if (pos >= this.buf.length) throw new DnsFormatError('name runs past the end of the message');
      const len = this.buf[pos];
      if ((len & 0xc0) === 0xc0) {
        if (pos + 1 >= this.buf.length) throw new DnsFormatError('truncated compression pointer');
        const target = ((len & 0x3f) << 8) | this.buf[pos + 1];
        if (target >= pos) throw new DnsFormatError(`compression pointer at ${pos} does not point backwards`);
        end ??= pos + 2;
        pos = target;
        continue;
      }
      if ((len & 0xc0) !== 0) throw new DnsFormatError(`unsupported label type 0x${len.toString(16)}`);
      if (len === 0) break;
      if (pos + 1 + len > this.buf.length) throw new DnsFormatError('label runs past the end of the message');
      length += len + 1;
      if (length > MAX_NAME_LENGTH) throw new DnsFormatError('name longer than 255 bytes');
      labels.push(this.buf.subarray(pos + 1, pos + 1 + len));
      pos += 1 + len;
    }
    this.offset = end ?? pos + 1;
    return joinLabels(labels);
  }

  record(): ResourceRecord {
    const name = this.name();
    const type = this.u16();
    const cls = this.u16();
    const ttl = this.u32();
    const rdLength = this.u16();
    this.need(rdLength);
    const end = this.offset + rdLength;
    const data = this.recordData(type, rdLength);
    if (this.offset !== end) throw new DnsFormatError(`RDATA of a type ${type} record has ${end - this.offset} unexpected bytes`);
    return { name, type, class: cls, ttl, data };
  }

  private recordData(type: number, rdLength: number): RecordData {
    switch (type) {
      case RRType.A:
        if (rdLength !== 4) throw new DnsFormatError(`A record with ${rdLength} bytes of data`);
        return { kind: 'A', address: formatIPv4(this.bytes(4)) };
      case RRType.AAAA:
        if (rdLength !== 16) throw new DnsFormatError(`AAAA record with ${rdLength} bytes of data`);
        return { kind: 'AAAA', address: formatIPv6(this.bytes(16)) };
      case RRType.CNAME:
        return { kind: 'CNAME', target: this.name() };
      case RRType.NS:
        return { kind: 'NS', target: this.name() };
      case RRType.PTR:
        return { kind: 'PTR', target: this.name() };
      case RRType.SRV:
        return { kind: 'SRV', priority: this.u16(), weight: this.u16(), port: this.u16(), target: this.name() };
      case RRType.SOA:
        return {
          kind: 'SOA', mname: this.name(), rname: this.name(),
          serial: this.u32(), refresh: this.u32(), retry: this.u32(), expire: this.u32(), minimum: this.u32(),
        };
      case RRType.TXT: {
        const end = this.offset + rdLength;
        const texts: string[] = [];
        while (this.offset < end) texts.push(this.bytes(this.u8()).toString('latin1'));
        return { kind: 'TXT', texts };
      }
      default:
        return { kind: 'raw', bytes: Buffer.from(this.bytes(rdLength)) };
    }
  }
}

class Writer {
  private buf = Buffer.alloc(512);
  private offset = 0;
  /** Offsets of names already written, keyed by their exact (case-preserving) suffix. */
  private readonly names = new Map<string, number>();

  private ensure(n: number): void {
    if (this.offset + n > MAX_MESSAGE_SIZE) throw new RangeError('DNS message larger than 65535 bytes');
    if (this.offset + n <= this.buf.length) return;
    const bigger = Buffer.alloc(Math.min(MAX_MESSAGE_SIZE, Math.max(this.buf.length * 2, this.offset + n)));
    this.buf.copy(bigger, 0, 0, this.offset);
    this.buf = bigger;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.offset++] = v;
  }

  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.offset);
    this.offset += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.offset);
    this.offset += 4;
  }

  bytes(b: Buffer): void {
    this.ensure(b.length);
    b.copy(this.buf, this.offset);
    this.offset += b.length;
  }

  name(name: string, compress: boolean): void {
    const labels = splitLabels(name);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).map((l) => l.toString('latin1')).join('\u0000');
      const known = this.names.get(suffix);
      if (compress && known !== undefined) {
        this.u16(0xc000 | known);
        return;
      }
      if (this.offset < 0x3fff) this.names.set(suffix, this.offset);
      this.u8(labels[i].length);
      this.bytes(labels[i]);
    }
    this.u8(0);
  }

  record(rr: ResourceRecord): void {
    this.name(rr.name, true);
    this.u16(rr.type);
    this.u16(rr.class);
    this.u32(rr.ttl);
    const lengthAt = this.offset;
    this.u16(0);
    this.recordData(rr.data);
    this.buf.writeUInt16BE(this.offset - lengthAt - 2, lengthAt);
  }

  private recordData(d: RecordData): void {
    switch (d.kind) {
      case 'A':
        return this.bytes(parseIPv4(d.address));
      case 'AAAA':
        return this.bytes(parseIPv6(d.address));
      case 'CNAME':
      case 'NS':
      case 'PTR':
        return this.name(d.target, true);
      case 'SRV':
        this.u16(d.priority);
        this.u16(d.weight);
        this.u16(d.port);
        return this.name(d.target, false);
      case 'SOA':
        this.name(d.mname, true);
        this.name(d.rname, true);
        for (const v of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) this.u32(v);
        return;
      case 'TXT':
        for (const t of d.texts) {
          const b = Buffer.from(t, 'latin1');
          if (b.length > 255) throw new RangeError('TXT string longer than 255 bytes');
          this.u8(b.length);
          this.bytes(b);
        }
        return;
      case 'raw':
        return this.bytes(d.bytes);
    }
  }

  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.offset));
  }
}

/**
 * The DNS message model (RFC 1035 section 4): header flags, questions and resource records with
 * typed data for the record types this server produces or inspects; anything else stays raw bytes.
 */

/** Record types (RFC 1035, 2782, 3596, 6891). */
export const RRType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  ANY: 255,
} as const;

export const RRClass = { IN: 1, ANY: 255 } as const;

export const Rcode = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export const Opcode = { QUERY: 0 } as const;

export interface Flags {
  /** Set on responses. */
  qr: boolean;
  opcode: number;
  /** Authoritative answer. */
  aa: boolean;
  /** Truncated: the client should retry over TCP. */
  tc: boolean;
  /** Recursion desired. */
  rd: boolean;
  /** Recursion available. */
  ra: boolean;
  ad: boolean;
  cd: boolean;
  /** The low 4 bits of the response code. */
  rcode: number;
}

export interface Question {
  /** Presentation form without the trailing dot, case as sent ("" is the root). */
  name: string;
  type: number;
  class: number;
}

export type RecordData =
  | { kind: 'A'; address: string }
  | { kind: 'AAAA'; address: string }
  | { kind: 'CNAME'; target: string }
  | { kind: 'NS'; target: string }
  | { kind: 'PTR'; target: string }
  | { kind: 'SRV'; priority: number; weight: number; port: number; target: string }
  | { kind: 'SOA'; mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number }
  | { kind: 'TXT'; texts: string[] }
  /** Any other type (including OPT), kept as its RDATA bytes. */
  | { kind: 'raw'; bytes: Buffer };

export interface ResourceRecord {
  name: string;
  type: number;
  /** For OPT records this is the requester's UDP payload size. */
  class: number;
  /** For OPT records this carries the extended rcode, version and flags. */
  ttl: number;
  data: RecordData;
}

export interface DnsMessage {
  id: number;
  flags: Flags;
  questions: Question[];
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
}

const KIND_TYPES: Record<Exclude<RecordData['kind'], 'raw'>, number> = {
  A: RRType.A, AAAA: RRType.AAAA, CNAME: RRType.CNAME, NS: RRType.NS, PTR: RRType.PTR, SRV: RRType.SRV, SOA: RRType.SOA, TXT: RRType.TXT,
};

/** A record of class IN whose type follows from its data. */
export function record(name: string, ttl: number, data: Exclude<RecordData, { kind: 'raw' }>): ResourceRecord {
  return { name, type: KIND_TYPES[data.kind], class: RRClass.IN, ttl, data };
}

export function emptyFlags(): Flags {
  return { qr: false, opcode: 0, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0 };
}

/** The name a question or record refers to, for comparisons: lower case, no trailing dot. */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** The requester's EDNS0 UDP payload size (RFC 6891), or undefined without an OPT record. */
export function ednsPayloadSize(message: DnsMessage): number | undefined {
  const opt = message.additionals.find((rr) => rr.type === RRType.OPT);
  return opt ? Math.max(512, opt.class) : undefined;
}

/** An OPT pseudo-record advertising `payloadSize`, version 0, no options. */
export function optRecord(payloadSize: number): ResourceRecord {
  return { name: '', type: RRType.OPT, class: payloadSize, ttl: 0, data: { kind: 'raw', bytes: Buffer.alloc(0) } };
}

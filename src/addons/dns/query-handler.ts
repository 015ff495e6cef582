/**
 * Turns one request datagram into its reply: decodes it (FORMERR if the header parses but the
 * rest does not; silence for fragments and responses), answers cluster names from the zone and
 * forwards the rest, then fits the reply to the transport (TC bit over UDP past 512 bytes or the
 * client's EDNS0 size). Never throws: any failure becomes SERVFAIL.
 */
import { ednsPayloadSize, emptyFlags, Opcode, optRecord, Rcode, type DnsMessage, type Flags } from './dns-message.js';
import { decodeFlags, decodeMessage, encodeMessage } from './wire-codec.js';
import type { ClusterZone, ZoneAnswer } from './cluster-zone.js';
import type { UpstreamForwarder } from './upstream-forwarder.js';
import type { LoopDetector } from './loop-detector.js';

export type Transport = 'udp' | 'tcp';

/** The UDP payload size this server advertises in its OPT records (the DNS flag day 2020 value). */
export const ADVERTISED_PAYLOAD_SIZE = 1232;
/** The largest UDP reply sent, whatever the client advertises. */
const MAX_UDP_REPLY = 4096;
const PLAIN_UDP_LIMIT = 512;

export interface QueryHandlerDeps {
  zone: ClusterZone;
  forwarder: UpstreamForwarder;
  /** Recognises its own probes coming back through an upstream. */
  loopDetector?: LoopDetector;
  log?: (line: string) => void;
}

/** What the listeners hand request bytes to. */
export interface RequestHandler {
  /** The reply to send, or undefined to send nothing. Must not throw. */
  handle(raw: Buffer, transport: Transport): Promise<Buffer | undefined>;
}

export class QueryHandler implements RequestHandler {
  constructor(private readonly deps: QueryHandlerDeps) {}

  /** The reply to send, or undefined to send nothing. */
  async handle(raw: Buffer, transport: Transport): Promise<Buffer | undefined> {
    if (raw.length < 12) return undefined;
    const requestFlags = decodeFlags(raw.readUInt16BE(2));
    if (requestFlags.qr) return undefined;
    let request: DnsMessage;
    try {
      request = decodeMessage(raw);
    } catch {
      return headerOnly(raw.readUInt16BE(0), requestFlags, Rcode.FORMERR);
    }
    try {
      return await this.reply(request, raw, transport);
    } catch (e) {
      this.deps.log?.(`query failed question=${JSON.stringify(request.questions[0] ?? null)} error="${(e as Error).message}"`);
      return headerOnly(request.id, request.flags, Rcode.SERVFAIL, request);
    }
  }

  private async reply(request: DnsMessage, raw: Buffer, transport: Transport): Promise<Buffer | undefined> {
    if (request.flags.opcode !== Opcode.QUERY) return headerOnly(request.id, request.flags, Rcode.NOTIMP, request);
    if (request.questions.length !== 1) return headerOnly(request.id, request.flags, Rcode.FORMERR, request);
    if (this.deps.loopDetector?.intercept(request.questions[0])) return headerOnly(request.id, request.flags, Rcode.REFUSED, request);
    const limit = replyLimit(request, transport);
    const answer = this.deps.zone.answer(request.questions[0]);
    if (!answer) {
      const forwarded = await this.deps.forwarder.exchange(raw);
      if (!forwarded) return headerOnly(request.id, request.flags, Rcode.SERVFAIL, request);
      return forwarded.length > limit ? truncated(request, decodeFlags(forwarded.readUInt16BE(2))) : forwarded;
    }
    if (answer.chase) await this.chase(answer);
    const message: DnsMessage = {
      id: request.id,
      flags: { ...responseFlags(request.flags), aa: true, rcode: answer.rcode },
      questions: request.questions,
      answers: answer.answers,
      authorities: answer.authorities,
      additionals: [...answer.additionals, ...optFor(request)],
    };
    const encoded = encodeMessage(message);
    return encoded.length > limit ? truncated(request, message.flags) : encoded;
  }

  /** Appends the upstream's records for a CNAME target outside the zone (best effort). */
  private async chase(answer: ZoneAnswer): Promise<void> {
    const records = await this.deps.forwarder.resolve(answer.chase!.name, answer.chase!.type);
    if (records) answer.answers.push(...records);
  }
}

function replyLimit(request: DnsMessage, transport: Transport): number {
  if (transport === 'tcp') return 65535;
  return Math.min(MAX_UDP_REPLY, ednsPayloadSize(request) ?? PLAIN_UDP_LIMIT);
}

function responseFlags(request: Flags): Flags {
  return { ...emptyFlags(), qr: true, opcode: request.opcode, rd: request.rd, cd: request.cd, ra: true };
}

function optFor(request: DnsMessage): DnsMessage['additionals'] {
  return ednsPayloadSize(request) === undefined ? [] : [optRecord(ADVERTISED_PAYLOAD_SIZE)];
}

/** The question alone with TC set: the client retries over TCP. */
function truncated(request: DnsMessage, flags: Flags): Buffer {
  return encodeMessage({
    id: request.id,
    flags: { ...flags, qr: true, tc: true },
    questions: request.questions,
    answers: [],
    authorities: [],
    additionals: optFor(request),
  });
}

/** A reply with no records (FORMERR, NOTIMP, SERVFAIL); echoes the question when there is one. */
function headerOnly(id: number, requestFlags: Flags, rcode: number, request?: DnsMessage): Buffer {
  const questions = request && request.questions.length === 1 ? request.questions : [];
  return encodeMessage({
    id,
    flags: { ...responseFlags(requestFlags), rcode },
    questions,
    answers: [],
    authorities: [],
    additionals: request ? optFor(request) : [],
  });
}

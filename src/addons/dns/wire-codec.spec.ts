import { describe, expect, it } from 'vitest';
import { emptyFlags, optRecord, record, RRClass, RRType, type DnsMessage } from './dns-message.js';
import { decodeMessage, DnsFormatError, encodeMessage } from './wire-codec.js';

function message(partial: Partial<DnsMessage>): DnsMessage {
  return { id: 0x1234, flags: emptyFlags(), questions: [], answers: [], authorities: [], additionals: [], ...partial };
}

/** A query for `name`/`type` built byte by byte, independent of the encoder. */
function handQuery(id: number, labels: string[], type: number): Buffer {
  const name = Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
  const header = Buffer.from([id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([header, name, Buffer.from([0, type, 0, 1])]);
}

describe('wire codec', () => {
  it('decodes a query written by hand', () => {
    const m = decodeMessage(handQuery(0xbeef, ['Web', 'default', 'svc', 'cluster', 'local'], RRType.A));
    expect(m.id).toBe(0xbeef);
    expect(m.flags.rd).toBe(true);
    expect(m.flags.qr).toBe(false);
    expect(m.questions).toEqual([{ name: 'Web.default.svc.cluster.local', type: RRType.A, class: RRClass.IN }]);
  });

  it('round-trips every record type it models, with flags', () => {
    const m = message({
      flags: { ...emptyFlags(), qr: true, aa: true, rd: true, ra: true, rcode: 3, opcode: 0 },
      questions: [{ name: 'a.example', type: RRType.ANY, class: RRClass.IN }],
      answers: [
        record('a.example', 5, { kind: 'A', address: '10.96.0.1' }),
        record('a.example', 5, { kind: 'AAAA', address: 'fd00::1:2' }),
        record('a.example', 5, { kind: 'AAAA', address: '::ffff:10.0.0.1' }),
        record('b.example', 5, { kind: 'CNAME', target: 'a.example' }),
        record('1.0.96.10.in-addr.arpa', 5, { kind: 'PTR', target: 'kubernetes.default.svc.cluster.local' }),
        record('_http._tcp.a.example', 5, { kind: 'SRV', priority: 0, weight: 100, port: 8080, target: 'a.example' }),
        record('a.example', 5, { kind: 'TXT', texts: ['1.1.0', ''] }),
        record('example', 5, { kind: 'NS', target: 'ns.example' }),
      ],
      authorities: [record('example', 5, { kind: 'SOA', mname: 'ns.example', rname: 'hostmaster.example', serial: 7, refresh: 1, retry: 2, expire: 3, minimum: 5 })],
      additionals: [optRecord(1232)],
    });
    const decoded = decodeMessage(encodeMessage(m));
    expect(decoded).toEqual({ ...m, answers: m.answers.map((rr) => (rr.data.kind === 'AAAA' && rr.data.address.includes('.') ? { ...rr, data: { kind: 'AAAA', address: '::ffff:a00:1' } } : rr)) });
  });

  it('compresses repeated names but not SRV targets', () => {
    const q = { name: 'web.default.svc.cluster.local', type: RRType.A, class: RRClass.IN };
    const plain = encodeMessage(message({ questions: [q] }));
    const withAnswer = encodeMessage(message({ questions: [q], answers: [record(q.name, 5, { kind: 'A', address: '1.2.3.4' })] }));
    // A compressed owner name is a 2-byte pointer: 2 + type, class, ttl, rdlength (10) + 4 address bytes.
    expect(withAnswer.length - plain.length).toBe(16);
    const srv = encodeMessage(message({ questions: [q], answers: [record('x', 5, { kind: 'SRV', priority: 0, weight: 0, port: 1, target: q.name })] }));
    expect(srv.includes(Buffer.from('\x03web\x07default', 'latin1'), plain.length)).toBe(true);
  });

  it('preserves the case of names and escapes odd label bytes', () => {
    const raw = handQuery(1, ['We.b', 'X\x00y'], RRType.A);
    const m = decodeMessage(raw);
    expect(m.questions[0].name).toBe('We\\.b.X\\000y');
    expect(encodeMessage(m)).toEqual(raw);
  });

  it('keeps unknown record types as raw bytes', () => {
    const m = message({ answers: [{ name: 'x', type: 99, class: RRClass.IN, ttl: 1, data: { kind: 'raw', bytes: Buffer.from([1, 2, 3]) } }] });
    expect(decodeMessage(encodeMessage(m))).toEqual(m);
  });

  describe('rejects malformed input with DnsFormatError', () => {
    const good = handQuery(7, ['a', 'b'], RRType.A);
    const cases: [string, Buffer][] = [
      ['a short header', good.subarray(0, 11)],
      ['a cut-off question', good.subarray(0, good.length - 1)],
      ['trailing bytes', Buffer.concat([good, Buffer.from([0])])],
      ['a count larger than the records', Buffer.concat([good.subarray(0, 7), Buffer.from([1]), good.subarray(8)])],
      ['a self-pointing compression pointer', Buffer.concat([good.subarray(0, 12), Buffer.from([0xc0, 12, 0, 1, 0, 1])])],
      ['a forward compression pointer', Buffer.concat([good.subarray(0, 12), Buffer.from([0xc0, 20, 0, 1, 0, 1, 0, 0, 0])])],
      ['a label past the end', Buffer.concat([good.subarray(0, 12), Buffer.from([40, 0x61])])],
      ['a reserved label type', Buffer.concat([good.subarray(0, 12), Buffer.from([0x80, 0, 0, 1, 0, 1])])],
      ['an A record with 3 bytes', Buffer.concat([Buffer.from([0, 1, 0x81, 0, 0, 0, 0, 1, 0, 0, 0, 0]), Buffer.from([0, 0, 1, 0, 1, 0, 0, 0, 5, 0, 3, 1, 2, 3])])],
      ['a name over 255 bytes', Buffer.concat([good.subarray(0, 12), ...Array.from({ length: 5 }, () => Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)])), Buffer.from([0, 0, 1, 0, 1])])],
    ];
    it.each(cases)('%s', (_, bytes) => {
      expect(() => decodeMessage(bytes)).toThrow(DnsFormatError);
    });
  });

  it('survives random garbage without any other error', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const good = encodeMessage(message({ questions: [{ name: 'a.b.c', type: 1, class: 1 }], answers: [record('a.b.c', 5, { kind: 'SRV', priority: 1, weight: 2, port: 3, target: 'd.e' })] }));
    for (let i = 0; i < 5000; i++) {
      const bytes = Buffer.from(good);
      for (let j = 0; j < 3; j++) bytes[next() % bytes.length] = next() & 0xff;
      const cut = bytes.subarray(0, (next() % bytes.length) + 1);
      try {
        decodeMessage(cut);
      } catch (e) {
        expect(e).toBeInstanceOf(DnsFormatError);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { decodeIntOrString, decodeMicroTime, decodeQuantity, decodeRawJson, decodeTime } from './scalars.js';
import { bytes, contents, encodeMessage, int, intOrString, msg, quantity, str, time } from './testing/encoder.js';

describe('Time', () => {
  it('is RFC 3339 in UTC with second precision, nanoseconds dropped as upstream does', () => {
    expect(decodeTime(contents(time('2024-05-01T12:34:56.789Z')))).toBe('2024-05-01T12:34:56Z');
  });

  it('is left out when zero (an empty message), as Go writes null', () => {
    expect(decodeTime(new Uint8Array(0))).toBeUndefined();
  });

  it('keeps the Unix epoch, which is not the zero time', () => {
    expect(decodeTime(encodeMessage([[1, int(0)], [2, int(0)]]))).toBe('1970-01-01T00:00:00Z');
  });

  it('handles times before 1970 and refuses years RFC 3339 cannot write', () => {
    expect(decodeTime(encodeMessage([[1, int(-86400)]]))).toBe('1969-12-31T00:00:00Z');
    expect(() => decodeTime(encodeMessage([[1, int(253402300800)]]))).toThrow(/outside the years 0000-9999/);
  });

  it('rejects fields a Timestamp does not have', () => {
    expect(() => decodeTime(encodeMessage([[3, int(1)]]))).toThrow('Time has no field 3 with wire type 0');
  });
});

describe('MicroTime', () => {
  it('keeps six fraction digits', () => {
    expect(decodeMicroTime(encodeMessage([[1, int(1714566896)], [2, int(123456789)]]))).toBe('2024-05-01T12:34:56.123456Z');
    expect(decodeMicroTime(encodeMessage([[1, int(1714566896)]]))).toBe('2024-05-01T12:34:56.000000Z');
    expect(decodeMicroTime(new Uint8Array(0))).toBeUndefined();
  });
});

describe('IntOrString', () => {
  it('is a number for type 0 and a string for type 1', () => {
    expect(decodeIntOrString(contents(intOrString(8080)))).toBe(8080);
    expect(decodeIntOrString(contents(intOrString('25%')))).toBe('25%');
    expect(decodeIntOrString(new Uint8Array(0))).toBe(0);
  });

  it('rejects an unknown type', () => {
    expect(() => decodeIntOrString(encodeMessage([[1, int(2)]]))).toThrow(/type 2/);
  });
});

describe('Quantity', () => {
  it('is its string form, "0" when empty', () => {
    expect(decodeQuantity(contents(quantity('500m')))).toBe('500m');
    expect(decodeQuantity(new Uint8Array(0))).toBe('0');
  });
});

describe('FieldsV1 and RawExtension', () => {
  it('hold a JSON document', () => {
    expect(decodeRawJson(contents(msg([1, str('{"f:metadata":{}}')])), 'FieldsV1')).toEqual({ 'f:metadata': {} });
    expect(decodeRawJson(new Uint8Array(0), 'FieldsV1')).toBeUndefined();
  });

  it('refuse bytes that are not JSON', () => {
    expect(() => decodeRawJson(contents(msg([1, bytes(Uint8Array.from([0x6b, 0x38, 0x73, 0]))])), 'RawExtension')).toThrow(
      /RawExtension must hold JSON/,
    );
  });
});

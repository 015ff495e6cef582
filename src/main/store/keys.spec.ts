import { describe, expect, it } from 'vitest';
import { decodeContinue, encodeContinue, resolveReadRevision } from './continue-token.js';
import { CompactedError, FutureRevisionError, InvalidContinueTokenError } from './errors.js';
import { compareKeys, keyAfter, lowerBound, prefixEnd } from './keys.js';

const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('key order', () => {
  it('sorts like the UTF-8 bytes, including characters above U+FFFF', () => {
    const keys = ['/a/\u{1F600}', '/a/\uFFFD', '/a/\uE000', '/a/b', '/a', '/a/\u00e9', '/a/B', '/a/b\u0000', ''];
    expect([...keys].sort(compareKeys)).toEqual([...keys].sort(utf8Order));
    expect(compareKeys('/x', '/x')).toBe(0);
  });

  it('computes the end of a prefix range', () => {
    expect(prefixEnd('/a/')).toBe('/a0');
    expect(prefixEnd('')).toBeUndefined();
    expect(prefixEnd('a\u{10FFFF}')).toBe('b');
    expect(prefixEnd('\uD7FF')).toBe('\uE000');
    for (const key of ['/a/', '/a/zzz', '/a/\u{1F600}']) {
      expect(compareKeys(key, prefixEnd('/a/') as string)).toBeLessThan(0);
    }
    expect(compareKeys('/a0', prefixEnd('/a/') as string)).toBe(0);
  });

  it('finds the first key not below a key, and the key right after one', () => {
    const sorted = ['/a', '/b', '/c'];
    expect(lowerBound(sorted, '/b')).toBe(1);
    expect(lowerBound(sorted, keyAfter('/b'))).toBe(2);
    expect(lowerBound(sorted, '/z')).toBe(3);
  });
});

describe('continue tokens', () => {
  it('round-trip an opaque position for one prefix', () => {
    const token = encodeContinue({ start: '/pods/b\u0000', revision: 42 });
    expect(token).not.toContain('/pods');
    expect(decodeContinue(token, '/pods/')).toEqual({ start: '/pods/b\u0000', revision: 42 });
  });

  it('reject foreign, malformed and other-prefix tokens', () => {
    const token = encodeContinue({ start: '/pods/b', revision: 42 });
    expect(() => decodeContinue(token, '/secrets/')).toThrow(InvalidContinueTokenError);
    expect(() => decodeContinue('%%%', '/pods/')).toThrow(InvalidContinueTokenError);
    expect(() => decodeContinue(Buffer.from('{"k":1}').toString('base64url'), '')).toThrow(InvalidContinueTokenError);
  });

  it('check read revisions against the store bounds', () => {
    expect(resolveReadRevision(undefined, 10, 3)).toBe(10);
    expect(resolveReadRevision(3, 10, 3)).toBe(3);
    expect(() => resolveReadRevision(2, 10, 3)).toThrow(CompactedError);
    expect(() => resolveReadRevision(11, 10, 3)).toThrow(FutureRevisionError);
  });
});

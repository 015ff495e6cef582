import { describe, expect, it } from 'vitest';
import { canonicalJson, computeTemplateHash, equalIgnoreHash, fnv1a32, safeEncodeString } from './template-hash.js';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.25' }] } };

describe('template hash', () => {
  it('FNV-1a 32 matches the reference vectors', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(fnv1a32(enc(''))).toBe(0x811c9dc5);
    expect(fnv1a32(enc('a'))).toBe(0xe40c292c);
    expect(fnv1a32(enc('foobar'))).toBe(0xbf9cf968);
  });

  it('safe-encodes each digit into the safe alphabet', () => {
    // '0' is code 48, 48 % 27 = 21 -> '4'; '9' is 57 % 27 = 3 -> 'f'
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('is stable, key-order independent and only uses the safe alphabet', () => {
    const h = computeTemplateHash(template);
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    const reordered = { spec: { containers: [{ image: 'nginx:1.25', name: 'main' }] }, metadata: { labels: { app: 'web' } } };
    expect(computeTemplateHash(reordered)).toBe(h);
    expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: 3 }] })).toBe('{"a":[2,{"c":3}],"b":1}');
  });

  it('changes with the template and with the collision count', () => {
    const h = computeTemplateHash(template);
    const changed = { ...template, spec: { containers: [{ name: 'main', image: 'nginx:1.26' }] } };
    expect(computeTemplateHash(changed)).not.toBe(h);
    expect(computeTemplateHash(template, 1)).not.toBe(h);
    expect(computeTemplateHash(template, 1)).not.toBe(computeTemplateHash(template, 2));
    expect(computeTemplateHash(template, 0)).not.toBe(h); // a count of 0 is still hashed, as upstream
  });

  it('compares templates ignoring the hash label and empty values', () => {
    const withHash = { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } };
    expect(equalIgnoreHash(withHash, template)).toBe(true);
    expect(equalIgnoreHash({ ...template, metadata: { labels: { app: 'web' }, annotations: {} } }, template)).toBe(true);
    expect(equalIgnoreHash({ ...template, metadata: { labels: { app: 'api' } } }, template)).toBe(false);
  });
});
